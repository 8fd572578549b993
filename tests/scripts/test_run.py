"""scripts/run.py (`make run`): the banner lists every demo login with the port in every
address, and the development server is started as it should be."""

import importlib.util
import io
import re
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.staticfiles.management.commands.runserver import Command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from fakes.personas import DEMO_CITIES, DEMO_PASSWORD, PERSONAS, demo_staff

ROOT = Path(__file__).resolve().parents[2]


def _run_module():
    spec = importlib.util.spec_from_file_location("run_under_test", ROOT / "scripts/run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _get(app, path: str, host: str) -> int:
    environ = {"PATH_INFO": path, "HTTP_HOST": host, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    status = []
    # As Django's test client does: keep the test's database connection open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = app(environ, lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        getattr(body, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(status[0].split()[0])


@pytest.mark.django_db
@override_settings(DEBUG=True, WHITENOISE_AUTOREFRESH=True, WHITENOISE_USE_FINDERS=True)
def test_dev_server_answers_404_to_paths_that_climb_out_of_static(public_tenant):
    """The WSGI handler runserver builds from `make run`'s own arguments: `..` in a
    static path is a 404 (it was a 500 from runserver's static handler), and the
    frontend's files are still served."""
    args = _run_module().RUNSERVER
    assert args[0] == "runserver"
    command = Command()
    options = vars(command.create_parser("manage.py", "runserver").parse_args(args[1:]))
    app = command.get_handler(**options)
    host = "localhost"
    for path in (
        "/static/../manage.py",
        "/static/../../etc/passwd",
        "/static/assets/../../config/settings/base.py",
        "/static/..",
        "/static/..\\manage.py",
    ):
        assert _get(app, path, host) == 404, path
    if (ROOT / "frontend" / "dist" / "favicon.ico").exists():
        assert _get(app, "/static/favicon.ico", host) == 200


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
