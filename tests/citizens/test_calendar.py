"""The city's calendar (municipal holidays, pontos facultativos, outages) as the admin
registers it, feeding the one day-counting function (scenarios 4 and 7 through the
configuration)."""

import datetime as dt

import pytest
from django.test import Client

from citizens.calendar import tenant_calendar
from citizens.deadlines import BRASILIA, is_timely, prazo
from citizens.models import MunicipalHoliday, Outage
from tests.citizens.conftest import govbr_client
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_municipal_holiday_moves_the_tacit_date(city):
    admin = govbr_client(city.tenant, city.admin_user)
    with city.ctx():
        assert prazo(D(2025, 3, 7), 10, "D", "C", tenant_calendar()) == D(2025, 3, 19)
    response = admin.post(
        "/api/v1/calendar/holidays/",
        {"date": "2025-03-19", "name": "Aniversário da cidade"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    with city.ctx():
        assert prazo(D(2025, 3, 7), 10, "D", "C", tenant_calendar()) == D(2025, 3, 20)
    # Another city's calendar is untouched.
    from django_tenants.utils import schema_context

    from tests.conftest import CITY_B, ensure_city

    with schema_context(ensure_city(CITY_B).schema_name):
        assert prazo(D(2025, 3, 7), 10, "D", "C", tenant_calendar()) == D(2025, 3, 19)
    again = admin.post(
        "/api/v1/calendar/holidays/",
        {"date": "2025-03-19", "name": "Outro"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_an_outage_com_prorrogacao_extends_the_last_day(city):
    admin = govbr_client(city.tenant, city.admin_user)
    response = admin.post(
        "/api/v1/calendar/outages/",
        {"starts_on": "2025-03-20", "ends_on": "2025-03-20", "description": "Falha no data center"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    with city.ctx():
        calendar = tenant_calendar()
    at = dt.datetime(2025, 3, 21, 23, 59, 59, tzinfo=BRASILIA)
    assert is_timely(at, D(2025, 3, 20), calendar)
    assert not is_timely(at + dt.timedelta(seconds=2), D(2025, 3, 20), calendar)


def test_bad_calendar_input_is_a_portuguese_400_and_nothing_is_written(city):
    admin = govbr_client(city.tenant, city.admin_user)
    response = admin.post(
        "/api/v1/calendar/outages/",
        {"starts_on": "2025-03-21", "ends_on": "2025-03-20"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "outage_dates_invalid"
    assert "fim" in response.json()["detail"]
    bad_date = admin.post(
        "/api/v1/calendar/holidays/", {"date": "31/02/2025", "name": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert bad_date.status_code == 400
    with city.ctx():
        assert not Outage.objects.exists() and not MunicipalHoliday.objects.exists()


def test_only_the_citys_admins_change_the_calendar(city, city_b, citizens):
    body = {"date": "2025-03-19", "name": "Feriado"}
    for client in (
        govbr_client(city.tenant, city.clerk_user),  # staff without the role
        govbr_client(city.tenant, citizens["jose"]),  # a citizen
        govbr_client(city.tenant, city_b["user"]),  # another city's admin
        Client(HTTP_HOST=host_of(city.tenant)),  # no session
    ):
        response = client.post("/api/v1/calendar/holidays/", body, content_type="application/json")
        assert response.status_code == 403
        outage = {"starts_on": "2025-03-20", "ends_on": "2025-03-20"}
        response = client.post("/api/v1/calendar/outages/", outage, content_type="application/json")
        assert response.status_code == 403
    with city.ctx():
        assert not MunicipalHoliday.objects.exists() and not Outage.objects.exists()
    # Staff read it (the clerk), citizens do not need to.
    assert govbr_client(city.tenant, city.clerk_user).get("/api/v1/calendar/holidays/").json() == []


def test_the_city_may_raise_levels_never_lower_them(city, citizens):
    admin = govbr_client(city.tenant, city.admin_user)
    lower = admin.patch(
        "/api/v1/citizen-policy/", {"adhesion_level": "bronze"}, content_type="application/json"
    )
    assert lower.status_code == 400 and lower.json()["code"] == "level_below_minimum"
    raised = admin.patch(
        "/api/v1/citizen-policy/",
        {"adhesion_level": "ouro", "tacit_days": 10},
        content_type="application/json",
    )
    assert raised.status_code == 200 and raised.json()["adhesion_level"] == "ouro"
    prata = govbr_client(city.tenant, citizens["jose"], level="prata")
    refused = prata.post("/api/v1/citizen/adhesion/", {}, content_type="application/json")
    assert refused.status_code == 403 and "ouro" in refused.json()["detail"]
    for client in (
        govbr_client(city.tenant, city.clerk_user),
        govbr_client(city.tenant, citizens["jose"]),
        Client(HTTP_HOST=host_of(city.tenant)),
    ):
        response = client.patch(
            "/api/v1/citizen-policy/", {"tacit_days": 5}, content_type="application/json"
        )
        assert response.status_code == 403
