"""Sending processes between units, the unit inbox, receipt, conclusion, assignment."""

import pytest
from django_tenants.utils import schema_context

from core.errors import CoreError
from core.models import Unit
from core.services import dispatch
from core.services.processes import create_process
from core.services.staff import add_staff

pytestmark = pytest.mark.django_db


def _process(city, access="public", basis=None):
    return create_process(
        staff=city.clerk,
        process_type=city.process_type,
        summary="Poda",
        access_level=access,
        legal_basis=basis,
    )


def _inbox(client, **params):
    return client.get("/api/v1/inbox/", params).json()["results"]


def test_a_new_process_is_in_its_units_inbox_as_generated(city, client_for):
    with city.ctx():
        process = _process(city)
    rows = _inbox(client_for(city.tenant, city.clerk_user))
    assert [(r["id"], r["generated"], r["read"]) for r in rows] == [(str(process.uuid), True, True)]


def test_send_moves_the_process_and_the_receiving_unit_sees_it_unread(city, client_for):
    with city.ctx():
        process = _process(city)
    sender = client_for(city.tenant, city.clerk_user)
    response = sender.post(
        f"/api/v1/processes/{process.uuid}/send/",
        {"units": [str(city.obras.uuid)], "note": "Para vistoria"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert _inbox(sender) == []  # not kept open here
    receiver = client_for(city.tenant, city.other_user)
    [row] = _inbox(receiver, unread=1)
    assert row["read"] is False and row["generated"] is False
    # Opening it records the receipt once and marks it read.
    receiver.get(f"/api/v1/processes/{process.uuid}/")
    receiver.get(f"/api/v1/processes/{process.uuid}/")
    assert _inbox(receiver, unread=1) == []
    actions = [
        e["action"] for e in receiver.get(f"/api/v1/processes/{process.uuid}/events/").json()
    ]
    assert actions == ["created", "sent", "received"]


def test_only_a_unit_where_the_process_is_open_may_send_it(city):
    with city.ctx():
        process = _process(city)
        dispatch.send(staff=city.clerk, process=process, to_units=[city.obras])
        with pytest.raises(CoreError) as err:
            dispatch.send(staff=city.clerk, process=process, to_units=[city.obras])
        assert err.value.code == "not_open_here"


def test_send_to_many_units_and_keep_it_open(city):
    with city.ctx():
        saude = Unit.objects.create(name="Secretaria de Saúde", acronym="SMS", parent=city.root)
        process = _process(city)
        sent = dispatch.send(
            staff=city.clerk, process=process, to_units=[city.obras, saude], keep_open=True
        )
        assert {d.to_unit.acronym for d in sent} == {"SEOB", "SMS"}
        assert set(process.open_in.values_list("unit__acronym", flat=True)) == {
            "GAB",
            "SEOB",
            "SMS",
        }


def test_restricted_processes_become_visible_to_the_units_they_reach(city, client_for):
    with city.ctx():
        process = _process(city, access="restricted", basis=city.personal)
    other = client_for(city.tenant, city.other_user)
    assert other.get(f"/api/v1/processes/{process.uuid}/").status_code == 404
    with city.ctx():
        dispatch.send(staff=city.clerk, process=process, to_units=[city.obras])
    assert other.get(f"/api/v1/processes/{process.uuid}/").status_code == 200


def test_secret_processes_stay_out_of_the_inbox_of_those_not_credentialed(city, client_for):
    with city.ctx():
        process = _process(city, access="secret", basis=city.secret_basis)
        dispatch.send(staff=city.clerk, process=process, to_units=[city.obras])
    assert _inbox(client_for(city.tenant, city.other_user)) == []


def test_conclude_reopen_and_assign(city, client_for):
    with city.ctx():
        process = _process(city)
        colleague = add_staff(
            admin=city.admin,
            cpf="86288366757",
            name="Davi Colega",
            email="davi@example.org",
            unit=city.root,
        )
    client = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/processes/{process.uuid}"
    assigned = client.post(
        f"{url}/assign/", {"staff": str(colleague.uuid)}, content_type="application/json"
    )
    assert assigned.status_code == 200
    assert _inbox(client)[0]["assignee"] == {"id": str(colleague.uuid), "name": "Davi Colega"}
    outsider = client.post(
        f"{url}/assign/", {"staff": str(city.other.uuid)}, content_type="application/json"
    )
    assert outsider.status_code == 400
    assert client.post(f"{url}/conclude/").status_code == 200
    assert _inbox(client) == []
    assert client.post(f"{url}/conclude/").status_code == 409
    assert client.post(f"{url}/reopen/").status_code == 200
    assert len(_inbox(client)) == 1
    # A unit the process never passed through cannot reopen it.
    assert client_for(city.tenant, city.other_user).post(f"{url}/reopen/").status_code == 403


def test_inbox_and_send_refuse_other_municipalities(city, city_b, client_for):
    with city.ctx():
        process = _process(city)
    client = client_for(city_b["tenant"], city_b["user"])
    assert _inbox(client) == []
    response = client.post(
        f"/api/v1/processes/{process.uuid}/send/",
        {"units": [str(city.obras.uuid)]},
        content_type="application/json",
    )
    assert response.status_code == 404
    with schema_context(city.tenant.schema_name):
        assert process.open_in.get().unit == city.root


def test_a_locked_process_refuses_changes_but_stays_readable(city, client_for):
    """While a process is with another body (Tramita) it is read-only here."""
    from core.models import Process

    with city.ctx():
        process = _process(city)
        Process.objects.filter(pk=process.pk).update(lock="external")
    client = client_for(city.tenant, city.clerk_user)
    assert client.get(f"/api/v1/processes/{process.uuid}/").status_code == 200
    response = client.post(
        f"/api/v1/processes/{process.uuid}/send/",
        {"units": [str(city.obras.uuid)]},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "trâmite externo" in response.json()["detail"]
    with city.ctx(), pytest.raises(CoreError, match="trâmite externo"):
        dispatch.conclude(staff=city.clerk, process=process)


def test_assign_shows_the_name_in_inbox_and_detail_and_can_be_removed(city, client_for):
    with city.ctx():
        process = _process(city)
    client = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/processes/{process.uuid}"
    members = client.get("/api/v1/me/current-unit/members/").json()
    assert [m["name"] for m in members] == ["Alice Admin", "Bruno Servidor"]  # GAB, by name
    alice = next(m for m in members if m["name"] == "Alice Admin")
    answer = client.post(f"{url}/assign/", {"staff": alice["id"]}, content_type="application/json")
    assert answer.json()["assignee"] == alice
    assert _inbox(client)[0]["assignee"] == alice
    assert client.get(f"{url}/").json()["here"] == {
        "open": True,
        "read": True,
        "assignee": alice,
    }
    assert _inbox(client, mine=1) == []
    assert len(_inbox(client_for(city.tenant, city.admin_user), mine=1)) == 1
    removed = client.post(f"{url}/assign/", {"staff": None}, content_type="application/json")
    assert removed.json()["assignee"] is None and _inbox(client)[0]["assignee"] is None
    actions = [e["action"] for e in client.get(f"{url}/events/").json()]
    assert actions[-2:] == ["assigned", "unassigned"]
    # Where it is not open, the detail says so.
    assert client_for(city.tenant, city.other_user).get(f"{url}/").json()["here"] == {
        "open": False,
        "read": False,
        "assignee": None,
    }


def test_a_secret_process_is_assigned_only_to_someone_credentialed(city, client_for):
    with city.ctx():
        process = _process(city, access="secret", basis=city.secret_basis)
    client = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/processes/{process.uuid}/assign/"
    refused = client.post(url, {"staff": str(city.admin.uuid)}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "assignee_without_access"
    mine = client.post(url, {"staff": str(city.clerk.uuid)}, content_type="application/json")
    assert mine.status_code == 200


def test_unit_members_are_those_of_my_current_unit_only(city, client_for):
    other = client_for(city.tenant, city.other_user)
    assert [m["name"] for m in other.get("/api/v1/me/current-unit/members/").json()] == [
        "Carla Obras"
    ]
    assert client_for(city.tenant).get("/api/v1/me/current-unit/members/").status_code in (
        401,
        403,
    )
