"""Host → tenant routing (tenants.middleware / tenants.routing)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tenants import routing, services
from tenants.models import Tenant

pytestmark = pytest.mark.django_db


def test_city_host_serves_that_city(tenant_a, client_for):
    response = client_for(tenant_a).get("/api/v1/context/")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "municipality"
    assert body["name"] == "Extrema"
    assert body["ibge_code"] == "3125101"


def test_each_city_host_serves_its_own_city(tenant_a, tenant_b, client_for):
    assert client_for(tenant_b).get("/api/v1/context/").json()["name"] == "Ipatinga"
    assert client_for(tenant_a).get("/api/v1/context/").json()["name"] == "Extrema"


def test_state_host_serves_the_control_plane(public_tenant):
    response = Client(HTTP_HOST="localhost").get("/api/v1/context/")
    assert response.status_code == 200
    assert response.json()["kind"] == "state"


def test_host_match_ignores_port_and_case(tenant_a):
    response = Client(HTTP_HOST="EXTREMA.localhost:8000").get("/api/v1/context/")
    assert response.json()["name"] == "Extrema"


@pytest.mark.parametrize("host", ["nowhere.localhost", "extrema.localhost.evil.localhost"])
def test_unknown_host_gets_a_portuguese_404_never_the_state_site(public_tenant, host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Endereço não encontrado" in html
    assert host.split(":")[0] in html
    # Not the SPA, not the API of the state.
    assert Client(HTTP_HOST=host).get("/api/v1/context/").status_code == 404


def test_foreign_host_gets_the_same_portuguese_404(public_tenant):
    response = Client(HTTP_HOST="example.com").get("/api/v1/context/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Endereço não encontrado" in html
    assert "example.com" not in html


def test_admin_lives_only_on_the_state_host(tenant_a, public_tenant, client_for):
    assert client_for(tenant_a).get("/admin/").status_code == 404
    assert Client(HTTP_HOST="localhost").get("/admin/").status_code == 302  # to login


def test_lookup_is_cached(tenant_a, django_assert_num_queries):
    routing.tenant_for_host("extrema.localhost")
    with django_assert_num_queries(0):
        tenant = routing.tenant_for_host("extrema.localhost")
    assert tenant.schema_name == tenant_a.schema_name


def test_cached_lookup_keys_are_in_the_public_namespace(tenant_a):
    routing.tenant_for_host("extrema.localhost")
    assert cache.get("tenants:host:extrema.localhost") is not None
    connection.set_tenant(tenant_a)
    # The same key read from inside a tenant is another key.
    assert cache.get("tenants:host:extrema.localhost") is None


def test_changing_a_domain_invalidates_the_cache(
    tenant_a, client_for, django_capture_on_commit_callbacks
):
    client = Client(HTTP_HOST="extrema.localhost")
    assert client.get("/api/v1/context/").status_code == 200  # cached now
    domain = tenant_a.get_primary_domain()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_domain(domain=domain, new_domain="extrema-mg.localhost")
    assert client.get("/api/v1/context/").status_code == 404
    moved = Client(HTTP_HOST="extrema-mg.localhost").get("/api/v1/context/")
    assert moved.json()["name"] == "Extrema"


def test_new_domain_is_reachable_even_after_a_cached_miss(
    tenant_a, django_capture_on_commit_callbacks
):
    client = Client(HTTP_HOST="sei.extrema.localhost")
    assert client.get("/api/v1/context/").status_code == 404  # miss cached
    with django_capture_on_commit_callbacks(execute=True):
        services.add_domain(tenant=tenant_a, domain="sei.extrema.localhost")
    assert client.get("/api/v1/context/").json()["name"] == "Extrema"


def test_removed_domain_stops_resolving(tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        extra = services.add_domain(tenant=tenant_a, domain="alt.extrema.localhost")
    client = Client(HTTP_HOST="alt.extrema.localhost")
    assert client.get("/api/v1/context/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_domain(domain=extra)
    assert client.get("/api/v1/context/").status_code == 404


def test_suspended_city_answers_503_in_portuguese(
    tenant_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for(tenant_a)
    assert client.get("/api/v1/context/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(tenant=tenant_a, status=Tenant.Status.SUSPENDED)
    response = client.get("/")
    assert response.status_code == 503
    assert "temporariamente indisponível" in response.content.decode()
