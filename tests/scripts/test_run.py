"""scripts/run.py: the banner of `make run` lists every demo login, with the port in
every address."""

import importlib.util
import re
from pathlib import Path

from fakes.personas import DEMO_CITIES, DEMO_PASSWORD, PERSONAS, demo_staff

ROOT = Path(__file__).resolve().parents[2]


def _run_module():
    spec = importlib.util.spec_from_file_location("run_under_test", ROOT / "scripts/run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_banner_lists_every_login_with_the_port_in_every_address():
    text = _run_module().banner(8613)
    urls = re.findall(r"https?://[^\s\"')]+", text)
    assert urls and all(":8613/" in url for url in urls), urls
    for slug in DEMO_CITIES:
        assert f"http://{slug}.localhost:8613/" in text
    for person in demo_staff():
        cpf = person["cpf"]
        assert f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}" in text, person["name"]
        assert person["name"] in text
    assert DEMO_PASSWORD in text
    assert "demo-coord-2026" in text and "demo-admin-2026" in text
    # The personas named in the banner exist on the fake IdP.
    labels = {p["label"] for p in PERSONAS}
    for quoted in re.findall(r'pick "([^"]+)"', text):
        assert any(label.startswith(quoted) for label in labels), quoted
