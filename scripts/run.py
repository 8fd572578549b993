"""`make run`: prepare the database and demo data, then run web + worker + beat until
Ctrl-C. Started by `scripts/services.py exec`, which provides the service URLs."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # fakes.personas: the demo cast, for the banner

from fakes.personas import DEMO_CITIES, DEMO_PASSWORD, demo_staff  # noqa: E402

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
    manage("seed_demo", "--port", str(PORT))
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
    print(banner(PORT), flush=True)
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


def format_cpf(cpf: str) -> str:
    return f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}"


def city_logins(port: int) -> str:
    """Every municipal login of the demo, per city and role: the person (the name on
    their gov.br persona), CPF (the password is shared) and gov.br trust level."""
    level = {"bronze": "bronze", "silver": "prata", "gold": "ouro"}
    lines = []
    for slug, city in DEMO_CITIES.items():
        lines.append(f" {city['name']:<22} http://{slug}.localhost:{port}/")
        for person in (p for p in demo_staff() if p["slug"] == slug):
            role = person["unit"] or "admin municipal"
            lines.append(
                f"     {role:<16} {person['name']:<25} CPF {format_cpf(person['cpf'])}"
                f"  gov.br {level[person['level']]}"
            )
    return "\n".join(lines)


def banner(port: int) -> str:
    return BANNER.format(port=port, cities=city_logins(port), password=DEMO_PASSWORD)


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
     coordinator        on http://localhost:{port}/ pick "Coordenadora estadual"
     citizens           on any city, at /cidadao: "Cidadã (prata)" (Maria Aparecida
                        Souza: an intimação from Obras waits for her) or "Cidadão
                        (bronze)" (José Cidadão: party in the ouvidoria processes);
                        "Peticionar" offers Requerimento and Alvará de construção;
                        "Responsável legal de empresa (prata)" (Marta) links herself to
                        her company in Representações and grants a procuração to
                        "Cidadão (prata)" (Pedro)
     servidores         on their city, pick the persona with their name below
 Pilot cities: units GAB, SEAD, SEOBRAS, PROTOCOLO; about 20 processes each
 (Extrema and Ipatinga live, Timóteo in training). Sign in with gov.br (persona)
 or "Entrar com CPF e senha": every city login below has the password
 {password}
{cities}
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
