"""Fixtures of the Tramita connector: the local fake Tramita (started by `make test`,
fakes/tramita.py), the two session cities mapped to their structures, and the fake's
other system ("orgao-externo") driven through our own client as any foreign body."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from tests.core import conftest as core_fixtures
from tramita import demo, services
from tramita.client import TramitaClient, tls_context
from tramita.models import Envelope, Mapping

EXTREMA, IPATINGA, INSS, MUNICIPAL_REPO, FEDERAL_REPO = 3125101, 3131307, 1100, 31, 1


city, city_b = core_fixtures.city, core_fixtures.city_b  # the session's two cities
truncate_processes = core_fixtures.truncate_processes


def fake_dir() -> Path:
    return Path(os.environ["TRAMITA_FAKE_DIR"])


class Fake:
    """The fake's control endpoints (faults, clock, structures, state)."""

    def __init__(self):
        root = settings.TRAMITA_BASE_URL.split("/interoperabilidade")[0]
        self.http = httpx.Client(
            base_url=root,
            verify=tls_context(
                str(fake_dir() / "orgao-externo.crt"),
                str(fake_dir() / "orgao-externo.key"),
                str(fake_dir() / "ca.crt"),
            ),
            timeout=30,
        )

    def reset(self):
        self.http.post("/_fake/reset").raise_for_status()

    def faults(self, **faults):
        self.http.post("/_fake/faults", json=faults).raise_for_status()

    def advance_days(self, days: float):
        self.http.post("/_fake/clock", json={"advance_days": days}).raise_for_status()

    def add_structure(self, **body):
        self.http.post("/_fake/estruturas", json=body).raise_for_status()

    def tramites(self) -> list[dict]:
        return self.http.get("/_fake/state").json()["tramites"]

    def tramite(self, idt: int) -> dict:
        return next(t for t in self.tramites() if t["IDT"] == idt)


@pytest.fixture
def fake():
    fake = Fake()
    fake.reset()
    yield fake
    fake.faults()
    fake.http.close()


@pytest.fixture
def foreign():
    """Our client with the other system's certificate: a foreign public body."""
    client = TramitaClient(
        cert_file=str(fake_dir() / "orgao-externo.crt"),
        key_file=str(fake_dir() / "orgao-externo.key"),
        retries=0,
    )
    yield client
    client.close()


@pytest.fixture
def mapped(city, city_b):
    """Extrema and Ipatinga mapped to their structures in the municipal repository."""
    Mapping.objects.update_or_create(
        tenant=city.tenant,
        unit_uuid=None,
        defaults={"repository_id": MUNICIPAL_REPO, "structure_id": EXTREMA, "name": "PM Extrema"},
    )
    Mapping.objects.update_or_create(
        tenant=city_b["tenant"],
        unit_uuid=None,
        defaults={
            "repository_id": MUNICIPAL_REPO,
            "structure_id": IPATINGA,
            "name": "PM Ipatinga",
        },
    )
    return city


def drive(until, *, rounds: int = 60, client: TramitaClient | None = None) -> None:
    """The worker's loop, in process: poll, run what is due, until `until()` holds."""
    for _ in range(rounds):
        for envelope_id in services.poll(client):
            services.run(envelope_id, tramita=client)
        if until():
            return
        time.sleep(0.05)
    states = list(Envelope.objects.values_list("direction", "status", "last_error"))
    raise AssertionError(f"not reached after {rounds} rounds: {states}")


foreign_send = demo.foreign_send
foreign_send_document = demo.foreign_send_document
upload_all = demo.upload_all
