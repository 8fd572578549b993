"""Chaos: 200 sends between the two cities through the fake Tramita with random faults
(5xx before or after the work is done, timeouts, duplicated pending entries, corrupted
downloads), among them documentos avulsos (TRAMITA_CHAOS_DOCUMENTS), a real Celery
worker killed and restarted mid-run. Every envelope must end in a final state, none
lost, no process duplicated at a receiver, and every completed one's bytes verified
against the hashes that were sent."""

import base64
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django_tenants.utils import schema_context

from accounts.models import User
from core.errors import CoreError
from core.models import Process, ProcessEvent
from core.services import documents as docs
from core.services.processes import create_process
from tests.core.conftest import PASSWORD
from tests.tramita.conftest import EXTREMA, IPATINGA, MUNICIPAL_REPO
from tramita import services
from tramita.models import Envelope
from tramita.tasks import tick

pytestmark = pytest.mark.django_db(transaction=True)

SENDS = int(os.environ.get("TRAMITA_CHAOS_SENDS", "200"))
DOCUMENTS = int(os.environ.get("TRAMITA_CHAOS_DOCUMENTS", "40"))  # of the SENDS


def start_worker(log: Path) -> subprocess.Popen:
    parts = urlsplit(os.environ["DATABASE_URL"])
    test_db = urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))
    celery = Path(sys.executable).parent / "celery"
    out = open(log, "ab")  # noqa: SIM115 - handed to the child process
    command = [str(celery), "-A", "config", "worker", "--pool=threads", "--concurrency=4"]
    command += ["--loglevel=WARNING", "-Q", "tramita", "-n", f"chaos-{time.monotonic_ns()}@%h"]
    env = {**os.environ, "DATABASE_URL": test_db, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.Popen(
        command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def ready(city_like, n: int) -> Process:
    tenant, staff, user = city_like
    with schema_context(tenant.schema_name):
        from core.models import DocumentType, ProcessType

        process = create_process(
            staff=staff,
            process_type=ProcessType.objects.order_by("id").first(),
            summary=f"Caos {n}",
            access_level="public",
        )
        document = docs.create_internal(
            staff=staff,
            process=process,
            document_type=DocumentType.objects.get(name="Ofício"),
            html=f"<p>Ofício número {n} de {tenant.name}</p>",
        )
        docs.sign(staff=staff, user=user, documents=[document], password=PASSWORD)
    return process


def as_a_person_would(request, **kwargs):
    """Ask to send; when the injected faults make Tramita refuse the destination lookup
    ("não respondeu. Tente novamente"), nothing was written, and a person tries again."""
    for attempt in range(5):
        try:
            return request(**kwargs)
        except CoreError as exc:
            if exc.code != "tramita_unavailable" or attempt == 4:
                raise
            time.sleep(0.2)


def test_200_sends_with_faults_and_a_killed_worker_lose_and_duplicate_nothing(
    mapped, city_b, fake, truncate_processes, tmp_path
):
    city = mapped
    b_user = city_b["user"]
    b_user.set_password(PASSWORD)
    b_user.save()
    sides = [
        (city.tenant, city.clerk, User.objects.get(pk=city.clerk.user_id), IPATINGA),
        (city_b["tenant"], city_b["staff"], b_user, EXTREMA),
    ]
    fake.faults(
        seed=7,
        error_rate=0.10,
        timeout_rate=0.01,
        timeout_seconds=2.5,
        wrong_hash_rate=0.01,
        duplicate_pending=True,
    )
    log = tmp_path / "worker.log"
    worker = start_worker(log)
    killed = False
    try:
        every = max(SENDS // max(DOCUMENTS, 1), 1)
        for n in range(SENDS):
            tenant, staff, user, destination = sides[n % 2]
            process = ready((tenant, staff, user), n)
            with schema_context(tenant.schema_name):
                if n % every == every - 1 and n // every < DOCUMENTS:
                    as_a_person_would(
                        services.request_send_document,
                        staff=staff,
                        process=process,
                        document=process.documents.get(),
                        attachments=[],
                        repository_id=MUNICIPAL_REPO,
                        structure_id=destination,
                    )
                    continue
                as_a_person_would(
                    services.request_send,
                    staff=staff,
                    process=process,
                    repository_id=MUNICIPAL_REPO,
                    structure_id=destination,
                )
        deadline = time.monotonic() + 600
        while True:
            tick.delay()
            final = Envelope.objects.filter(status__in=Envelope.FINAL).count()
            total = Envelope.objects.count()
            if not killed and final >= SENDS // 3:
                os.killpg(worker.pid, signal.SIGKILL)  # mid-run, steps in flight
                worker.wait()
                killed = True
                worker = start_worker(log)
            outbound = Envelope.objects.filter(direction="out")
            if outbound.count() == SENDS and not outbound.exclude(status__in=Envelope.FINAL):
                inbound = Envelope.objects.filter(direction="in")
                if not inbound.exclude(status__in=Envelope.FINAL).exists():
                    break
            stuck = list(Envelope.objects.filter(status="failed").values_list("last_error"))
            assert not stuck, stuck
            assert time.monotonic() < deadline, (
                f"{final}/{total} final; log: {log.read_text()[-3000:]}"
            )
            time.sleep(1)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        fake.faults()
    assert killed

    outbound = list(Envelope.objects.filter(direction="out"))
    assert len(outbound) == SENDS  # nothing lost
    assert sum(e.kind == "document" for e in outbound) == min(DOCUMENTS, SENDS)
    completed = [e for e in outbound if e.status == "completed"]
    assert len(completed) > SENDS * 0.8
    for envelope in outbound:
        # Each send has exactly one trâmite at the receiving end (one per IDT, by constraint).
        inbound = Envelope.objects.get(direction="in", idt=envelope.idt)
        assert inbound.status == ("completed" if envelope.status == "completed" else "refused")
        if envelope.status != "completed":
            continue
        receiver = inbound.tenant
        assert receiver != envelope.tenant and inbound.kind == envelope.kind
        with schema_context(receiver.schema_name):
            # No duplicate: one process with that number at the receiver.
            [process] = Process.objects.filter(uuid=inbound.process_uuid)
            assert Process.objects.filter(number=process.number).count() == 1
            if envelope.kind == "document":  # and one process per documento avulso
                assert (
                    ProcessEvent.objects.filter(
                        action="external_document_received", data__idt=inbound.idt
                    ).count()
                    == 1
                )
            [document] = process.documents.all()
            with default_storage.open(document.file.name) as fh:
                digest = base64.b64encode(hashlib.sha256(fh.read()).digest()).decode()
            assert [digest] == [c["hash"] for c in envelope.components]
    assert fake.http.get("/_fake/state").json()["counters"]["faults"] > 0
    for tenant in (city.tenant, city_b["tenant"]):
        with schema_context(tenant.schema_name):
            received = Envelope.objects.filter(
                direction="in", kind="document", status="completed", tenant=tenant
            ).count()
            made = Process.objects.filter(
                process_type__name="Documento avulso recebido de outro órgão"
            ).count()
            assert made == received  # a new process per documento avulso received, no more
