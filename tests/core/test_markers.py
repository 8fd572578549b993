"""Markers (marcadores): a unit's coloured labels, managed by its members, put on the
processes open there; the inbox shows them and filters by one."""

import pytest
from django_tenants.utils import schema_context

from core.models import Marker, ProcessEvent, ProcessMarker, ProcessType
from core.services import dispatch
from core.services import markers as marker_services
from core.services.processes import create_process

pytestmark = pytest.mark.django_db


def _process(city, staff=None, summary="Poda"):
    return create_process(
        staff=staff or city.clerk,
        process_type=city.process_type,
        summary=summary,
        access_level="public",
    )


def _json(client, method, url, body=None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


def _inbox(client, **params):
    return client.get("/api/v1/inbox/", params).json()["results"]


def test_unit_members_manage_their_units_markers(city, client_for):
    clerk = client_for(city.tenant, city.clerk_user)
    created = _json(clerk, "post", "/api/v1/markers/", {"name": "Urgente", "color": "red"})
    assert created.status_code == 201, created.json()
    marker = created.json()
    assert marker["name"] == "Urgente" and marker["color"] == "red" and marker["active"]
    assert [m["name"] for m in clerk.get("/api/v1/markers/").json()] == ["Urgente"]
    # A colleague of the same unit sees and changes it.
    admin = client_for(city.tenant, city.admin_user)
    changed = _json(admin, "patch", f"/api/v1/markers/{marker['id']}/", {"color": "orange"})
    assert changed.status_code == 200 and changed.json()["color"] == "orange"
    # Names are unique per unit, ignoring case; colours come from the palette.
    duplicate = _json(clerk, "post", "/api/v1/markers/", {"name": "urgente"})
    assert duplicate.status_code == 409 and "já tem um marcador" in duplicate.json()["detail"]
    assert (
        _json(clerk, "post", "/api/v1/markers/", {"name": "X", "color": "#fff"}).status_code == 400
    )
    # Another unit neither sees nor changes it, and may use the same name.
    obras = client_for(city.tenant, city.other_user)
    assert obras.get("/api/v1/markers/").json() == []
    assert (
        _json(obras, "patch", f"/api/v1/markers/{marker['id']}/", {"name": "X"}).status_code == 404
    )
    assert _json(obras, "post", "/api/v1/markers/", {"name": "Urgente"}).status_code == 201


def test_a_marked_process_shows_its_marker_in_the_inbox_which_filters_by_it(city, client_for):
    with city.ctx():
        marked = _process(city, summary="Marcado")
        _process(city, summary="Sem marcador")
        urgent = marker_services.save_marker(staff=city.clerk, name="Urgente", color="red")
    clerk = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/processes/{marked.uuid}/markers/"
    response = _json(clerk, "post", url, {"marker": str(urgent.uuid), "note": "Prazo sexta"})
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "id": str(urgent.uuid),
        "name": "Urgente",
        "color": "red",
        "note": "Prazo sexta",
    }
    rows = {r["summary"]: r for r in _inbox(clerk)}
    assert [m["name"] for m in rows["Marcado"]["markers"]] == ["Urgente"]
    assert rows["Sem marcador"]["markers"] == []
    assert [r["summary"] for r in _inbox(clerk, marker=str(urgent.uuid))] == ["Marcado"]
    assert clerk.get("/api/v1/inbox/", {"marker": "nope"}).status_code == 400
    detail = clerk.get(f"/api/v1/processes/{marked.uuid}/").json()
    assert detail["markers"][0]["note"] == "Prazo sexta"

    changed = _json(clerk, "post", url, {"marker": str(urgent.uuid), "note": "Prazo segunda"})
    assert changed.status_code == 201 and changed.json()["note"] == "Prazo segunda"
    assert clerk.delete(f"{url}{urgent.uuid}/").status_code == 204
    assert clerk.delete(f"{url}{urgent.uuid}/").status_code == 404
    assert _inbox(clerk, marker=str(urgent.uuid)) == []
    with city.ctx():
        actions = list(ProcessEvent.objects.filter(process=marked).values_list("action", flat=True))
        assert actions[-3:] == ["marked", "marker_changed", "unmarked"]
        assert ProcessEvent.objects.get(process=marked, action="marked").description == (
            "Marcador “Urgente” incluído na unidade GAB"
        )


