"""A net under the per-endpoint isolation tests: every API route on a city host,
found by walking the URLconf (so a route added tomorrow is tried too), is refused to an
anonymous caller, and every staff route to a citizen (a gov.br person with no staff
record here) — except the routes named below as public, each with its reason."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

REFUSED = {401, 403, 404, 405}

# Routes anyone may call, and why.
PUBLIC = {
    "api/v1/context/": "where am I: host kind, city name, who is signed in",
    "api/v1/public/": "consulta pública of público processes, conferir autenticidade",
    "api/v1/auth/": "sign-in, sign-out, the gov.br login handoff",
    "api/schema/": "the OpenAPI document",
    "api/docs/": "the OpenAPI browser",
}
# Routes a citizen uses on a city host: his own area, the calendar his deadlines count
# with, and the organisational chart (readable by any signed-in person).
CITIZEN = (
    "api/v1/citizen/",
    "api/v1/calendar/holidays/",
    "api/v1/calendar/state-holidays/",
    "api/v1/units/",
)


def _routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    route = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), route)
    route = re.sub(r"<int:\w+>", "999999", route)
    route = re.sub(r"<(?:\w+:)?\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$").rstrip("?")


def _api_routes() -> list[str]:
    found = sorted({_concrete(r) for r in _routes() if r.lstrip("^").startswith("api/")})
    assert len(found) > 100, found  # the walk itself works
    return found


def _public(url: str) -> bool:
    return any(url.startswith("/" + prefix) for prefix in PUBLIC)


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_every_api_route_refuses_who_may_not_call_it(tenant_a, client_for, make_user, who):
    user = None if who == "anonymous" else make_user(cpf="86288366757", name="Cidadão")
    client = client_for(tenant_a, user)
    let_through = []
    for url in _api_routes():
        if _public(url):
            continue
        if who == "citizen" and url.startswith(tuple("/" + c for c in CITIZEN)):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url, {}, content_type="application/json")
            if response.status_code not in REFUSED:
                let_through.append((method, url, response.status_code))
    assert not let_through, let_through
