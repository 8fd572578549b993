"""Shared fixtures: the test database with its template schema, two municipalities
(cloned once per session), the state tenant, and clients bound to a host.

Everything is real: PostgreSQL, Redis, the S3 server and (where used) a Celery worker
are the ones `make test` starts (or those named in the environment).
"""

from __future__ import annotations

import contextlib
import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

# Playwright's sync API runs an event loop in the test thread; the ORM calls that the
# tests themselves make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CITY_A = {"ibge_code": "3125101", "name": "Extrema", "slug": "extrema"}
CITY_B = {"ibge_code": "3131307", "name": "Ipatinga", "slug": "ipatinga"}

VALID_CPFS = ["52998224725", "11144477735", "39053344705", "86288366757"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django has migrated the public schema: the template schema, the
    state tenant, the bucket, and the two municipalities every test can use."""
    from core.storage import ensure_bucket
    from tenants import services

    with django_db_blocker.unblock():
        services.prepare_template_schema()
        services.ensure_public_tenant()
        ensure_bucket()
        cache.clear()
        for city in (CITY_A, CITY_B):
            services.provision_tenant(**city)


def ensure_city(city: dict):
    """The municipality of the session, recreated if a transactional test's flush
    emptied the public tables (its schema survives a flush)."""
    from tenants import services
    from tenants.models import Domain, Tenant, schema_name_for

    tenant = Tenant.objects.filter(ibge_code=city["ibge_code"]).first()
    if tenant is not None:
        return tenant
    if schema_exists(schema_name_for(city["ibge_code"])):
        tenant = Tenant.objects.create(
            schema_name=schema_name_for(city["ibge_code"]),
            process_code=services._next_process_code(),
            **city,
        )
        Domain.objects.create(
            tenant=tenant, domain=services.municipality_domain(city["slug"]), is_primary=True
        )
        return tenant
    return services.provision_tenant(**city)


@pytest.fixture(autouse=True)
def _public_schema_and_fresh_cache():
    """Every test starts in the public schema with an empty cache."""
    connection.set_schema_to_public()
    cache.clear()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def public_tenant(db):
    from tenants import services

    return services.ensure_public_tenant()


@pytest.fixture
def tenant_a(db):
    return ensure_city(CITY_A)


@pytest.fixture
def tenant_b(db):
    return ensure_city(CITY_B)


def host_of(tenant) -> str:
    return tenant.get_primary_domain().domain


@pytest.fixture
def client_for():
    """`client_for(tenant, user=None)`: a test client on that tenant's host, logged in
    as `user` when given."""

    def make(tenant, user=None) -> Client:
        client = Client(HTTP_HOST=host_of(tenant))
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def make_user(db):
    from accounts.models import User

    counter = iter(VALID_CPFS)

    def make(**kwargs):
        kwargs.setdefault("cpf", next(counter))
        kwargs.setdefault("name", "Maria da Silva")
        kwargs.setdefault("email", "maria@example.org")
        return User.objects.create_user(**kwargs)

    return make


@contextlib.contextmanager
def in_tenant(tenant):
    with schema_context(tenant.schema_name):
        yield


@pytest.fixture(scope="session")
def worker_outbox(tmp_path_factory):
    """The folder where the test worker's e-mails land (Django's file e-mail backend):
    one file per message sent."""
    return tmp_path_factory.mktemp("worker-outbox")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory, worker_outbox):
    """A real Celery worker (separate process) on the test broker and the test database,
    consuming every queue; its e-mails go to `worker_outbox`. Tests that use it must
    commit their data (`django_db(transaction=True)`)."""
    import subprocess
    import sys
    import time
    from pathlib import Path
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings

    from config.celery import app

    parts = urlsplit(os.environ["DATABASE_URL"])
    test_db_url = urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    # Django's file e-mail backend; django-environ drops one leading slash of the path.
    mail_url = f"filemail:///{worker_outbox}"
    celery = Path(sys.executable).parent / "celery"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(celery), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
             "-Q", "default,provisioning,tramita", "-n", f"test-{os.getpid()}@%h"],
            env={**os.environ, "DATABASE_URL": test_db_url,
                 "DJANGO_SETTINGS_MODULE": "config.settings.test",
                 "EMAIL_URL": mail_url},
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Celery worker did not start:\n{log.read_text()[-3000:]}")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def drop_new_schemas(transactional_db):
    """For tests that commit: drop the municipality schemas they created (the tables
    of the public schema are flushed by pytest-django afterwards)."""
    from django.db import connection

    from tenants.models import schema_name_for
    from tests.conftest import CITY_A, CITY_B

    keep = {schema_name_for(CITY_A["ibge_code"]), schema_name_for(CITY_B["ibge_code"])}
    yield
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname ~ '^m[0-9]{7}$'")
        for (schema,) in cursor.fetchall():
            if schema not in keep:
                cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def catalogue(db):
    """The IBGE catalogue (loaded by a data migration; a transactional test's flush
    empties it, so it is reloaded when missing — the loader is idempotent)."""
    from onboarding.models import Municipality
    from onboarding.services import load_municipalities

    if not Municipality.objects.exists():
        load_municipalities()
