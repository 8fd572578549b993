"""A task sent from municipality A runs in A's schema on a real worker (tenancy rule 5)."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from core.models import Unit
from core.services import ROOT_UNIT_ACRONYM
from core.tasks import seed_municipality

pytestmark = pytest.mark.django_db(transaction=True)


def _clear_units(*tenants):
    """Empty the cities' units and everything hanging on them (rows other committing
    tests left behind included), so the task's seeding is observable."""
    for tenant in tenants:
        with tenant_context(tenant), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Unit._meta.db_table} CASCADE")


def test_task_runs_in_the_schema_it_was_sent_from(celery_worker_process, tenant_a, tenant_b):
    _clear_units(tenant_a, tenant_b)
    try:
        with tenant_context(tenant_a):
            result = seed_municipality.delay()
        assert result.get(timeout=60)["schema"] == tenant_a.schema_name
        with tenant_context(tenant_a):
            assert Unit.objects.filter(acronym=ROOT_UNIT_ACRONYM).count() == 1
        with tenant_context(tenant_b):
            assert not Unit.objects.exists()

        with tenant_context(tenant_b):
            result = seed_municipality.delay()
        assert result.get(timeout=60)["schema"] == tenant_b.schema_name
        with tenant_context(tenant_b):
            assert Unit.objects.filter(acronym=ROOT_UNIT_ACRONYM).count() == 1
    finally:
        _clear_units(tenant_a, tenant_b)
        connection.set_schema_to_public()


def test_task_is_idempotent(celery_worker_process, tenant_a):
    _clear_units(tenant_a)
    try:
        with tenant_context(tenant_a):
            first = seed_municipality.delay().get(timeout=60)
            second = seed_municipality.delay().get(timeout=60)
            assert first["root_unit"] == second["root_unit"]
            assert Unit.objects.count() == 1
    finally:
        _clear_units(tenant_a)
        connection.set_schema_to_public()


def test_task_sent_from_the_state_runs_in_public(celery_worker_process, public_tenant):
    from tenants.models import Tenant
    from tenants.tasks import provision_tenant_task

    result = provision_tenant_task.delay(ibge_code="3168705", name="Timóteo", slug="timoteo")
    try:
        assert result.get(timeout=60)["schema"] == "m3168705"
        assert Tenant.objects.filter(ibge_code="3168705").count() == 1
        # Retried (e.g. after a lost ack): the same tenant, nothing new.
        again = provision_tenant_task.delay(ibge_code="3168705", name="Timóteo", slug="timoteo")
        assert again.get(timeout=60) == result.get()
    finally:
        tenant = Tenant.objects.filter(ibge_code="3168705").first()
        if tenant is not None:
            tenant.domains.all().delete()
            tenant.delete()
        with connection.cursor() as cursor:
            cursor.execute('DROP SCHEMA IF EXISTS "m3168705" CASCADE')
