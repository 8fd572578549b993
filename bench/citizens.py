"""The citizen side at scale (issue 16).

N municipalities provisioned (default 853, the whole of MG), a citizen who is a party
in processes of 3 of them among C citizens with processes somewhere (default 100,000:
their rows in the state-wide HMAC index), and P processes in the first city (default
100,000, each with an interessado; the citizen is one in 5 of them). Measures through
the real stack (Django test client → DRF → selectors → PostgreSQL/S3):

- the state host's "meus processos em todos os municípios" (GET /api/v1/citizen/municipalities/),
- a city's "meus processos" (GET /api/v1/citizen/processes/),
- a petition with 3 documents of 2 MB end to end: 3 staged uploads + the filing
  (process, documents, signatures, receipt PDF) — p50/p95 of the whole.

    .venv/bin/python scripts/services.py exec -- .venv/bin/python bench/citizens.py [N C P]
"""

import csv
import os
import random
import statistics
import sys
import time
import uuid
from urllib.parse import urlencode

from _setup import ROOT, settle, setup, teardown

DB = os.environ.get("PM_BENCH_DB", "pm_bench_citizens")
RUNS = int(os.environ.get("PM_BENCH_RUNS", "200"))
PETITIONS = int(os.environ.get("PM_BENCH_PETITIONS", "15"))
CITIZEN_CPF = "52601815906"


def check(condition: bool, detail) -> None:
    if not condition:
        raise RuntimeError(f"benchmark precondition failed: {detail!r}")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def timed(client, url: str, runs: int, check_body=None) -> list[float]:
    times = []
    for i in range(runs + 10):
        t0 = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - t0) * 1000
        check(response.status_code == 200, response.content[:300])
        if check_body is not None and i == 0:
            check_body(response.json())
        if i >= 10:  # warm-up excluded
            times.append(elapsed)
    return times


def govbr_session(client, user, level="prata") -> None:
    client.force_login(user)
    session = client.session
    session.update(
        {"auth_method": "govbr", "auth_level": level, "auth_amr": ["passwd"],
         "auth_time": time.time()}
    )  # fmt: skip
    session.save()


