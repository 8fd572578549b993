"""The local fake Tramita keeps its state in SQLite (fakes/tramita.py, `--state`): a
trâmite in flight survives a restart of the fake (here killed outright), so a `make run`
restart fails no envelope. The test runs its own fake on its own state file."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tramita.conftest import FEDERAL_REPO, INSS, Fake, drive, fake_dir
from tests.tramita.test_documents import receive_as_foreign, send_document
from tests.tramita.test_flows import ready_process
from tramita import outbound
from tramita.client import TramitaClient
from tramita.models import Envelope

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


class OwnFake:
    def __init__(self, state: Path):
        from scripts.services import free_port

        self.state, self.port, self.proc = state, free_port(), None

    def start(self) -> None:
        from scripts.services import wait_for_port

        command = [sys.executable, "-m", "fakes.tramita", "--port", str(self.port)]
        command += ["--pki", str(fake_dir()), "--state", str(self.state)]
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port, seconds=60)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)  # no chance to save anything more
            self.proc.wait()

    def restart(self) -> None:
        self.kill()
        self.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/interoperabilidade/rest/v3/"


@pytest.fixture
def own_fake(tmp_path, settings):
    fake = OwnFake(tmp_path / "fake" / "state.sqlite3")
    fake.start()
    settings.TRAMITA_BASE_URL = fake.url
    yield fake
    fake.kill()


def test_a_document_in_flight_survives_restarts_of_the_fake(mapped, own_fake, client_for):
    city = mapped
    control = Fake()
    foreign = TramitaClient(
        cert_file=str(fake_dir() / "orgao-externo.crt"),
        key_file=str(fake_dir() / "orgao-externo.key"),
        retries=0,
    )
    process = ready_process(city)
    with city.ctx():
        oficio = process.documents.get(kind="internal")
        planta = process.documents.get(kind="external")
    clerk = client_for(city.tenant, city.clerk_user)
    sent = send_document(clerk, oficio, INSS, FEDERAL_REPO, attachments=[str(planta.uuid)])
    assert sent.status_code == 202
    envelope = Envelope.objects.select_related("tenant").get()

    # The worker's first steps only: the trâmite is registered (status 1, a ticket),
    # nothing uploaded yet - then the fake dies.
    with TramitaClient() as tramita:
        envelope.status = Envelope.Status.SENDING
        outbound.freeze(envelope, tramita)
        outbound.start(envelope, tramita)
    assert control.tramite(envelope.idt)["status"] == 1
    own_fake.restart()

    # The same trâmite and ticket after the restart: the upload completes it.
    control = Fake()
    assert control.tramite(envelope.idt)["status"] == 1
    drive(lambda: Envelope.objects.filter(status="in_transit").exists())
    envelope.refresh_from_db()
    assert control.tramite(envelope.idt)["status"] == 2
    assert envelope.attempts == 0 and envelope.progress["uploaded"]

    # The receiver starts, the fake restarts again mid-receipt, the receiver finishes.
    foreign.metadata(envelope.idt)
    own_fake.restart()
    receive_as_foreign(foreign, envelope.idt)
    own_fake.restart()
    drive(lambda: Envelope.objects.filter(status="completed").exists())
    assert Fake().tramite(envelope.idt)["status"] == 6
    assert len(Fake().tramites()) == 1  # nothing registered twice
    foreign.close()
