"""The Tramita connector at volume (issue 7).

Two cities (Extrema sends, Ipatinga receives), both mapped in the local fake Tramita
(fakes/tramita.py, HTTPS with client certificates, started by scripts/services.py).
N processes (default 200) with 3 documents each: a signed ofício, a 1 MB PDF and a small
PDF; one of them carries a 50 MB PDF instead of the 1 MB one.

1. Memory: the worker's steps that send one process run alone in a fresh process
   (`--send-one`); its peak RSS (ru_maxrss) while sending the process with the 50 MB
   component is compared with the peak while sending one with a 1 MB component.
   Streaming means they are close.
2. Throughput: the other processes are sent through a real Celery worker (threads) on
   the `tramita` queue, this script playing beat (`tick` every 0.5 s), from the first
   request until every sent process is received by Ipatinga and the sender holds the
   completion receipt.
3. Among them, A (default 200) documentos avulsos (`POST tramites/documento`) from those
   processes, requested first (a document leaves from a process still open here): the
   signed ofício with the small PDF as its anexo, then (when A > N - 2) the small PDF,
   then the 1 MB one, alone. Ipatinga receives each as a new process.

    .venv/bin/python scripts/services.py exec -- .venv/bin/python bench/tramita.py [N [A]]
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import setup, teardown

DB = os.environ.get("PM_BENCH_DB", "pm_bench_tramita")
ROOT = Path(__file__).resolve().parent.parent
BIG_MB, SMALL_MB = 50, 1
EXTREMA, IPATINGA, REPO = 3125101, 3131307, 31
PASSWORD = "senha-bench-2026"  # noqa: S105 - a throwaway user of the benchmark database


def send_one(envelope_id: int) -> None:
    """Child process: run the worker's steps for one envelope until it is sent."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from tramita import services
    from tramita.models import Envelope

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(50):
        status = services.run(envelope_id)
        if status in (Envelope.Status.IN_TRANSIT, *Envelope.FINAL):
            break
        time.sleep(0.1)
    else:
        raise RuntimeError(f"envelope {envelope_id} not sent: {status}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{baseline} {peak}")


def pdf(mb: float) -> bytes:
    return b"%PDF-1.7\n" + os.urandom(int(mb * 1024 * 1024) - 9)


def make_process(tenant, staff, user, n: int, attachment_mb: float):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tenants.utils import schema_context

    from core.models import DocumentType, ProcessType
    from core.services import documents as docs
    from core.services.processes import create_process

    with schema_context(tenant.schema_name):
        process = create_process(
            staff=staff,
            process_type=ProcessType.objects.order_by("id").first(),
            summary=f"Processo de carga {n}",
            access_level="public",
        )
        oficio = docs.create_internal(
            staff=staff,
            process=process,
            document_type=DocumentType.objects.get(name="Ofício"),
            html=f"<p>Ofício {n}</p>",
        )
        docs.sign(staff=staff, user=user, documents=[oficio], password=PASSWORD)
        anexo = DocumentType.objects.get(name="Anexo")
        for name, data in (("planta.pdf", pdf(attachment_mb)), ("memorial.pdf", pdf(0.05))):
            docs.upload_external(
                staff=staff,
                process=process,
                document_type=anexo,
                upload=SimpleUploadedFile(name, data, "application/pdf"),
            )
    return process


def request(tenant, staff, process):
    from django_tenants.utils import schema_context

    from tramita import services

    with schema_context(tenant.schema_name):
        return services.request_send(
            staff=staff, process=process, repository_id=REPO, structure_id=IPATINGA
        )


def request_document(tenant, staff, process, round_: int):
    """A documento avulso from `process`: round 0 the ofício with the small PDF as its
    anexo, round 1 the small PDF, round 2 the large one (each document once in flight)."""
    from django_tenants.utils import schema_context

    from tramita import services

    with schema_context(tenant.schema_name):
        documents = list(process.documents.order_by("position"))
        oficio, planta, memorial = documents
        document, attachments = [(oficio, [memorial]), (memorial, []), (planta, [])][round_ % 3]
        return services.request_send_document(
            staff=staff,
            process=process,
            document=document,
            attachments=attachments,
            repository_id=REPO,
            structure_id=IPATINGA,
        )


