"""The municipal admin's calendar screen (removing a city's holiday or outage, the year's
national and state holidays) and the "grant_access" action the process screen offers,
each tried from another municipality, by staff without the role, by a citizen and with
no session."""

import datetime as dt

import pytest
from django.test import Client

from citizens.models import AccessGrant, MunicipalHoliday, Outage
from tests.citizens.conftest import JOSE_CPF, govbr_client
from tests.citizens.test_area import _process
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _future(days=30) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def _outsiders(city, city_b, citizens):
    return (
        govbr_client(city.tenant, city.clerk_user),  # staff without the admin role
        govbr_client(city.tenant, citizens["jose"]),  # a citizen (no staff record)
        govbr_client(city.tenant, city_b["user"]),  # another city's admin
        Client(HTTP_HOST=host_of(city.tenant)),  # no session
    )


def test_the_admin_removes_a_future_holiday_and_outage(city, city_b, citizens):
    admin = govbr_client(city.tenant, city.admin_user)
    holiday = admin.post(
        "/api/v1/calendar/holidays/",
        {"date": _future(), "name": "Aniversário da cidade"},
        content_type="application/json",
    ).json()
    outage = admin.post(
        "/api/v1/calendar/outages/",
        {"starts_on": _future(40), "ends_on": _future(41)},
        content_type="application/json",
    ).json()
    holiday_url = f"/api/v1/calendar/holidays/{holiday['id']}/"
    outage_url = f"/api/v1/calendar/outages/{outage['id']}/"
    for client in _outsiders(city, city_b, citizens):
        assert client.delete(holiday_url).status_code == 403
        assert client.delete(outage_url).status_code == 403
    # Another city's admin on his own host does not find them.
    b_admin = govbr_client(city_b["tenant"], city_b["user"])
    assert b_admin.delete(holiday_url).status_code == 404
    assert b_admin.delete(outage_url).status_code == 404
    with city.ctx():
        assert MunicipalHoliday.objects.count() == 1 and Outage.objects.count() == 1
    assert admin.delete(holiday_url).status_code == 204
    assert admin.delete(outage_url).status_code == 204
    with city.ctx():
        assert not MunicipalHoliday.objects.exists() and not Outage.objects.exists()
    assert admin.delete(holiday_url).status_code == 404


def test_a_day_already_counted_is_not_removed(city):
    """Deadlines are computed from the calendar at read time: removing a past holiday
    (or an outage already begun) would change intimações already fulfilled."""
    admin = govbr_client(city.tenant, city.admin_user)
    holiday = admin.post(
        "/api/v1/calendar/holidays/",
        {"date": "2025-03-19", "name": "Aniversário da cidade"},
        content_type="application/json",
    ).json()
    outage = admin.post(
        "/api/v1/calendar/outages/",
        {"starts_on": "2025-03-20", "ends_on": _future(2)},
        content_type="application/json",
    ).json()
    refused = admin.delete(f"/api/v1/calendar/holidays/{holiday['id']}/")
    assert refused.status_code == 409 and refused.json()["code"] == "holiday_in_the_past"
    assert "feriados futuros" in refused.json()["detail"]
    refused = admin.delete(f"/api/v1/calendar/outages/{outage['id']}/")
    assert refused.status_code == 409 and refused.json()["code"] == "outage_in_the_past"
    with city.ctx():
        assert MunicipalHoliday.objects.count() == 1 and Outage.objects.count() == 1


def test_national_and_state_holidays_of_a_year_read_only(city, city_b, citizens):
    admin = govbr_client(city.tenant, city.admin_user)
    body = admin.get("/api/v1/calendar/state-holidays/?year=2026").json()
    assert body["year"] == 2026 and body["uf"] == "MG"
    rows = {(r["date"], r["name"]): r["scope"] for r in body["results"]}
    assert rows[("2026-12-25", "Natal")] == "national"
    assert rows[("2026-04-21", "Tiradentes")] == "national"
    assert rows[("2026-04-21", "Execução de Tiradentes")] == "state"  # MG's data magna
    # Staff read it (the clerk, for deadlines); the city's own days are not in it.
    assert (
        govbr_client(city.tenant, city.clerk_user)
        .get("/api/v1/calendar/state-holidays/?year=2026")
        .json()
        == body
    )
    bad = admin.get("/api/v1/calendar/state-holidays/?year=dois-mil")
    assert bad.status_code == 400 and bad.json()["code"] == "year_invalid"
    for client in _outsiders(city, city_b, citizens)[1:]:
        assert client.get("/api/v1/calendar/state-holidays/").status_code == 403


def test_grant_access_is_offered_exactly_where_the_service_takes_it(city, city_b, citizens):
    """`allowed_actions` says "grant_access" where the process is open in the person's
    unit and the process is not sigiloso; the service runs the same check."""
    restricted, _doc = _process(city, level="restricted", basis=city.personal)
    secret, _doc = _process(city, level="secret", basis=city.secret_basis)
    url = f"/api/v1/processes/{restricted.uuid}/"
    clerk = govbr_client(city.tenant, city.clerk_user)  # the process is open in his unit
    other = govbr_client(city.tenant, city.other_user)  # another unit of the city
    assert "grant_access" in clerk.get(url).json()["allowed_actions"]
    other_view = other.get(url)
    if other_view.status_code == 200:
        assert "grant_access" not in other_view.json()["allowed_actions"]
    refused = other.post(f"{url}access-grants/", {"person": JOSE_CPF}, "application/json")
    assert refused.status_code in (404, 409)
    secret_url = f"/api/v1/processes/{secret.uuid}/"
    secret_view = clerk.get(secret_url)
    if secret_view.status_code == 200:
        assert "grant_access" not in secret_view.json()["allowed_actions"]
    refused = clerk.post(f"{secret_url}access-grants/", {"person": JOSE_CPF}, "application/json")
    assert refused.status_code in (404, 409)
    for client in _outsiders(city, city_b, citizens)[1:]:
        response = client.post(f"{url}access-grants/", {"person": JOSE_CPF}, "application/json")
        assert response.status_code in (401, 403)
    with city.ctx():
        assert not AccessGrant.objects.exists()
    granted = clerk.post(f"{url}access-grants/", {"person": JOSE_CPF}, "application/json")
    assert granted.status_code == 201
    listed = clerk.get(f"{url}access-grants/").json()
    assert [g["person"] for g in listed] == ["***.018.159-**"]
    # Another unit may not revoke it either.
    revoke = f"{url}access-grants/{granted.json()['id']}/"
    assert other.delete(revoke).status_code in (404, 409)
    assert clerk.delete(revoke).status_code == 204
    assert clerk.get(f"{url}access-grants/").json() == []
