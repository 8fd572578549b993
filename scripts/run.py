"""`make run`: prepare the database and demo data, then run web + worker + beat until
Ctrl-C. Started by `scripts/services.py exec`, which provides the service URLs."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("PORT", "8000"))
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "PYTHONUNBUFFERED": "1"}
# Static files come from WhiteNoise (finders + autorefresh, config/settings/dev.py), as
# in production: runserver's own static handler answers 500 to a `..` path.
RUNSERVER = ["runserver", "--nostatic", f"127.0.0.1:{PORT}"]


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def main() -> int:
    manage("bootstrap", "--verbosity", "0")
    manage("seed_demo")
    manage("tramita_demo")
    (ROOT / ".local").mkdir(exist_ok=True)
    processes = {
        "web": [sys.executable, "manage.py", *RUNSERVER],
        "worker": [str(BIN / "celery"), "-A", "config", "worker", "--loglevel=INFO",
                   "-Q", "default,provisioning,tramita", "--concurrency=2"],
        "beat": [str(BIN / "celery"), "-A", "config", "beat", "--loglevel=INFO",
                 "--schedule", str(ROOT / ".local" / "celerybeat-schedule")],
    }  # fmt: skip
    children = {
        name: subprocess.Popen(argv, cwd=ROOT, env=ENV, start_new_session=True)
        for name, argv in processes.items()
    }
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    time.sleep(2)
    print(BANNER.format(port=PORT), flush=True)
    try:
        while not stopping:
            dead = [name for name, proc in children.items() if proc.poll() is not None]
            if dead:
                print(f"[run] {', '.join(dead)} exited; stopping everything", flush=True)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        for proc in children.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in children.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        print("[run] stopped", flush=True)


BANNER = """
================================================================================
 Processo Municipal is running  (Ctrl-C stops everything)

 State (control plane)  http://localhost:{port}/implantacao
     sign in at http://localhost:{port}/entrar ("Entrar com CPF e senha"):
            CPF 111.444.777-35 / password demo-coord-2026   (state coordinator)
     demo cases: Extrema, Ipatinga live; Timóteo in training; Congonhas ready to
     provision; Ouro Preto and Varginha at earlier steps.
 State admin            http://localhost:{port}/admin/
            CPF 529.982.247-25 / password demo-admin-2026   (state admin)
 gov.br login (local fake IdP: "Entrar com gov.br", then pick a persona):
     clerk of Extrema   on http://extrema.localhost:{port}/ pick "Servidora de Extrema"
     coordinator        on http://localhost:{port}/ pick "Coordenadora estadual"
     citizen            on any city, pick "Cidadão (bronze)"
 Extrema                http://extrema.localhost:{port}/
 Ipatinga               http://ipatinga.localhost:{port}/
 Timóteo                http://timoteo.localhost:{port}/
 Tramita GOV.BR (local fake): Extrema and Ipatinga are mapped; a process from the
     INSS arrives in Extrema's inbox; "Enviar para outro órgão" on a signed process
     sends it to Ipatinga or a federal body; coordinators follow it at /tramita
 API docs (any host)    http://extrema.localhost:{port}/api/docs/
 Health                 http://localhost:{port}/healthz   /readyz

 *.localhost resolves to this machine in browsers and curl; no /etc/hosts needed.
================================================================================
"""

if __name__ == "__main__":
    sys.exit(main())
