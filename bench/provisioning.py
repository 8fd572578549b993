"""Provisioning a municipality: blueprint clone vs running the migrations.

Provisions N tenants through `tenants.services.provision_tenant` (clone of the
template) and N through the plain path (CREATE SCHEMA + migrate_schemas + the same
tenant and domain rows), in the same run on the same database, and prints seconds per
tenant for each and their ratio. Target (issue 2): clone >= 10x faster and < 1 s.

    make bench   # or: .venv/bin/python scripts/services.py exec -- \
                 #       .venv/bin/python bench/provisioning.py [N]
"""

import os
import statistics
import sys
import time

from _setup import setup, teardown

DB = os.environ.get("PM_BENCH_DB", "pm_bench_provisioning")


def main(n: int) -> None:
    setup(DB)
    try:
        from django.core.management import call_command
        from django.db import connection, transaction

        from tenants import services
        from tenants.models import Domain, Tenant

        def by_clone(i: int) -> None:
            services.provision_tenant(ibge_code=f"{9100000 + i}", name=f"Clone {i}",
                                      slug=f"clone-{i}")  # fmt: skip

        def by_migrations(i: int) -> None:
            code = f"{9200000 + i}"
            schema = f"m{code}"
            with transaction.atomic():
                tenant = Tenant.objects.create(
                    schema_name=schema, ibge_code=code, name=f"Migrate {i}", slug=f"migrate-{i}"
                )
                Domain.objects.create(
                    tenant=tenant, domain=f"migrate-{i}.localhost", is_primary=True
                )
                with connection.cursor() as cursor:
                    cursor.execute(f'CREATE SCHEMA "{schema}"')
            call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)
            connection.set_schema_to_public()

        # Warm-up of each path (imports, blueprint capture, migration loader), not timed.
        by_clone(n)
        by_migrations(n)

        timings = {"clone": [], "migrate": []}
        for i in range(n):
            for name, fn in (("clone", by_clone), ("migrate", by_migrations)):
                started = time.perf_counter()
                fn(i)
                timings[name].append(time.perf_counter() - started)

        clone = statistics.mean(timings["clone"])
        migrate = statistics.mean(timings["migrate"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND c.relkind = 'r'",
                [services.template_schema()],
            )
            tables = cursor.fetchone()[0]
        print(f"tenants per path: {n}; tables per tenant schema: {tables}")
        for name, values in timings.items():
            print(f"{name:8s} mean={statistics.mean(values):.4f}s "
                  f"p50={statistics.median(values):.4f}s max={max(values):.4f}s")  # fmt: skip
        print(f"clone_s_per_tenant={clone:.4f} migrate_s_per_tenant={migrate:.4f} "
              f"ratio={migrate / clone:.1f}")  # fmt: skip
    finally:
        teardown(DB)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
