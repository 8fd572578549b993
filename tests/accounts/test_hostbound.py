"""A session or API token works only on the host it was issued for: one made on
extrema's host is anonymous on ipatinga's and on the state's."""

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import ApiToken, User
from tests.accounts.test_govbr import EXTREMA_CLERK, Flow

pytestmark = pytest.mark.django_db
JSON = "application/json"
PASSWORD = "senha-do-servidor-2026"
EXTREMA, IPATINGA, STATE = "extrema.localhost", "ipatinga.localhost", "localhost"


@pytest.fixture
def ana(public_tenant, tenant_a, tenant_b):
    """Ana works for both cities (so a valid session would open either one)."""
    from core.services import grant_municipal_admin

    person = User.objects.create_user(
        cpf="39053344705", name="Ana Gestora de Extrema", password=PASSWORD
    )
    for tenant in (tenant_a, tenant_b):
        with schema_context(tenant.schema_name):
            grant_municipal_admin(user=person)
    return person


def _with_cookie(host: str, session_id: str) -> Client:
    client = Client(HTTP_HOST=host)
    client.cookies[settings.SESSION_COOKIE_NAME] = session_id
    return client


def _anonymous(client: Client, host: str) -> None:
    assert client.get("/api/v1/auth/user/").status_code in (401, 403), host
    assert client.get("/api/v1/context/").json()["user"] is None, host
    if host != STATE:
        assert client.get("/api/v1/me/").status_code in (401, 403), host
        assert client.get("/api/v1/processes/").status_code in (401, 403), host


def test_password_session_and_token_from_extrema_open_no_other_host(ana):
    extrema = Client(HTTP_HOST=EXTREMA)
    login = extrema.post(
        "/api/v1/auth/login/", {"username": ana.cpf, "password": PASSWORD}, content_type=JSON
    )
    assert login.status_code == 200
    key = login.json()["key"]
    session_id = extrema.cookies[settings.SESSION_COOKIE_NAME].value
    assert extrema.get("/api/v1/me/").status_code == 200

    for host in (IPATINGA, STATE):
        _anonymous(_with_cookie(host, session_id), host)
        by_token = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {key}")
        # 403, not 401: DRF answers with the first authenticator's (session's) scheme.
        assert by_token.get("/api/v1/auth/user/").status_code in (401, 403), host
        if host != STATE:
            assert by_token.get("/api/v1/me/").status_code in (401, 403)
    # Where they were issued, both still work (the attempts elsewhere changed nothing).
    assert _with_cookie(EXTREMA, session_id).get("/api/v1/me/").status_code == 200
    token_client = Client(HTTP_HOST=EXTREMA, HTTP_AUTHORIZATION=f"Token {key}")
    assert token_client.get("/api/v1/me/").status_code == 200
    # A login on another host gets a token of its own.
    ipatinga = Client(HTTP_HOST=IPATINGA)
    other = ipatinga.post(
        "/api/v1/auth/login/", {"username": ana.cpf, "password": PASSWORD}, content_type=JSON
    ).json()["key"]
    assert other != key
    assert sorted(ApiToken.objects.filter(user=ana).values_list("host", flat=True)) == [
        EXTREMA,
        IPATINGA,
    ]
    # Logging out on extrema ends its token, not ipatinga's.
    assert extrema.post("/api/v1/auth/logout/").status_code == 200
    assert token_client.get("/api/v1/me/").status_code in (401, 403)
    assert (
        Client(HTTP_HOST=IPATINGA, HTTP_AUTHORIZATION=f"Token {other}")
        .get("/api/v1/me/")
        .status_code
        == 200
    )


def test_govbr_session_handed_to_extrema_is_anonymous_elsewhere(ana):
    flow = Flow()
    flow.login(EXTREMA_CLERK)
    assert flow.city.get("/api/v1/me/").status_code == 200
    session_id = flow.city.cookies[settings.SESSION_COOKIE_NAME].value
    for host in (IPATINGA, STATE):
        _anonymous(_with_cookie(host, session_id), host)


def test_a_session_without_a_host_is_bound_to_the_first_it_is_used_on(ana, client_for, tenant_a):
    client = client_for(tenant_a, ana)  # force_login: no host at login
    assert client.get("/api/v1/me/").status_code == 200
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    _anonymous(_with_cookie(IPATINGA, session_id), IPATINGA)
    assert client.get("/api/v1/me/").status_code == 200


def test_logging_out_without_a_host_keeps_the_tokens(ana, client_for, tenant_a):
    """The test client's logout builds a request without a host: nothing breaks and no
    host's token is touched."""
    ApiToken.objects.create(user=ana, host=EXTREMA, key="k" * 40)
    client = client_for(tenant_a, ana)
    client.logout()
    assert ApiToken.objects.filter(user=ana).count() == 1
