"""tenants.services.provision_tenant: idempotent, atomic, and cloned from the template."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from core.models import Unit
from tenants import services
from tenants.errors import TenantError, TenantErrorCode
from tenants.models import Domain, Tenant

pytestmark = pytest.mark.django_db

TIMOTEO = {"ibge_code": "3168705", "name": "Timóteo", "slug": "timoteo"}


def test_provision_creates_schema_row_and_domain():
    tenant = services.provision_tenant(**TIMOTEO)
    assert tenant.schema_name == "m3168705"
    assert schema_exists("m3168705")
    assert tenant.get_primary_domain().domain == "timoteo.localhost"
    with schema_context(tenant.schema_name):
        assert Unit.objects.count() == 0  # the tables are there, empty


def test_provisioning_twice_is_a_no_op_returning_the_same_tenant():
    first = services.provision_tenant(**TIMOTEO)
    second = services.provision_tenant(**TIMOTEO)
    assert second.pk == first.pk
    assert Tenant.objects.filter(ibge_code="3168705").count() == 1
    assert Domain.objects.filter(tenant=first).count() == 1


def test_same_ibge_code_with_another_slug_is_refused():
    services.provision_tenant(**TIMOTEO)
    with pytest.raises(TenantError) as err:
        services.provision_tenant(**{**TIMOTEO, "slug": "timoteo-mg"})
    assert err.value.code == TenantErrorCode.CONFLICTING_PROVISION


def test_slug_taken_by_another_city_is_refused(tenant_a):
    with pytest.raises(TenantError) as err:
        services.provision_tenant(ibge_code="3168705", name="Timóteo", slug="extrema")
    assert err.value.code == TenantErrorCode.SLUG_TAKEN
    assert "identificador" in err.value.message
    assert not schema_exists("m3168705")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"ibge_code": "31687"}, TenantErrorCode.INVALID_IBGE_CODE),
        ({"ibge_code": "31687O5"}, TenantErrorCode.INVALID_IBGE_CODE),
        ({"slug": "Timóteo"}, TenantErrorCode.INVALID_SLUG),
        ({"slug": "-timoteo"}, TenantErrorCode.INVALID_SLUG),
        ({"name": "  "}, TenantErrorCode.INVALID_NAME),
        ({"uf": "XX"}, TenantErrorCode.INVALID_UF),
    ],
)
def test_bad_input_is_refused_before_anything_is_written(kwargs, code):
    with pytest.raises(TenantError) as err:
        services.provision_tenant(**{**TIMOTEO, **kwargs})
    assert err.value.code == code
    assert Tenant.objects.filter(name="Timóteo").count() == 0


def test_a_failure_after_the_clone_leaves_nothing_behind(monkeypatch):
    def broken_domain(tenant, domain):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "_create_domain", broken_domain)
    with pytest.raises(RuntimeError, match="disk on fire"):
        services.provision_tenant(**TIMOTEO)
    assert not schema_exists("m3168705")
    assert not Tenant.objects.filter(ibge_code="3168705").exists()
    assert not Domain.objects.filter(domain="timoteo.localhost").exists()
    # ... and a retry then succeeds.
    monkeypatch.undo()
    assert services.provision_tenant(**TIMOTEO).schema_name == "m3168705"


def test_a_failure_inside_the_clone_leaves_nothing_behind(monkeypatch):
    def broken_clone(schema):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
            cursor.execute("SELECT 1/0")

    monkeypatch.setattr(services, "_clone_schema", broken_clone)
    with pytest.raises(Exception, match="division by zero"):
        services.provision_tenant(**TIMOTEO)
    assert not schema_exists("m3168705")
    assert not Tenant.objects.filter(ibge_code="3168705").exists()


def test_a_domain_already_in_use_is_refused(tenant_a):
    with pytest.raises(TenantError) as err:
        services.provision_tenant(**TIMOTEO, domain="extrema.localhost")
    assert err.value.code == TenantErrorCode.DOMAIN_TAKEN
    assert not schema_exists("m3168705")


def test_provision_tenant_command(capsys):
    from django.core.management import call_command

    call_command("provision_tenant", ibge_code="3168705", name="Timóteo")
    call_command("provision_tenant", ibge_code="3168705", name="Timóteo")
    out = capsys.readouterr().out
    assert out.count("schema m3168705") == 2
    assert Tenant.objects.filter(ibge_code="3168705").count() == 1
