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
from tests.citizens.test_petitions import petition_type  # noqa: F401 (fixture)
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
    assert [(g["person"], g["name"]) for g in listed] == [("***.018.159-**", "José Cidadão")]
    assert granted.json()["name"] == "José Cidadão"
    # Another unit may not revoke it either.
    revoke = f"{url}access-grants/{granted.json()['id']}/"
    assert other.delete(revoke).status_code in (404, 409)
    assert clerk.delete(revoke).status_code == 204
    assert clerk.get(f"{url}access-grants/").json() == []


def test_the_screens_edit_and_deactivation_of_a_petition_type(
    city,
    city_b,
    citizens,
    petition_type,  # noqa: F811
):
    """What Administração / Peticionamento sends: the whole type back with PUT (edit,
    deactivate); only this city's admin may, and the citizen's list follows."""
    admin = govbr_client(city.tenant, city.admin_user)
    url = f"/api/v1/petition-types/{petition_type.uuid}/"
    body = admin.get(url).json()
    payload = {
        "process_type": body["process_type"]["id"],
        "unit": body["unit"]["id"],
        "guidance": "Envie a planta do imóvel.",
        "access_rule": body["access_rule"],
        "fixed_access_level": body["fixed_access_level"],
        "fixed_legal_basis": body["fixed_legal_basis"],
        "requires_advanced": True,
        "allow_third_parties": False,
        "max_file_mb": body["max_file_mb"],
        "formats": list(body["formats"]),
        "active": False,
        "documents": [
            {"document_type": d["document_type"]["id"], "required": d["required"],
             "access_level": d["access_level"] or ""}
            for d in body["documents"]
        ],
    }  # fmt: skip
    for client in _outsiders(city, city_b, citizens):
        assert client.put(url, payload, content_type="application/json").status_code == 403
    b_admin = govbr_client(city_b["tenant"], city_b["user"])
    assert b_admin.put(url, payload, content_type="application/json").status_code == 404
    jose = govbr_client(city.tenant, citizens["jose"])
    assert [r["id"] for r in jose.get("/api/v1/citizen/petition-types/").json()] == [body["id"]]
    saved = admin.put(url, payload, content_type="application/json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["requires_advanced"] and not saved.json()["active"]
    assert saved.json()["guidance"] == "Envie a planta do imóvel."
    assert jose.get("/api/v1/citizen/petition-types/").json() == []
    # Reactivated, the citizen sees the new orientações.
    admin.put(url, {**payload, "active": True}, content_type="application/json")
    [row] = jose.get("/api/v1/citizen/petition-types/").json()
    assert row["guidance"] == "Envie a planta do imóvel." and row["requires_advanced"]


def test_the_citizen_policy_is_this_citys_admins_alone(city, city_b, citizens):
    for client in _outsiders(city, city_b, citizens):
        response = client.patch(
            "/api/v1/citizen-policy/",
            {"simple_signature_allowed": False},
            content_type="application/json",
        )
        assert response.status_code == 403
    for client in _outsiders(city, city_b, citizens)[1:]:
        assert client.get("/api/v1/citizen-policy/").status_code == 403
    admin = govbr_client(city.tenant, city.admin_user)
    assert admin.get("/api/v1/citizen-policy/").json()["simple_signature_allowed"] is True
    saved = admin.patch(
        "/api/v1/citizen-policy/", {"simple_signature_allowed": False}, "application/json"
    )
    assert saved.status_code == 200 and saved.json()["simple_signature_allowed"] is False
    # Another city's decree is its own.
    b_admin = govbr_client(city_b["tenant"], city_b["user"])
    assert b_admin.get("/api/v1/citizen-policy/").json()["simple_signature_allowed"] is True