def provision(n: int) -> list:
    from tenants import services

    with open(ROOT / "onboarding" / "data" / "municipios_mg.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:n]
    tenants = []
    for i, row in enumerate(rows):
        tenants.append(
            services.provision_tenant(
                ibge_code=row["ibge_code"], name=row["name"], slug=f"m{row['ibge_code']}"
            )
        )
        if (i + 1) % 100 == 0:
            print(f"  provisioned {i + 1}/{n}", flush=True)
    return tenants


def fill_index(tenants, citizens: int) -> None:
    """C citizens with processes in 1-3 random cities (index rows, as the cities'
    transactions would have written them)."""
    from django.db import connection

    from citizens.directory.services import index_key

    rng = random.Random(16)
    raw = connection.connection
    with (
        raw.cursor() as cur,
        cur.copy(
            "COPY citizen_directory_partyindex (key, tenant_id, processes, updated_at) FROM STDIN"
        ) as copy,
    ):
        for i in range(citizens):
            key = index_key(f"{10_000_000_000 + i:011d}")
            for tenant in rng.sample(tenants, rng.randint(1, 3)):
                copy.write_row((key, tenant.pk, rng.randint(1, 4), "now"))
    raw.commit()


def fill_city(tenant, processes: int, ptype: int, unit: int, user_id: int) -> None:
    """P processes in one city, each with an interessado (random CPFs); the citizen is
    interessado in 5 of them."""
    from django.db import connection

    from core.numbering import Pattern, build

    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute(f'SET search_path TO "{tenant.schema_name}", public')
        with cur.copy(
            "COPY core_process (uuid, number, process_type_id, summary, access_level,"
            " unit_id, created_by_id, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(1, processes + 1):
                copy.write_row(
                    (str(uuid.uuid4()),
                     build(Pattern.SEIMG, code=tenant.process_code, sequence=i, year=2026),
                     ptype, f"Requerimento {i}", "public", unit, user_id,
                     "2026-01-01 00:00:00+00", "now")
                )  # fmt: skip
        # The gap-free counter continues after the loaded numbers (petitions add more).
        cur.execute(
            "INSERT INTO core_numbersequence (key, year, last) VALUES ('process:01', 2026, %s)",
            [processes],
        )
        cur.execute("SELECT id FROM core_process ORDER BY id")
        ids = [pk for (pk,) in cur.fetchall()]
        mine = set(ids[:: max(1, len(ids) // 5)][:5])
        with cur.copy(
            "COPY core_interestedparty (process_id, kind, document, name) FROM STDIN"
        ) as copy:
            for pk in ids:
                document = CITIZEN_CPF if pk in mine else f"{20_000_000_000 + pk:011d}"
                copy.write_row((pk, "person", document, "Pessoa"))
        with cur.copy(
            "COPY core_openin (process_id, unit_id, generated, read, since) FROM STDIN"
        ) as c:
            for pk in ids:
                c.write_row((pk, unit, True, True, "2026-01-02 00:00:00+00"))
        with cur.copy(
            "COPY core_processevent (process_id, action, description, unit_id, user_id, data,"
            " created_at) FROM STDIN"
        ) as c:
            for pk in ids:
                c.write_row((pk, "created", "Processo autuado", unit, user_id, "{}", "now"))
        cur.execute("SET search_path TO public")
    raw.commit()


def main(n_cities: int, citizens: int, processes: int) -> None:
    setup(DB)
    try:
        from django.db import connection
        from django.test import Client
        from django_tenants.utils import schema_context

        from accounts.models import User
        from citizens.directory.services import index_parties
        from citizens.services import admin as admin_services
        from core.files import blank_pdf
        from core.models import DocumentType, ProcessType
        from core.services import grant_municipal_admin, seed_defaults
        from core.services.processes import open_process
        from tenants.models import Tenant

        started = time.perf_counter()
        tenants = provision(n_cities)
        print(f"provisioned {len(tenants)} municipalities in {time.perf_counter() - started:.0f}s")
        fill_index(tenants, citizens)
        user = User.objects.create_user(cpf=CITIZEN_CPF, name="José Cidadão", email="j@x.org")
        admin = User.objects.create_user(cpf="52998224725", name="Admin", email="a@x.org")
        first = tenants[0]
        with schema_context(first.schema_name):
            root = seed_defaults()
            staff = grant_municipal_admin(user=admin, unit=root)
            ptype = ProcessType.objects.get(name="Atendimento ao Cidadão: Requerimento")
            requerimento = DocumentType.objects.get(name="Requerimento")
            anexo = DocumentType.objects.get(name="Anexo")
            petition_type = admin_services.save_petition_type(
                admin=staff, process_type=ptype, unit=root, max_file_mb=10,
                documents=[{"document_type": requerimento, "required": True},
                           {"document_type": anexo}],
            )  # fmt: skip
            ids = (ptype.pk, root.pk)
        fill_city(first, processes, ids[0], ids[1], admin.pk)
        with schema_context(first.schema_name):
            index_parties([CITIZEN_CPF] * 5)
        for other in tenants[1:3]:  # two more cities with one real process each
            with schema_context(other.schema_name):
                root = seed_defaults()
                open_process(
                    unit=root, author_id=admin.pk,
                    process_type=ProcessType.objects.first(), summary="Pedido",
                    access_level="public",
                    parties=[{"document": CITIZEN_CPF, "name": "José Cidadão"}],
                )  # fmt: skip
        settle()
        connection.set_schema_to_public()
        print(
            f"{Tenant.objects.exclude(schema_name='public').count()} cities, {citizens} citizens"
            f" in the index, {processes} processes in {first.name}"
        )

        state = Client(
            HTTP_HOST=Tenant.objects.get(schema_name="public").get_primary_domain().domain
        )
        govbr_session(state, user)
        all_cities = timed(
            state,
            "/api/v1/citizen/municipalities/",
            RUNS,
            lambda body: check(len(body["results"]) == 3, body),
        )
        city = Client(HTTP_HOST=first.get_primary_domain().domain)
        govbr_session(city, user)
        city_times = timed(
            city,
            "/api/v1/citizen/processes/",
            RUNS,
            lambda body: check(len(body["results"]) == 5, body),
        )
        print(
            f"all cities p50={statistics.median(all_cities):.1f}ms, "
            f"city p50={statistics.median(city_times):.1f}ms"
        )

        two_mb = blank_pdf() + b"\n%" + b"0" * (2 * 1024 * 1024 - 2)
        petition = []
        for i in range(PETITIONS + 2):
            govbr_session(city, user)
            t0 = time.perf_counter()
            staged = []
            for j, dtype in enumerate([requerimento, anexo, anexo]):
                query = urlencode({"petition_type": str(petition_type.uuid),
                                   "filename": f"doc{i}-{j}.pdf"})  # fmt: skip
                response = city.generic(
                    "POST", f"/api/v1/citizen/uploads/?{query}", two_mb,
                    content_type="application/pdf",
                )  # fmt: skip
                check(response.status_code == 201, response.content[:300])
                staged.append({"upload": response.json()["id"], "document_type": str(dtype.uuid)})
            response = city.post(
                "/api/v1/citizen/petitions/",
                {"idempotency_key": str(uuid.uuid4()), "petition_type": str(petition_type.uuid),
                 "summary": "Pedido de poda", "documents": staged, "sign": True},
                content_type="application/json",
            )  # fmt: skip
            elapsed = (time.perf_counter() - t0) * 1000
            check(response.status_code == 201, response.content[:300])
            if i >= 2:
                petition.append(elapsed)
        print(f"petition (3 x 2 MB) p50={statistics.median(petition):.0f}ms")
        print(
            f"all_cities_p50_ms={statistics.median(all_cities):.1f} "
            f"city_p50_ms={statistics.median(city_times):.1f} "
            f"petition_p50_ms={statistics.median(petition):.0f}"
        )
        print(
            f"all_cities_p95_ms={p95(all_cities):.1f} city_p95_ms={p95(city_times):.1f} "
            f"petition_p95_ms={p95(petition):.0f}"
        )
    finally:
        teardown(DB)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    defaults = [853, 100_000, 100_000]
    main(*(args + defaults[len(args) :]))