def test_only_processes_open_in_the_unit_carry_its_markers(city, client_for):
    with city.ctx():
        gone = _process(city)
        dispatch.send(staff=city.clerk, process=gone, to_units=[city.obras])
        here = _process(city)
        mine = marker_services.save_marker(staff=city.clerk, name="Aguardando")
        theirs = marker_services.save_marker(staff=city.other, name="Vistoria")
        old = marker_services.save_marker(staff=city.clerk, name="Antigo", active=False)
    clerk = client_for(city.tenant, city.clerk_user)
    response = _json(
        clerk, "post", f"/api/v1/processes/{gone.uuid}/markers/", {"marker": str(mine.uuid)}
    )
    assert response.status_code == 409 and response.json()["code"] == "not_open_here"
    url = f"/api/v1/processes/{here.uuid}/markers/"
    assert _json(clerk, "post", url, {"marker": str(theirs.uuid)}).status_code == 404
    assert _json(clerk, "post", url, {"marker": str(old.uuid)}).status_code == 400
    # The other unit's markers never show on this unit's view of a process.
    obras = client_for(city.tenant, city.other_user)
    assert _json(obras, "post", f"/api/v1/processes/{gone.uuid}/markers/",
                 {"marker": str(theirs.uuid)}).status_code == 201  # fmt: skip
    assert clerk.get(f"/api/v1/processes/{gone.uuid}/").json()["markers"] == []


def test_ids_from_another_municipality_are_not_found(city, city_b, client_for):
    with city.ctx():
        process = _process(city)
        marker = marker_services.save_marker(staff=city.clerk, name="Urgente")
        marker_services.mark(staff=city.clerk, process=process, marker=marker)
    with schema_context(city_b["tenant"].schema_name):
        own = create_process(
            staff=city_b["staff"],
            process_type=ProcessType.objects.first(),
            summary="Ipatinga",
            access_level="public",
        )
    client = client_for(city_b["tenant"], city_b["user"])
    p, m = f"/api/v1/processes/{process.uuid}", marker.uuid
    calls = [
        ("patch", f"/api/v1/markers/{m}/", {"name": "X"}),
        ("post", f"{p}/markers/", {"marker": str(m)}),
        ("delete", f"{p}/markers/{m}/", None),
        ("post", f"/api/v1/processes/{own.uuid}/markers/", {"marker": str(m)}),
    ]
    for method, url, body in calls:
        assert _json(client, method, url, body).status_code == 404, url
    assert client.get("/api/v1/markers/").json() == []
    assert client.get("/api/v1/inbox/", {"marker": str(m)}).json()["results"] == []
    with city.ctx():
        assert Marker.objects.get().name == "Urgente" and ProcessMarker.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_people_without_a_staff_role_are_refused(city, client_for, make_user, who):
    with city.ctx():
        process = _process(city)
        marker = marker_services.save_marker(staff=city.clerk, name="Urgente")
    user = None if who == "anonymous" else make_user(cpf="86288366757", name="Cidadão")
    client = client_for(city.tenant, user)
    p = f"/api/v1/processes/{process.uuid}"
    calls = [
        ("get", "/api/v1/markers/", None),
        ("post", "/api/v1/markers/", {"name": "X"}),
        ("patch", f"/api/v1/markers/{marker.uuid}/", {"name": "X"}),
        ("post", f"{p}/markers/", {"marker": str(marker.uuid)}),
        ("delete", f"{p}/markers/{marker.uuid}/", None),
    ]
    for method, url, body in calls:
        assert _json(client, method, url, body).status_code in (401, 403), url


def test_bad_filter_ids_are_refused_in_portuguese(city, client_for):
    client = client_for(city.tenant, city.clerk_user)
    marker = client.get("/api/v1/inbox/", {"marker": "x"})
    assert marker.status_code == 400
    assert marker.json() == {"code": "invalid_id", "detail": "Marcador inválido."}
    group = client.get("/api/v1/watches/", {"group": "x"})
    assert group.json() == {"code": "invalid_id", "detail": "Grupo inválido."}
