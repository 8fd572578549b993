"""The unit inbox and search at scale (issue 5).

100,000 processes (default) spread over 50 units of one municipality, each open in its
unit (a third unread), with searchable summaries; 13% restricted and 2% secret (5% of the
clerk's inbox, credentialed on half of them), so the access rules do real work.
Measures through the real stack (Django test client on the city's host → DRF →
selectors → PostgreSQL) the inbox API (first page, and a filtered page: unread, oldest
first) and search (5 typical queries), as a clerk of one unit.

    .venv/bin/python scripts/services.py exec -- .venv/bin/python bench/inbox_search.py [N]
"""

import os
import random
import statistics
import sys
import time
import uuid

from _setup import settle, setup, teardown

DB = os.environ.get("PM_BENCH_DB", "pm_bench_inbox_search")
UNITS = 50
RUNS = 200
WORDS = [
    "licitação",
    "pregão",
    "reforma",
    "escola",
    "calçada",
    "iluminação",
    "saúde",
    "contrato",
    "férias",
    "alvará",
    "poda",
    "árvore",
    "ponte",
    "merenda",
    "transporte",
]
QUERIES = ["reforma escola", "pregão merenda", "calcada", "alvará de construção", "ferias"]


def check(condition: bool, detail) -> None:
    if not condition:
        raise RuntimeError(f"benchmark precondition failed: {detail!r}")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def level_of(i: int) -> str:
    if i % 50 == 7 or i % 1000 == 1:  # 1: in the clerk's unit
        return "secret"
    return "restricted" if i % 100 < 13 else "public"


def populate(schema: str, n: int, ids: dict) -> None:
    from django.db import connection

    from core.numbering import Pattern, build
    from core.text import fold

    rng = random.Random(5)
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute(f'SET search_path TO "{schema}", public')
        with cur.copy(
            "COPY core_process (uuid, number, process_type_id, summary, access_level,"
            " legal_basis_id, unit_id, created_by_id, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(1, n + 1):
                words = " ".join(rng.sample(WORDS, 3))
                level = level_of(i)
                copy.write_row(
                    (
                        str(uuid.uuid4()),
                        build(Pattern.SEIMG, code=ids["code"], sequence=i, year=2026),
                        ids["ptype"],
                        f"Processo de {words}",
                        level,
                        ids["bases"].get(level),
                        ids["units"][i % UNITS],
                        ids["user"],
                        "2026-01-01 00:00:00+00",
                        "now",
                    )
                )
        cur.execute("SELECT id, unit_id, summary FROM core_process")
        rows = cur.fetchall()
        cur.execute(
            "INSERT INTO core_credential (process_id, user_id, granted_by_id, created_at)"
            " SELECT id, %s, %s, now() FROM core_process"
            " WHERE access_level = 'secret' AND id / 1000 %% 2 = 0",
            [ids["user"], ids["user"]],
        )
        with cur.copy("COPY core_processunit (process_id, unit_id, created_at) FROM STDIN") as c:
            for pk, unit, _summary in rows:
                c.write_row((pk, unit, "now"))
        with cur.copy(
            "COPY core_openin (process_id, unit_id, generated, read, since) FROM STDIN"
        ) as c:
            for pk, unit, _summary in rows:
                c.write_row(
                    (
                        pk,
                        unit,
                        pk % 2 == 0,
                        pk % 3 != 0,
                        f"2026-{1 + pk % 12:02d}-{1 + pk % 28:02d} 12:00:00+00",
                    )
                )
        # Search vectors as core.services.search.reindex builds them (accent-folded).
        cur.execute("CREATE TEMP TABLE pm_text (id bigint, body text)")
        with cur.copy("COPY pm_text (id, body) FROM STDIN") as c:
            for pk, _unit, summary in rows:
                c.write_row((pk, fold(summary)))
        cur.execute(
            "UPDATE core_process p SET search_vector = setweight(to_tsvector('portuguese', "
            "p.number || ' ' || t.body), 'A') FROM pm_text t WHERE t.id = p.id"
        )
        cur.execute("SET search_path TO public")
    raw.commit()


def timed(client, url: str, params: dict, runs: int) -> list[float]:
    times = []
    for i in range(runs + 10):
        t0 = time.perf_counter()
        response = client.get(url, params)
        elapsed = (time.perf_counter() - t0) * 1000
        check(response.status_code == 200, response.content[:300])
        if i >= 10:  # warm-up excluded
            times.append(elapsed)
    return times


def main(n: int) -> None:
    setup(DB)
    try:
        from django.db import connection
        from django.test import Client
        from django_tenants.utils import schema_context

        from accounts.models import User
        from core.models import LegalBasis, ProcessType, Unit
        from core.services import grant_municipal_admin, seed_defaults
        from tenants import services

        tenant = services.provision_tenant(ibge_code="3125101", name="Extrema", slug="extrema")
        user = User.objects.create_user(cpf="52998224725", name="Bench")
        with schema_context(tenant.schema_name):
            root = seed_defaults()
            units = [root] + [
                Unit.objects.create(name=f"Unidade {i}", acronym=f"U{i:02d}", parent=root)
                for i in range(1, UNITS)
            ]
            grant_municipal_admin(user=user, unit=units[1])
            ids = {
                "code": tenant.process_code,
                "user": user.pk,
                "units": [u.pk for u in units],
                "ptype": ProcessType.objects.first().pk,
                "bases": {
                    level: LegalBasis.objects.filter(access_level=level).first().pk
                    for level in ("restricted", "secret")
                },
            }
        started = time.perf_counter()
        populate(tenant.schema_name, n, ids)
        settle()
        connection.set_schema_to_public()
        print(f"populated {n} processes over {UNITS} units in {time.perf_counter() - started:.1f}s")

        client = Client(HTTP_HOST=tenant.get_primary_domain().domain)
        client.force_login(user)
        first = timed(client, "/api/v1/inbox/", {}, RUNS // 2)
        filtered = timed(
            client,
            "/api/v1/inbox/",
            {"kind": "received", "unread": "1", "ordering": "since"},
            RUNS // 2,
        )
        inbox = first + filtered
        count = client.get("/api/v1/inbox/").json()["count"]
        print(
            f"inbox ({count} open in the unit): first page p50={statistics.median(first):.1f}ms "
            f"filtered p50={statistics.median(filtered):.1f}ms"
        )
        search = []
        for query in QUERIES:
            search += timed(client, "/api/v1/search/", {"q": query}, RUNS // len(QUERIES))
        hits = client.get("/api/v1/search/", {"q": QUERIES[0]}).json()["count"]
        print(f"search: {len(QUERIES)} queries, '{QUERIES[0]}' matches {hits} processes")
        print(
            f"inbox_p50_ms={statistics.median(inbox):.1f} inbox_p95_ms={p95(inbox):.1f} "
            f"search_p50_ms={statistics.median(search):.1f} search_p95_ms={p95(search):.1f}"
        )
    finally:
        teardown(DB)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
