"""Passwords never grant what the person's gov.br trust level refuses: changing one needs
the current one, and none is created for an account that signs in with gov.br only."""

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from tests.accounts.test_govbr import CITIZEN, Flow

pytestmark = pytest.mark.django_db
JSON = "application/json"
NEW = "uma-senha-nova-bem-longa-2026"


@pytest.fixture
def bronze_on_staff(public_tenant, tenant_a, tenant_b):
    """José (bronze on gov.br) is on Extrema's staff and signed in there with gov.br."""
    from core.services import grant_municipal_admin

    jose = User.objects.create_user(
        cpf="86288366757", name="José Cidadão", email="jose@example.org"
    )
    with schema_context(tenant_a.schema_name):
        grant_municipal_admin(user=jose)
    flow = Flow()
    flow.login(CITIZEN)
    assert flow.city.get("/api/v1/me/").status_code == 403  # bronze: not as staff
    return jose, flow


def test_bronze_staff_cannot_create_a_password_and_sign_in_with_it(bronze_on_staff):
    jose, flow = bronze_on_staff
    attempts = [
        {"new_password1": NEW, "new_password2": NEW},  # what used to work
        {"old_password": "", "new_password1": NEW, "new_password2": NEW},
        {"old_password": "qualquer-coisa", "new_password1": NEW, "new_password2": NEW},
    ]
    for body in attempts:
        response = flow.city.post("/api/v1/auth/password/change/", body, content_type=JSON)
        assert response.status_code == 400, response.content
        assert "old_password" in response.json()
    refused = flow.city.post("/api/v1/auth/password/change/", attempts[2], content_type=JSON).json()
    assert refused["old_password"] == [
        "Esta conta entra somente com gov.br e não tem senha para alterar."
    ]
    jose.refresh_from_db()
    assert not jose.has_usable_password()
    # Nor is a password login as staff possible afterwards, on the city or the state.
    for host in ("extrema.localhost", "localhost"):
        client = Client(HTTP_HOST=host)
        login = client.post(
            "/api/v1/auth/login/", {"username": jose.cpf, "password": NEW}, content_type=JSON
        )
        assert login.status_code == 400
    city = Client(HTTP_HOST="extrema.localhost")
    city.post("/api/v1/auth/login/", {"username": jose.cpf, "password": NEW}, content_type=JSON)
    assert city.get("/api/v1/me/").status_code in (401, 403)
    assert flow.city.get("/api/v1/me/").status_code == 403


def test_password_reset_never_reaches_an_account_without_a_password(bronze_on_staff):
    jose, flow = bronze_on_staff
    for client in (flow.city, Client(HTTP_HOST="extrema.localhost")):
        client.post("/api/v1/auth/password/reset/", {"email": jose.email}, content_type=JSON)
    assert mail.outbox == []


def test_a_password_is_changed_with_the_current_one(make_user, client_for, tenant_a):
    person = make_user(cpf="52998224725", password="a-senha-atual-longa-1")
    client = client_for(tenant_a, person)
    body = {"new_password1": NEW, "new_password2": NEW}
    wrong = client.post(
        "/api/v1/auth/password/change/", {**body, "old_password": "errada"}, content_type=JSON
    )
    assert wrong.status_code == 400
    assert wrong.json()["old_password"] == ["A senha atual não confere."]
    ok = client.post(
        "/api/v1/auth/password/change/",
        {**body, "old_password": "a-senha-atual-longa-1"},
        content_type=JSON,
    )
    assert ok.status_code == 200
    person.refresh_from_db()
    assert person.check_password(NEW)