def peak_while_sending(envelope_id: int) -> int:
    result = subprocess.run(
        [sys.executable, __file__, "--send-one", str(envelope_id)],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=600,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    _baseline, peak = map(int, result.stdout.split()[-2:])
    return peak


def start_worker(log: Path) -> subprocess.Popen:
    out = open(log, "ab")  # noqa: SIM115 - handed to the child
    command = [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker"]
    command += ["--pool=threads", "--concurrency=4", "-Q", "tramita", "--loglevel=WARNING"]
    command += ["-n", f"bench-tramita-{os.getpid()}@%h"]
    return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def main(n: int, avulsos: int) -> None:
    import httpx
    from django.db import connection  # noqa: F401 - Django is set up

    from accounts.models import User
    from core.services import grant_municipal_admin, seed_defaults
    from tenants import services as tenant_services
    from tramita.client import tls_context
    from tramita.models import Envelope, Mapping
    from tramita.tasks import tick

    fake_dir = Path(os.environ["TRAMITA_FAKE_DIR"])
    control = httpx.Client(
        base_url=os.environ["TRAMITA_BASE_URL"].split("/interoperabilidade")[0],
        verify=tls_context(
            str(fake_dir / "orgao-externo.crt"),
            str(fake_dir / "orgao-externo.key"),
            str(fake_dir / "ca.crt"),
        ),
    )
    control.post("/_fake/reset").raise_for_status()
    from django_tenants.utils import schema_context

    cities = {}
    for ibge, name, slug, structure in (
        ("3125101", "Extrema", "extrema", EXTREMA),
        ("3131307", "Ipatinga", "ipatinga", IPATINGA),
    ):
        tenant = tenant_services.provision_tenant(ibge_code=ibge, name=name, slug=slug)
        user = User.objects.create_user(
            cpf="52998224725" if slug == "extrema" else "11144477735",
            name=f"Servidora de {name}",
            password=PASSWORD,
        )
        with schema_context(tenant.schema_name):
            seed_defaults()
            staff = grant_municipal_admin(user=user)
        Mapping.objects.create(
            tenant=tenant, repository_id=REPO, structure_id=structure, name=f"PM {name}"
        )
        cities[slug] = (tenant, staff, user)
    tenant, staff, user = cities["extrema"]

    print(f"preparing {n} processes (3 documents each, one with {BIG_MB} MB)…", file=sys.stderr)
    t0 = time.perf_counter()
    big = make_process(tenant, staff, user, 0, BIG_MB)
    small = make_process(tenant, staff, user, 1, SMALL_MB)
    rest = [make_process(tenant, staff, user, i, SMALL_MB) for i in range(2, n)]
    print(f"  prepared in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    # 1. Memory, each send alone in a fresh process.
    peak_small = peak_while_sending(request(tenant, staff, small).pk)
    peak_big = peak_while_sending(request(tenant, staff, big).pk)
    ratio = peak_big / peak_small
    print(f"peak RSS sending: 1 MB {peak_small / 1024:.0f} MiB, 50 MB {peak_big / 1024:.0f} MiB")

    # 2. Throughput through a real worker.
    log = Path(tempfile.gettempdir()) / f"pm-bench-tramita-worker-{os.getpid()}.log"
    worker = start_worker(log)
    try:
        t0 = time.perf_counter()
        for i in range(avulsos):
            request_document(tenant, staff, rest[i % len(rest)], i // len(rest))
        for process in rest:
            request(tenant, staff, process)
        deadline = time.monotonic() + 3600
        while True:
            tick.delay()
            out = Envelope.objects.filter(direction="out")
            if not out.exclude(status__in=Envelope.FINAL).exists():
                break
            if out.filter(status="failed").exists():
                raise RuntimeError(list(out.filter(status="failed").values("last_error")))
            if time.monotonic() > deadline:
                raise RuntimeError("sends did not finish within an hour")
            time.sleep(0.5)
        elapsed = time.perf_counter() - t0
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    done = Envelope.objects.filter(direction="out", status="completed")
    completed = done.filter(kind="process").count()
    avulsos_completed = done.filter(kind="document").count()
    received = Envelope.objects.filter(direction="in", status="completed").count()
    sent = len(rest)
    print(
        f"{sent} processes and {avulsos} documentos avulsos sent through the worker in "
        f"{elapsed:.1f}s ({sent / elapsed:.2f} processes/s); completed with receipts: "
        f"{completed} processes (incl. the 2 measured alone) and {avulsos_completed} "
        f"documentos avulsos; trâmites received by Ipatinga: {received}"
    )
    print(
        f"completed={completed} processes_per_s={sent / elapsed:.2f} "
        f"mem_ratio_50mb_vs_1mb={ratio:.2f} avulsos_completed={avulsos_completed}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--send-one"]:
        send_one(int(sys.argv[2]))
        sys.exit(0)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    documents = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    setup(DB)
    try:
        main(max(count, 3), max(documents, 0))
    finally:
        teardown(DB)
