"""scripts/services.py: services named in the environment are used, never started."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def services(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "services_under_test", ROOT / "scripts/services.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("LOCAL", "STATE", "CLIENTS", "LOGS"):
        monkeypatch.setattr(module, name, tmp_path / name.lower())
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/db")
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere:6379/0")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://elsewhere:9000")
    return module


def test_configured_services_are_not_started(services, tmp_path):
    assert services.up() == {}
    assert not (tmp_path / "state").exists()
    assert (tmp_path / "local" / "services.env").read_text() == ""


def test_exec_returns_the_commands_exit_code_and_unregisters(services, tmp_path):
    code = services.exec_command([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert code == 3
    assert list((tmp_path / "clients").iterdir()) == []


def test_exec_passes_the_environment_through(services, tmp_path):
    out = tmp_path / "seen"
    script = f"import os; open({str(out)!r}, 'w').write(os.environ['DATABASE_URL'])"
    assert services.exec_command([sys.executable, "-c", script]) == 0
    assert out.read_text() == "postgres://elsewhere/db"
