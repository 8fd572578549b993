"""The process view and document uploads at scale (issue 4).

Creates N processes (default 100,000) with 3 documents each in one municipality (bulk
COPY, not timed), then measures through the real stack (Django test client on the
city's host → DRF → selectors → PostgreSQL):

- the process-view API (GET /api/v1/processes/<id>/) on random processes: p50/p95;
- document upload throughput (POST .../uploads/ of a 16 MB PDF, streamed to S3) against
  a plain boto3 put_object of the same bytes to the same S3 server, in the same run.

    .venv/bin/python scripts/services.py exec -- .venv/bin/python bench/processes.py [N]
"""

import io
import os
import random
import statistics
import sys
import time
import uuid

from _setup import settle, setup, teardown

DB = os.environ.get("PM_BENCH_DB", "pm_bench_processes")
VIEWS = 300
UPLOADS = 15
UPLOAD_MB = 16


def as_ms(times: list[float]) -> str:
    return " ".join(f"{t * 1000:.0f}" for t in sorted(times))


def check(condition: bool, detail) -> None:
    if not condition:
        raise RuntimeError(f"benchmark precondition failed: {detail!r}")


def populate(schema: str, n: int, ids: dict) -> list[str]:
    """Bulk rows through COPY in the tenant's schema; returns the process uuids."""
    from django.db import connection

    from core.numbering import Pattern, build

    raw = connection.connection
    year = 2026
    process_ids = []
    with raw.cursor() as cur:
        cur.execute(f'SET search_path TO "{schema}", public')
        with cur.copy(
            "COPY core_process (uuid, number, process_type_id, summary, access_level, unit_id,"
            " created_by_id, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(1, n + 1):
                pid = str(uuid.uuid4())
                process_ids.append(pid)
                number = build(Pattern.SEIMG, code=ids["code"], sequence=i, year=year)
                level = "public" if i % 10 else "restricted"
                copy.write_row(
                    (
                        pid,
                        number,
                        ids["ptype"],
                        f"Processo de teste {i}",
                        level,
                        ids["unit"],
                        ids["user"],
                        "now",
                        "now",
                    )
                )
        cur.execute("SELECT id FROM core_process ORDER BY id")
        pks = [row[0] for row in cur.fetchall()]
        with cur.copy("COPY core_processunit (process_id, unit_id, created_at) FROM STDIN") as c:
            for pk in pks:
                c.write_row((pk, ids["unit"], "now"))
        # Open in the unit (its inbox), as a process being worked on is: documents may be
        # added there (core.services.permissions), and the view computes every action.
        with cur.copy(
            "COPY core_openin (process_id, unit_id, generated, read, since) FROM STDIN"
        ) as c:
            for pk in pks:
                c.write_row((pk, ids["unit"], True, True, "now"))
        with cur.copy(
            "COPY core_processevent (process_id, action, description, unit_id, user_id, data,"
            " created_at) FROM STDIN"
        ) as c:
            for pk in pks:
                c.write_row(
                    (pk, "created", "Processo autuado", ids["unit"], ids["user"], "{}", "now")
                )
        with cur.copy(
            "COPY core_document (uuid, process_id, position, kind, document_type_id, number,"
            " number_year, description, unit_id, created_by_id, created_at, file,"
            " original_name, content_type, size, sha256, form, text) FROM STDIN"
        ) as c:
            for pk in pks:
                for pos, kind in ((1, "internal"), (2, "internal"), (3, "external")):
                    external = kind == "external"
                    c.write_row(
                        (
                            str(uuid.uuid4()),
                            pk,
                            pos,
                            kind,
                            ids["dtype"],
                            None,
                            None,
                            "",
                            ids["unit"],
                            ids["user"],
                            "now",
                            f"processes/x/{pk}.pdf" if external else "",
                            "anexo.pdf" if external else "",
                            "application/pdf" if external else "",
                            1000 if external else None,
                            "0" * 64 if external else "",
                            "original" if external else "",
                            "",
                        )
                    )
        cur.execute(
            "INSERT INTO core_documentversion (document_id, version, html, sha256, created_by_id,"
            " created_at) SELECT id, 1, '<p>Texto do documento.</p>', repeat('a', 64), %s, now()"
            " FROM core_document WHERE kind = 'internal'",
            [ids["user"]],
        )
        cur.execute("SET search_path TO public")
    raw.commit()
    return process_ids


def main(n: int) -> None:
    setup(DB)
    try:
        from django.conf import settings
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection
        from django.test import Client
        from django_tenants.utils import schema_context

        from accounts.models import User
        from core.models import DocumentType, ProcessType
        from core.services import grant_municipal_admin, seed_defaults
        from core.storage import ensure_bucket, s3_client
        from tenants import services

        ensure_bucket()
        tenant = services.provision_tenant(ibge_code="3125101", name="Extrema", slug="extrema")
        user = User.objects.create_user(cpf="52998224725", name="Bench", password="bench-2026")  # noqa: S106
        with schema_context(tenant.schema_name):
            root = seed_defaults()
            grant_municipal_admin(user=user)
            ids = {
                "code": tenant.process_code,
                "unit": root.pk,
                "user": user.pk,
                "ptype": ProcessType.objects.first().pk,
                "dtype": DocumentType.objects.get(name="Anexo").pk,
            }
        started = time.perf_counter()
        process_ids = populate(tenant.schema_name, n, ids)
        settle()
        connection.set_schema_to_public()
        print(f"populated {n} processes, {3 * n} documents in {time.perf_counter() - started:.1f}s")

        client = Client(HTTP_HOST=tenant.get_primary_domain().domain)
        client.force_login(user)
        sample = random.Random(7).sample(process_ids, min(len(process_ids), VIEWS + 20))
        timings = []
        for i, pid in enumerate(sample):
            t0 = time.perf_counter()
            response = client.get(f"/api/v1/processes/{pid}/")
            elapsed = (time.perf_counter() - t0) * 1000
            check(response.status_code == 200, response.content[:300])
            check(len(response.json()["documents"]) == 3, "documents")
            if i >= 20:  # warm-up excluded
                timings.append(elapsed)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[round(0.95 * len(timings)) - 1]
        print(
            f"process view: {len(timings)} requests, p50={p50:.1f}ms p95={p95:.1f}ms "
            f"max={timings[-1]:.1f}ms"
        )

        payload = b"%PDF-1.7\n" + os.urandom(UPLOAD_MB * 1024 * 1024 - 9)
        with schema_context(tenant.schema_name):
            anexo_id = str(DocumentType.objects.get(name="Anexo").uuid)
        target = process_ids[0]
        # Request bodies are ready before the clock starts, as a browser's would be (Django's
        # test client would otherwise copy them inside the timed call); the timed part is
        # what the server does with the request. API uploads (the raw-body endpoint, and the
        # multipart form for reference) alternate with plain puts, so all meet the same S3.
        from urllib.parse import urlencode

        from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart

        def timed_post(url, body, content_type) -> float:
            wsgi = {
                "CONTENT_LENGTH": str(len(body)),
                "CONTENT_TYPE": content_type,
                "wsgi.input": FakePayload(body),
            }
            t0 = time.perf_counter()
            response = client.generic("POST", url, b"", **wsgi)
            elapsed = time.perf_counter() - t0
            check(response.status_code == 201, response.content[:300])
            return elapsed

        s3 = s3_client()
        upload_times, multipart_times, put_times = [], [], []
        base = f"/api/v1/processes/{target}/uploads/"
        for i in range(UPLOADS):
            query = urlencode({"document_type": anexo_id, "filename": f"anexo-{i}.pdf"})
            upload_times.append(timed_post(f"{base}raw/?{query}", payload, "application/pdf"))
            file = SimpleUploadedFile(f"form-{i}.pdf", payload, content_type="application/pdf")
            body = encode_multipart(BOUNDARY, {"document_type": anexo_id, "file": file})
            multipart_times.append(timed_post(base, body, MULTIPART_CONTENT))
            t0 = time.perf_counter()
            s3.put_object(
                Bucket=settings.AWS_STORAGE_BUCKET_NAME,
                Key=f"bench/put-{i}",
                Body=io.BytesIO(payload),
            )
            put_times.append(time.perf_counter() - t0)
        print(f"raw upload ms: {as_ms(upload_times)}\nplain put ms: {as_ms(put_times)}")
        print(f"multipart form upload: {UPLOAD_MB / statistics.median(multipart_times):.1f} MB/s")
        upload_mb_s = UPLOAD_MB / statistics.median(upload_times)
        put_mb_s = UPLOAD_MB / statistics.median(put_times)
        print(
            f"uploads of {UPLOAD_MB} MB: API median {statistics.median(upload_times):.2f}s, "
            f"plain put_object median {statistics.median(put_times):.2f}s"
        )
        print(
            f"process_view_p50_ms={p50:.1f} process_view_p95_ms={p95:.1f} "
            f"upload_mb_s={upload_mb_s:.1f} s3_put_mb_s={put_mb_s:.1f} "
            f"upload_ratio={upload_mb_s / put_mb_s:.2f}"
        )
    finally:
        teardown(DB)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
