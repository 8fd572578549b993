"""gov.br login through the local fake IdP and the real validation code: one callback on
the state host, a single-use handoff to the city, and every refusal leaving no session."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from accounts.models import HandoffToken, User

pytestmark = pytest.mark.django_db

EXTREMA_CLERK, COORDINATOR, CITIZEN = 0, 1, 2


def _location(response) -> str:
    assert response.status_code == 302, (response.status_code, response.content[:500])
    return response["Location"]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Flow:
    """Drives the browser's part of a login: our hosts through Django's test client, the
    fake IdP over HTTP."""

    def __init__(self, city_host="extrema.localhost"):
        self.city = Client(HTTP_HOST=city_host)
        self.state = Client(HTTP_HOST="localhost")

    def to_idp(self, next_path="/processos/") -> tuple[str, dict]:
        start = _location(self.city.get("/login/govbr/", {"next": next_path}))
        assert start.startswith("http://localhost/login/govbr/?")
        authorize = _location(self.state.get(_path(start)))
        parts = urlsplit(authorize)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        return f"{parts.scheme}://{parts.netloc}{parts.path}", params

    def pick(self, url, params, persona=EXTREMA_CLERK, fault="", **override) -> dict:
        response = requests.post(
            url,
            data={**params, **override, "persona": persona, "fault": fault},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:300]
        callback = response.headers["Location"]
        return {k: v[0] for k, v in parse_qs(urlsplit(callback).query).items()}

    def callback(self, query: dict):
        return self.state.get("/auth/complete/govbr/", query)

    def login(self, persona=EXTREMA_CLERK, next_path="/processos/"):
        url, params = self.to_idp(next_path)
        query = self.pick(url, params, persona)
        handoff = _location(self.callback(query))
        return handoff, self.city.get(_path(handoff))


def _user_on(client) -> dict | None:
    return client.get("/api/v1/context/").json()["user"]


@pytest.fixture(autouse=True)
def _cities(public_tenant, tenant_a, tenant_b):
    """The state host and two cities answer."""


def test_citizen_logs_in_on_extrema_and_lands_back_there(settings):
    flow = Flow()
    handoff, landed = flow.login(CITIZEN)
    assert handoff.startswith("http://extrema.localhost/login/govbr/handoff/")
    assert _location(landed) == "/processos/"
    user = _user_on(flow.city)
    assert user["name"] == "José Cidadão" and user["trust_level"] == "bronze"
    assert user["auth_method"] == "govbr"
    # One person per CPF, created at first login, without a password.
    person = User.objects.get(cpf="86288366757")
    assert not person.has_usable_password()
    # Nobody stays logged in on the state host.
    assert _user_on(flow.state) is None
    # No token kept from gov.br.
    social = person.social_auth.get()
    assert "access_token" not in social.extra_data and "id_token" not in social.extra_data
    assert social.uid != "86288366757"


def test_a_clerk_of_extrema_is_only_a_citizen_on_ipatinga(tenant_a):
    from django_tenants.utils import schema_context

    from core.services import grant_municipal_admin

    clerk = User.objects.create_user(cpf="39053344705", name="Ana Gestora de Extrema")
    with schema_context(tenant_a.schema_name):
        grant_municipal_admin(user=clerk)
    extrema = Flow()
    extrema.login(EXTREMA_CLERK)
    assert extrema.city.get("/api/v1/me/").status_code == 200
    ipatinga = Flow("ipatinga.localhost")
    ipatinga.login(EXTREMA_CLERK)
    assert _user_on(ipatinga.city)["name"] == "Ana Gestora de Extrema"
    assert ipatinga.city.get("/api/v1/me/").status_code == 403


def test_coordinator_logs_in_on_the_state_host():
    flow = Flow()
    authorize = _location(flow.state.get("/login/govbr/", {"next": "/implantacao"}))
    parts = urlsplit(authorize)
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query = flow.pick(f"{parts.scheme}://{parts.netloc}{parts.path}", params, COORDINATOR)
    assert _location(flow.callback(query)) == "/implantacao"
    assert _user_on(flow.state)["name"] == "Carla Coordenadora"


def test_the_authorize_request_carries_pkce_state_and_nonce():
    _url, params = Flow().to_idp()
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert params["state"] and params["nonce"]
    assert params["redirect_uri"] == "http://localhost/auth/complete/govbr/"
    assert "govbr_confiabilidades_idtoken" in params["scope"].split()


@pytest.mark.parametrize(
    "fault", ["wrong_aud", "wrong_iss", "expired", "bad_signature", "wrong_nonce"]
)
def test_a_bad_id_token_is_refused_and_no_session_is_created(fault):
    flow = Flow()
    url, params = flow.to_idp()
    response = flow.callback(flow.pick(url, params, CITIZEN, fault=fault))
    assert response.status_code == 400
    assert "Não foi possível entrar com gov.br" in response.content.decode()
    assert _user_on(flow.state) is None and _user_on(flow.city) is None
    assert not HandoffToken.objects.exists()


def test_a_formatted_cpf_in_sub_is_normalised():
    flow = Flow()
    url, params = flow.to_idp()
    handoff = _location(flow.callback(flow.pick(url, params, CITIZEN, fault="formatted_sub")))
    flow.city.get(_path(handoff))
    assert User.objects.filter(cpf="86288366757").exists()


def test_bad_and_reused_state_are_refused_with_the_same_message():
    flow = Flow()
    url, params = flow.to_idp()
    query = flow.pick(url, params, CITIZEN)
    bad = flow.callback({**query, "state": "forged-state"})
    assert bad.status_code == 400
    ok = flow.callback(query)
    assert ok.status_code == 302
    reused = flow.callback(query)
    assert reused.status_code == 400
    assert bad.content == reused.content


def test_a_pkce_verifier_mismatch_is_refused():
    flow = Flow()
    url, params = flow.to_idp()
    query = flow.pick(url, params, CITIZEN, code_challenge="A" * 43)
    response = flow.callback(query)
    assert response.status_code == 400
    assert _user_on(flow.city) is None


def test_handoff_tokens_are_single_use_short_lived_and_bound_to_their_host():
    from datetime import timedelta

    from django.utils import timezone

    flow = Flow()
    url, params = flow.to_idp()
    handoff = _path(_location(flow.callback(flow.pick(url, params, CITIZEN))))
    # Presented on another city's host: refused (and spent).
    other = Client(HTTP_HOST="ipatinga.localhost")
    assert other.get(handoff).status_code == 400
    assert _user_on(other) is None
    assert flow.city.get(handoff).status_code == 400  # already consumed
    # Expired.
    flow2 = Flow()
    url, params = flow2.to_idp()
    handoff2 = _path(_location(flow2.callback(flow2.pick(url, params, CITIZEN))))
    HandoffToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert flow2.city.get(handoff2).status_code == 400
    assert _user_on(flow2.city) is None
    # Forged.
    assert flow2.city.get("/login/govbr/handoff/not-a-real-token/").status_code == 400


def test_login_to_a_host_that_is_not_ours_is_refused():
    state = Client(HTTP_HOST="localhost")
    response = state.get("/login/govbr/", {"city": "evil.example", "next": "/"})
    assert response.status_code == 400
    assert "Endereço de retorno não reconhecido" in response.content.decode()
    # And `next` never leaves our host.
    flow = Flow()
    start = _location(flow.city.get("/login/govbr/", {"next": "https://evil.example/"}))
    assert "next=%2F" in start


def test_trust_level_too_low_shows_how_to_raise_it(settings):
    settings.GOVBR_MIN_LEVEL = {**settings.GOVBR_MIN_LEVEL, "citizen": "prata"}
    flow = Flow()
    url, params = flow.to_idp()
    response = flow.callback(flow.pick(url, params, CITIZEN))
    assert _location(response) == "/login/govbr/nivel/"
    page = flow.state.get("/login/govbr/nivel/")
    assert page.status_code == 403 and "Como aumentar o nível" in page.content.decode()
    assert _user_on(flow.state) is None and not HandoffToken.objects.exists()


def test_staff_need_prata_to_work(tenant_a, settings):
    from django_tenants.utils import schema_context

    from core.services import grant_municipal_admin

    citizen = User.objects.create_user(cpf="86288366757", name="José Cidadão")
    with schema_context(tenant_a.schema_name):
        grant_municipal_admin(user=citizen)  # on staff, but his account is only bronze
    flow = Flow()
    flow.login(CITIZEN)
    response = flow.city.get("/api/v1/me/")
    assert response.status_code == 403
    assert "nível prata" in response.json()["detail"]


def test_logout_goes_through_govbr_and_back_to_the_city():
    flow = Flow()
    flow.login(CITIZEN)
    to_state = _location(flow.city.get("/logout/govbr/"))
    assert _user_on(flow.city) is None
    to_govbr = _location(flow.state.get(_path(to_state)))
    assert "/logout?post_logout_redirect_uri=" in to_govbr
    back = requests.get(to_govbr, allow_redirects=False, timeout=10).headers["Location"]
    assert _location(flow.state.get(_path(back))) == "http://extrema.localhost/"


def test_cpf_never_appears_in_logs(caplog):
    caplog.set_level(logging.DEBUG)
    flow = Flow()
    flow.login(CITIZEN)
    url, params = flow.to_idp()
    flow.callback(flow.pick(url, params, CITIZEN, fault="bad_signature"))
    for record in caplog.records:
        text = record.getMessage() + repr(record.__dict__)
        assert "86288366757" not in text and "862.883.667-57" not in text, record


def test_current_user_endpoint_tells_tenant_units_roles_and_trust(tenant_a):
    from django_tenants.utils import schema_context

    from core.services import grant_municipal_admin

    clerk = User.objects.create_user(cpf="39053344705", name="Ana Gestora de Extrema")
    with schema_context(tenant_a.schema_name):
        grant_municipal_admin(user=clerk)
    flow = Flow()
    flow.login(EXTREMA_CLERK)
    me = flow.city.get("/api/v1/auth/user/").json()
    assert me["auth_method"] == "govbr" and me["trust_level"] == "prata"
    assert me["tenant"]["slug"] == "extrema"
    assert me["staff"]["units"] == [{"acronym": "GAB", "role": "unit_admin"}]
    assert me["cpf_masked"] == "***.533.447-**"


def test_password_login_is_rate_limited(make_user):
    make_user(cpf="52998224725", password="uma-senha-forte-2026")
    state = Client(HTTP_HOST="localhost")
    codes = [
        state.post(
            "/api/v1/auth/login/",
            {"username": "52998224725", "password": "errada"},
            content_type="application/json",
        ).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [400] * 10 and codes[-1] == 429


def _clerk_with_document(tenant):
    from django_tenants.utils import schema_context

    from core.models import DocumentType, ProcessType
    from core.services import grant_municipal_admin, seed_defaults
    from core.services.documents import create_internal
    from core.services.processes import create_process

    clerk = User.objects.create_user(
        cpf="39053344705", name="Ana Gestora de Extrema", password="senha-local-2026"
    )
    with schema_context(tenant.schema_name):
        seed_defaults()
        staff = grant_municipal_admin(user=clerk)
        process = create_process(
            staff=staff,
            process_type=ProcessType.objects.first(),
            summary="Teste",
            access_level="public",
        )
        doc = create_internal(
            staff=staff, process=process, document_type=DocumentType.objects.get(name="Ofício")
        )
    return clerk, doc


def test_signing_with_govbr_records_amr_and_trust_level(tenant_a):
    _clerk, doc = _clerk_with_document(tenant_a)
    flow = Flow()
    url, params = flow.to_idp()
    handoff = _location(flow.callback(flow.pick(url, params, EXTREMA_CLERK)))
    flow.city.get(_path(handoff))
    response = flow.city.post(
        "/api/v1/signatures/",
        {"documents": [str(doc.uuid)], "method": "govbr"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    [signature] = response.json()
    assert signature["method"] == "govbr"
    assert signature["amr"] == ["passwd", "mfa"] and signature["trust_level"] == "prata"


def test_signing_with_govbr_needs_a_recent_login(tenant_a):
    _clerk, doc = _clerk_with_document(tenant_a)
    flow = Flow()
    flow.login(EXTREMA_CLERK)
    session = flow.city.session
    session["auth_time"] = 0
    session.save()
    response = flow.city.post(
        "/api/v1/signatures/",
        {"documents": [str(doc.uuid)], "method": "govbr"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["code"] == "reauth_required"


def test_reauthentication_asks_govbr_for_a_fresh_login():
    flow = Flow()
    start = _location(flow.city.get("/login/govbr/", {"next": "/", "reauth": "1"}))
    authorize = _location(flow.state.get(_path(start)))
    assert parse_qs(urlsplit(authorize).query)["prompt"] == ["login"]


def test_a_municipality_can_require_govbr_for_signing(tenant_a, client_for):
    from tenants.models import Tenant

    clerk, doc = _clerk_with_document(tenant_a)
    Tenant.objects.filter(pk=tenant_a.pk).update(allow_password_signing=False)
    response = client_for(tenant_a, clerk).post(
        "/api/v1/signatures/",
        {"documents": [str(doc.uuid)], "password": "senha-local-2026"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "password_signing_disabled"


def test_a_key_rolled_over_under_the_same_kid_is_fetched_again_once(monkeypatch):
    """gov.br rolls its signing key over and keeps the kid: the cached key no longer
    verifies the id_token, so the keys are fetched again (once) instead of refusing
    everyone until the cache expires. A token no key verifies is still refused, after
    one fetch only."""
    from social_core.backends.open_id_connect import OpenIdConnectAuth

    from accounts.govbr import GovBrOpenIdConnect

    fetches = []
    fetch = OpenIdConnectAuth.get_remote_jwks_keys
    monkeypatch.setattr(
        OpenIdConnectAuth,
        "get_remote_jwks_keys",
        lambda self, uri=None: fetches.append(uri) or fetch(self, uri),
    )
    GovBrOpenIdConnect.get_jwks_keys_for_uri.invalidate()

    def login(fault=""):
        flow = Flow()
        url, params = flow.to_idp()
        response = flow.callback(flow.pick(url, params, CITIZEN, fault=fault))
        if response.status_code != 302:
            return response, None
        flow.city.get(_path(_location(response)))
        return response, _user_on(flow.city)

    _, user = login()
    assert user["name"] == "José Cidadão" and len(fetches) == 1  # a cold cache
    _, user = login(fault="rotate_key")
    assert user is not None and user["name"] == "José Cidadão"
    assert len(fetches) == 2
    _, user = login()  # the new key is the cached one now
    assert user is not None and len(fetches) == 2
    refused, user = login(fault="bad_signature")
    assert refused.status_code == 400 and user is None
    assert len(fetches) == 3  # fetched again once, then refused
