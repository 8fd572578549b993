"""The API surface shared by every host: context, auth endpoints, OpenAPI schema."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_context_shows_the_signed_in_user_masked(tenant_a, client_for, make_user):
    user = make_user(cpf="52998224725", name="Ana Souza")
    body = client_for(tenant_a, user).get("/api/v1/context/").json()
    assert body["user"] == {"name": "Ana Souza", "cpf_masked": "***.982.247-**",
                            "is_coordinator": False, "auth_method": "password",
                            "trust_level": None, "role": "citizen"}  # fmt: skip


def test_context_for_anonymous_has_no_user(tenant_a, client_for):
    assert client_for(tenant_a).get("/api/v1/context/").json()["user"] is None


def test_password_login_by_cpf_then_current_user(public_tenant, make_user):
    make_user(cpf="52998224725", password="uma-senha-longa-1")
    client = Client(HTTP_HOST="localhost")
    response = client.post(
        "/api/v1/auth/login/",
        {"username": "52998224725", "password": "uma-senha-longa-1"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["key"]
    me = client.get("/api/v1/auth/user/")
    assert me.status_code == 200
    assert me.json()["cpf_masked"] == "***.982.247-**"
    assert me.json()["auth_method"] == "password"


def test_wrong_password_gets_a_portuguese_error(public_tenant, make_user):
    make_user(cpf="52998224725", password="uma-senha-longa-1")
    response = Client(HTTP_HOST="localhost").post(
        "/api/v1/auth/login/",
        {"username": "52998224725", "password": "errada"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "credenciais" in str(response.json()).lower()


@pytest.mark.parametrize("host", ["localhost", "extrema.localhost"])
def test_openapi_schema_is_served_on_every_host(host, public_tenant, tenant_a):
    response = Client(HTTP_HOST=host).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/context/" in paths
    assert ("/api/v1/units/" in paths) == (host != "localhost")


def test_spa_shell_is_served_for_app_routes(tenant_a, client_for, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "index.html").write_text("<html lang='pt-BR'><div id='root'></div></html>")
    client = client_for(tenant_a)
    for path in ("/", "/processos/123", "/caixa"):
        response = client.get(path)
        assert response.status_code == 200
        assert b"id='root'" in response.content
    assert "csrftoken" in response.cookies


def test_spa_shell_hints_a_signed_in_city_staff_member_only(
    city, public_tenant, client_for, make_user, settings, tmp_path
):
    """The hint lets the SPA ask /api/v1/me/ in parallel with /api/v1/context/: only on a
    city host, only for a member of its staff (a citizen's area never asks for /me/, and
    would log a 403); it carries no data of its own."""
    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "index.html").write_text("<html><head></head><div id='root'></div></html>")
    citizen = make_user(cpf="86288366757", name="José Cidadão")
    hint = b'<meta name="pm-signed-in" content="city" />'
    assert hint in client_for(city.tenant, city.clerk_user).get("/processos/x").content
    assert hint not in client_for(city.tenant, citizen).get("/cidadao").content
    assert hint not in client_for(city.tenant).get("/").content
    assert hint not in client_for(public_tenant, city.clerk_user).get("/").content


def test_missing_frontend_build_is_explained_in_portuguese(
    tenant_a, client_for, settings, tmp_path
):
    settings.FRONTEND_DIST = tmp_path / "nothing"
    response = client_for(tenant_a).get("/")
    assert response.status_code == 503
    assert "make run" in response.content.decode()
    assert "Interface ainda não compilada" in response.content.decode()


def test_unknown_api_path_is_404_not_the_spa(tenant_a, client_for):
    assert client_for(tenant_a).get("/api/v1/nothing/").status_code == 404


def test_api_docs_load_nothing_from_outside(tenant_a, client_for):
    html = client_for(tenant_a).get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "googleapis"):
        assert cdn not in html
