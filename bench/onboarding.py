"""Onboarding all of Minas Gerais: 853 municipalities through the real path.

Each municipality gets a case (interest → agreement PDF in S3 → agreement signed →
manager designated); then one bulk action sends them all to provisioning, and real
Celery workers (2 processes, the `provisioning` queue) clone, seed and hand each city to
its manager. Prints the wall time from the bulk action to the last live tenant and the
per-tenant job time (p50/p95). Target (issue 3): < 10 minutes on a 2-core machine.

    .venv/bin/python scripts/services.py exec -- .venv/bin/python bench/onboarding.py [N]
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _setup import setup, teardown

DB = os.environ.get("PM_BENCH_DB", "pm_bench_onboarding")
WORKERS = 2


def start_worker() -> subprocess.Popen:
    celery = Path(sys.executable).parent / "celery"
    return subprocess.Popen(
        [str(celery), "-A", "config", "worker", "-Q", "provisioning", "-c", str(WORKERS),
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"bench-{os.getpid()}@%h"],
        env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def main(limit: int | None) -> None:
    setup(DB)
    worker = None
    try:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from validate_docbr import CPF

        from accounts.models import User
        from config.celery import app
        from core.files import blank_pdf
        from core.storage import ensure_bucket
        from onboarding import services
        from onboarding.models import Municipality, OnboardingCase, Status

        ensure_bucket()
        app.control.purge()
        coordinator = User.objects.create_user(cpf="11144477735", name="Coordenação",
                                               is_coordinator=True)  # fmt: skip
        municipalities = list(Municipality.objects.filter(uf="MG").order_by("ibge_code"))
        municipalities = municipalities[:limit] if limit else municipalities
        pdf, cpfs = blank_pdf(), set()
        started = time.perf_counter()
        cases = []
        for m in municipalities:
            case = services.open_case(municipality=m, actor=coordinator)
            services.upload_document(
                case=case, kind="agreement", actor=coordinator,
                file=SimpleUploadedFile("acordo.pdf", pdf, content_type="application/pdf"),
            )  # fmt: skip
            services.sign_agreement(case=case, actor=coordinator)
            cpf = CPF().generate()
            while cpf in cpfs:
                cpf = CPF().generate()
            cpfs.add(cpf)
            email = f"gestor.{m.ibge_code}@example.org"
            services.designate_manager(
                case=case, actor=coordinator, name=f"Gestor {m.name}", cpf=cpf, email=email
            )
            cases.append(case)
        prepared = time.perf_counter() - started
        print(f"prepared {len(cases)} cases (interest → manager designated) in {prepared:.1f}s")

        worker = start_worker()
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None:
                raise RuntimeError(worker.stderr.read().decode()[-3000:])
        started = time.perf_counter()
        result = services.bulk_provision(cases=cases, actor=coordinator)
        queued = time.perf_counter() - started
        print(f"bulk action queued {len(result['started'])} cases in {queued:.2f}s "
              f"({len(result['refused'])} refused)")  # fmt: skip
        pending = OnboardingCase.objects.filter(pk__in=[c.pk for c in cases],
                                                status=Status.PROVISIONING)  # fmt: skip
        last_report, last_count, last_change = 0.0, -1, time.perf_counter()
        while (count := pending.count()) > 0:
            if worker.poll() is not None:
                raise RuntimeError(worker.stderr.read().decode()[-3000:])
            if count != last_count:
                last_count, last_change = count, time.perf_counter()
            elif time.perf_counter() - last_change > 120:
                raise RuntimeError(f"no progress for 2 minutes; {count} cases still provisioning")
            elapsed = time.perf_counter() - started
            if elapsed - last_report >= 30:
                print(f"  {elapsed:.0f}s: {count} still provisioning", flush=True)
                last_report = elapsed
            time.sleep(0.5)
        total = time.perf_counter() - started

        done = OnboardingCase.objects.filter(pk__in=[c.pk for c in cases])
        failed = done.filter(status=Status.FAILED).count()
        per_tenant = sorted(done.filter(status=Status.TRAINING)
                            .values_list("provisioning_seconds", flat=True))  # fmt: skip
        p50 = statistics.median(per_tenant)
        p95 = per_tenant[max(0, round(0.95 * len(per_tenant)) - 1)]
        print(f"workers={WORKERS} live={len(per_tenant)} failed={failed} "
              f"mean_s={statistics.mean(per_tenant):.3f} max_s={max(per_tenant):.3f}")  # fmt: skip
        print(f"tenants={len(per_tenant)} total_s={total:.1f} p50_s={p50:.3f} p95_s={p95:.3f}")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        teardown(DB)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
