"""Shared start of the benchmarks: a database of their own on the services that
`make test` uses (embedded ones started by scripts/services.py, or those in the
environment), migrated, with the template schema ready."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(db_name: str) -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    admin = psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{db_name}"')
    admin.close()
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{db_name}"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    # A Redis database of its own (cache and Celery broker), so that a test session's
    # worker never takes a benchmark's task, nor the other way round.
    os.environ["TEST_REDIS_DB"] = "10"

    import django

    django.setup()
    from django.core.management import call_command

    from core.storage import ensure_bucket
    from tenants import services

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_bucket()  # S3 is shared with the tests; a fresh embedded server starts empty
    services.prepare_template_schema()
    services.ensure_public_tenant()


def teardown(db_name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    parts = urlsplit(os.environ["DATABASE_URL"])
    admin = psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    admin.close()


def settle() -> None:
    """Leave the database as a live one is between bulk loads: vacuumed and analysed (as
    autovacuum would), and what was just loaded written to disk (CHECKPOINT, then the
    OS's buffers), so no timing includes the writeback of the benchmark's own bulk load."""
    import psycopg
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        try:
            cur.execute("CHECKPOINT")  # needs superuser or pg_checkpoint
        except psycopg.errors.InsufficientPrivilege:
            print("note: no CHECKPOINT privilege; timings may include WAL writeback")
    os.sync()
