"""Adding a servidor by CPF never renames anyone and never reveals what gov.br or another
municipality recorded about the person: this municipality shows the name its admin
typed until the person signs in here with gov.br."""

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from core.models import StaffMember
from tests.accounts.test_govbr import CITIZEN, Flow

pytestmark = pytest.mark.django_db
JSON = "application/json"
DAVI_CPF = "86288366757"  # Ipatinga's manager (city_b)


def _person(city, cpf=DAVI_CPF, name="Fulano Digitado"):
    return {
        "cpf": cpf,
        "name": name,
        "email": "fulano@extrema.example",
        "unit": str(city.root.uuid),
    }


def test_adding_a_known_cpf_keeps_the_typed_name_and_reveals_nothing(city, city_b, client_for):
    admin = client_for(city.tenant, city.admin_user)
    response = admin.post("/api/v1/staff/", _person(city), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Fulano Digitado" and body["cpf_masked"] == "***.883.667-**"
    assert body["units"] == [{"acronym": "GAB", "role": "basic"}]
    assert "Davi" not in response.content.decode()
    # Nobody was renamed: the person's account and Ipatinga keep their name.
    assert User.objects.get(cpf=DAVI_CPF).name == "Davi Ipatinga"
    directory_b = client_for(city_b["tenant"], city_b["user"]).get("/api/v1/staff/").json()
    assert [p["name"] for p in directory_b] == ["Davi Ipatinga"]
    # Extrema shows the typed name everywhere it names its staff.
    directory = admin.get("/api/v1/staff/")
    assert "Davi" not in directory.content.decode()
    assert "Fulano Digitado" in [p["name"] for p in directory.json()]
    members = admin.get("/api/v1/me/current-unit/members/")
    assert "Fulano Digitado" in [m["name"] for m in members.json()]
    assert "Davi" not in members.content.decode()
    # Typed again (a correction) before the person signs in: the new typing is kept.
    again = admin.post(
        "/api/v1/staff/", _person(city, name="Fulano de Tal"), content_type=JSON
    ).json()
    assert again["name"] == "Fulano de Tal" and again["id"] == body["id"]
    assert User.objects.get(cpf=DAVI_CPF).name == "Davi Ipatinga"


def test_a_new_cpf_gets_an_account_with_the_typed_name(city, client_for):
    admin = client_for(city.tenant, city.admin_user)
    body = admin.post(
        "/api/v1/staff/", _person(city, cpf="526.018.159-06", name="Eva Nova"), content_type=JSON
    ).json()
    assert body["name"] == "Eva Nova"
    assert User.objects.get(cpf="52601815906").name == "Eva Nova"


def test_after_signing_in_with_govbr_the_persons_own_name_is_shown(
    city, city_b, client_for, public_tenant
):
    admin = client_for(city.tenant, city.admin_user)
    assert admin.post("/api/v1/staff/", _person(city), content_type=JSON).status_code == 201
    Flow().login(CITIZEN)  # José Cidadão, as gov.br calls him, signs in on Extrema
    names = [p["name"] for p in admin.get("/api/v1/staff/").json()]
    assert "José Cidadão" in names and "Fulano Digitado" not in names
    with schema_context(city.tenant.schema_name):
        assert StaffMember.objects.get(user_id=city_b["user"].pk).display_name == ""
    # A later addition to another unit renames nobody either.
    other_unit = {**_person(city, name="Outro Nome"), "unit": str(city.obras.uuid)}
    assert admin.post("/api/v1/staff/", other_unit, content_type=JSON).json()["name"] == (
        "José Cidadão"
    )


@pytest.mark.parametrize("who", ["clerk", "citizen", "anonymous", "other_city_admin"])
def test_only_this_municipalitys_admins_add_staff(city, city_b, client_for, who):
    user = {
        "clerk": city.clerk_user,
        "citizen": User.objects.create_user(cpf="52601815906", name="Cidadã"),
        "anonymous": None,
        "other_city_admin": city_b["user"],
    }[who]
    client = client_for(city.tenant, user)
    response = client.post("/api/v1/staff/", _person(city), content_type=JSON)
    assert response.status_code in (401, 403)
    assert client.get("/api/v1/staff/").status_code in (401, 403)
    with schema_context(city.tenant.schema_name):
        assert not StaffMember.objects.filter(user_id=city_b["user"].pk).exists()
