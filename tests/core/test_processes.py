"""Processes: numbers, parties, access levels, history; the API and its permissions."""

import re
import threading

import pytest
from django.db import connection, connections
from django_tenants.utils import schema_context

from core.errors import CoreError
from core.models import Process, ProcessEvent
from core.numbering import parse
from core.services.processes import create_process

pytestmark = pytest.mark.django_db

CPF_PARTY = {"document": "529.982.247-25", "name": "Maria Requerente"}
CNPJ_PARTY = {"document": "11.222.333/0001-81", "name": "Construtora Exemplo Ltda"}


def _create(city, staff=None, **kwargs):
    kwargs.setdefault("access_level", "public")
    return create_process(
        staff=staff or city.clerk,
        process_type=city.process_type,
        summary=kwargs.pop("summary", "Pedido de poda de árvore"),
        **kwargs,
    )


def test_a_process_gets_a_valid_number_its_parties_and_a_history_line(city):
    with city.ctx():
        process = _create(city, parties=[CPF_PARTY, CNPJ_PARTY, CPF_PARTY])
        number = parse(process.number)
        assert number.prefix == city.tenant.process_code
        assert re.fullmatch(r"\d{4}\.01\.\d{7}/\d{4}-\d{2}", str(process))
        assert [(p.kind, p.document) for p in process.parties.order_by("kind")] == [
            ("company", "11222333000181"),
            ("person", "52998224725"),
        ]
        event = process.events.get()
        assert event.action == "created" and "GAB" in event.description


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"summary": "  "}, "summary_missing"),
        ({"access_level": "restricted"}, "legal_basis_required"),
        ({"access_level": "top-secret"}, "access_level_invalid"),
        ({"parties": [{"document": "111.111.111-11", "name": "X"}]}, "party_document_invalid"),
        ({"parties": [{"document": "11.222.333/0001-80", "name": "X"}]}, "party_document_invalid"),
        ({"parties": [{"document": "529.982.247-25", "name": " "}]}, "party_name_missing"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(city, kwargs, code):
    with city.ctx():
        before = Process.objects.count()
        with pytest.raises(CoreError) as err:
            _create(city, **kwargs)
        assert err.value.code == code
        assert Process.objects.count() == before


def test_legal_basis_must_match_the_level(city):
    with city.ctx():
        with pytest.raises(CoreError) as err:
            _create(city, access_level="restricted", legal_basis=city.secret_basis)
        assert err.value.code == "legal_basis_mismatch"
        with pytest.raises(CoreError) as err:
            _create(city, legal_basis=city.personal)
        assert err.value.code == "legal_basis_not_allowed"


def test_history_cannot_be_edited_or_deleted(city):
    with city.ctx():
        event = _create(city).events.get()
        event.description = "reescrito"
        for attempt in (
            event.save,
            event.delete,
            lambda: ProcessEvent.objects.filter(pk=event.pk).update(description="x"),
            lambda: ProcessEvent.objects.filter(pk=event.pk).delete(),
        ):
            with pytest.raises(ValueError, match="append-only"):
                attempt()


@pytest.mark.django_db(transaction=True)
def test_parallel_creation_gives_gap_free_unique_numbers(city, truncate_processes):
    schema = city.tenant.schema_name
    numbers, errors = [], []

    def work():
        try:
            with schema_context(schema):
                for _ in range(5):
                    numbers.append(_create(city).number)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == len(set(numbers)) == 40
    sequences = sorted(int(n[6:13]) for n in numbers)
    assert sequences == list(range(sequences[0], sequences[0] + 40))
    connection.set_schema_to_public()


# --- API ---------------------------------------------------------------------------


def _payload(city, **extra):
    return {
        "process_type": str(city.process_type.uuid),
        "summary": "Alvará de reforma",
        "access_level": "public",
        "parties": [CPF_PARTY],
        **extra,
    }


def test_staff_create_and_read_a_process_through_the_api(city, client_for):
    client = client_for(city.tenant, city.clerk_user)
    created = client.post("/api/v1/processes/", _payload(city), content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert re.fullmatch(r"\d{4}\.01\.\d{7}/\d{4}-\d{2}", body["number"])
    assert body["parties"][0]["kind"] == "person"
    assert client.get(f"/api/v1/processes/{body['id']}/").json()["summary"] == "Alvará de reforma"
    assert client.get(f"/api/v1/processes/{body['id']}/events/").json()[0]["action"] == "created"
    assert client.get("/api/v1/processes/").json()["count"] >= 1


def test_errors_come_back_in_portuguese(city, client_for):
    client = client_for(city.tenant, city.clerk_user)
    response = client.post(
        "/api/v1/processes/",
        _payload(city, access_level="restricted"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Informe a hipótese legal")


def test_citizens_and_anonymous_reach_nothing(city, client_for, make_user):
    citizen = make_user(cpf="86288366757", name="Cidadão")
    with city.ctx():
        process = _create(city)
    for user in (None, citizen):
        client = client_for(city.tenant, user)
        for url in (
            "/api/v1/processes/",
            f"/api/v1/processes/{process.uuid}/",
            "/api/v1/me/",
            "/api/v1/process-types/",
        ):
            assert client.get(url).status_code in (401, 403), (user, url)


def test_only_municipal_admins_manage_units_staff_and_catalogues(city, client_for):
    clerk = client_for(city.tenant, city.clerk_user)
    admin = client_for(city.tenant, city.admin_user)
    unit = {"name": "Secretaria de Saúde", "acronym": "SMS", "parent": str(city.root.uuid)}
    assert clerk.post("/api/v1/units/", unit, content_type="application/json").status_code == 403
    assert admin.post("/api/v1/units/", unit, content_type="application/json").status_code == 201
    again = admin.post("/api/v1/units/", unit, content_type="application/json")
    assert again.status_code == 409 and "sigla" in again.json()["detail"]
    person = {
        "cpf": "526.018.159-06",
        "name": "Eva Nova",
        "email": "eva@example.org",
        "unit": str(city.root.uuid),
    }
    assert clerk.post("/api/v1/staff/", person, content_type="application/json").status_code == 403
    assert admin.post("/api/v1/staff/", person, content_type="application/json").status_code == 201
    bad = admin.post("/api/v1/staff/", {**person, "cpf": "123"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"].startswith("CPF inválido")
    kind = {"name": "Licença Ambiental", "default_access_level": "public"}
    assert (
        clerk.post("/api/v1/process-types/", kind, content_type="application/json").status_code
        == 403
    )
    assert (
        admin.post("/api/v1/process-types/", kind, content_type="application/json").status_code
        == 201
    )
    assert len(clerk.get("/api/v1/process-types/").json()) == 23


def test_staff_switch_their_current_unit_only_to_their_own_units(city, client_for):
    client = client_for(city.tenant, city.clerk_user)
    me = client.get("/api/v1/me/").json()
    assert [u["acronym"] for u in me["units"]] == ["GAB"]
    refused = client.post(
        "/api/v1/me/current-unit/", {"unit": str(city.obras.uuid)}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_ids_from_another_municipality_are_not_found(city, city_b, client_for):
    with city.ctx():
        process = _create(city)
    client = client_for(city_b["tenant"], city_b["user"])
    assert client.get(f"/api/v1/processes/{process.uuid}/").status_code == 404
    assert client.get(f"/api/v1/processes/{process.uuid}/events/").status_code == 404
    response = client.post(
        f"/api/v1/processes/{process.uuid}/documents/",
        {"document_type": str(city.oficio.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 404
    # Staff of Extrema are nobody on Ipatinga's host.
    assert client_for(city_b["tenant"], city.clerk_user).get("/api/v1/me/").status_code == 403


def test_admins_list_the_staff_with_units_and_roles(city, client_for):
    people = client_for(city.tenant, city.admin_user).get("/api/v1/staff/").json()
    names = {p["name"]: p for p in people}
    assert names["Alice Admin"]["is_municipal_admin"] is True
    assert names["Carla Obras"]["units"] == [{"acronym": "SEOB", "role": "basic"}]
    assert names["Bruno Servidor"]["cpf_masked"] == "***.444.777-**"
    assert client_for(city.tenant, city.clerk_user).get("/api/v1/staff/").status_code == 403
