"""Everything `make test` checks, in order; pytest runs last so its summary closes the
output. Extra arguments go to pytest (e.g. `make test ARGS="-k routing"` → see Makefile)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}


def step(title: str, argv: list[str], cwd: Path = ROOT) -> bool:
    print(f"\n=== {title}", flush=True)
    ok = subprocess.run(argv, cwd=cwd, env=ENV).returncode == 0
    if not ok:
        print(f"=== FAILED: {title}", flush=True)
    return ok


def main() -> int:
    failed = []
    checks = [
        ("ruff check", [str(BIN / "ruff"), "check", "."]),
        ("ruff format --check", [str(BIN / "ruff"), "format", "--check", "."]),
        (
            "migrations are up to date",
            [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        ),
        (
            "terraform/ and Dockerfile (checkov, fmt, validate)",
            [sys.executable, "scripts/check_terraform.py"],
        ),
    ]
    for title, argv in checks:
        if not step(title, argv):
            failed.append(title)
    if not step("frontend tests (vitest)", ["npm", "test", "--silent"], cwd=ROOT / "frontend"):
        failed.append("frontend tests")
    if failed:
        print(f"\n=== failed before pytest: {', '.join(failed)}", flush=True)
    pytest_ok = step("python tests (pytest)", [sys.executable, "-m", "pytest", *sys.argv[1:]])
    return 0 if pytest_ok and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
