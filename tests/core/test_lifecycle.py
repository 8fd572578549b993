"""Suspension (sobrestamento) and resumption, relations between processes and
annexation: the rules, the read-only guard, what each person may see, and isolation."""

import pytest
from django_tenants.utils import schema_context

from core.errors import CoreError
from core.models import OpenIn, Process, ProcessEvent, ProcessRelation, ProcessType
from core.services import dispatch, lifecycle
from core.services import documents as docs
from core.services.processes import create_process

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _process(city, staff=None, summary="Poda", access="public", basis=None):
    return create_process(
        staff=staff or city.clerk,
        process_type=city.process_type,
        summary=summary,
        access_level=access,
        legal_basis=basis,
    )


def _post(client, url, body=None):
    if body is None:
        return client.post(url)
    return client.post(url, body, content_type="application/json")


def _actions(city, process):
    with city.ctx():
        return list(ProcessEvent.objects.filter(process=process).values_list("action", flat=True))


# --- suspension -------------------------------------------------------------------------


def test_a_suspended_process_is_read_only_until_resumed(city, client_for):
    with city.ctx():
        process = _process(city)
        draft = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>x</p>"
        )
    client = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/processes/{process.uuid}"
    response = _post(client, f"{url}/suspend/", {"reason": "Aguardando parecer jurídico"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["suspended"] is True and body["locked"] is True
    assert body["suspension_reason"] == "Aguardando parecer jurídico"
    [row] = client.get("/api/v1/inbox/").json()["results"]
    assert row["suspended"] is True and row["suspension_reason"] == "Aguardando parecer jurídico"

    refused = [
        _post(client, f"{url}/documents/", {"document_type": str(city.despacho.uuid)}),
        _post(client, f"{url}/send/", {"units": [str(city.obras.uuid)]}),
        _post(
            client, "/api/v1/signatures/", {"documents": [str(draft.uuid)], "password": PASSWORD}
        ),
        _post(client, f"/api/v1/documents/{draft.uuid}/versions/", {"html": "<p>y</p>"}),
        _post(client, f"{url}/conclude/"),
        _post(client, f"{url}/suspend/", {"reason": "de novo"}),
    ]
    assert [r.status_code for r in refused] == [409] * 6
    assert "sobrestado" in refused[0].json()["detail"]
    assert refused[0].json()["code"] == "process_suspended"
    assert client.get(f"{url}/").status_code == 200  # still readable

    resumed = _post(client, f"{url}/resume/")
    assert resumed.status_code == 200 and resumed.json()["suspended"] is False
    assert _post(client, f"{url}/resume/").status_code == 409  # not suspended any more
    created = _post(client, f"{url}/documents/", {"document_type": str(city.despacho.uuid)})
    assert created.status_code == 201
    assert client.get("/api/v1/inbox/").json()["results"][0]["suspended"] is False
    actions = _actions(city, process)
    assert actions.index("suspended") < actions.index("resumed")
    with city.ctx():
        line = ProcessEvent.objects.get(process=process, action="suspended").description
    assert line == "Processo sobrestado na unidade GAB. Motivo: Aguardando parecer jurídico"


def test_suspension_needs_a_reason(city, client_for):
    with city.ctx():
        process = _process(city)
        with pytest.raises(CoreError) as err:
            lifecycle.suspend(staff=city.clerk, process=process, reason="   ")
        assert err.value.code == "suspension_reason_missing"
    client = client_for(city.tenant, city.clerk_user)
    assert (
        _post(client, f"/api/v1/processes/{process.uuid}/suspend/", {"reason": ""}).status_code
        == 400
    )


def test_only_a_unit_where_the_process_is_open_may_suspend_or_resume(city, client_for):
    with city.ctx():
        process = _process(city)
    url = f"/api/v1/processes/{process.uuid}"
    obras = client_for(city.tenant, city.other_user)  # SEOB: sees it (public), not open there
    response = _post(obras, f"{url}/suspend/", {"reason": "Aguardando"})
    assert response.status_code == 409 and response.json()["code"] == "not_open_here"
    clerk = client_for(city.tenant, city.clerk_user)
    assert _post(clerk, f"{url}/suspend/", {"reason": "Aguardando"}).status_code == 200
    assert _post(obras, f"{url}/resume/").status_code == 409
    with city.ctx():
        assert Process.objects.get(pk=process.pk).suspended_at is not None


def test_the_external_lock_and_suspension_share_one_guard(city):
    with city.ctx():
        process = _process(city)
        Process.objects.filter(pk=process.pk).update(lock="external")
        with pytest.raises(CoreError) as err:
            lifecycle.suspend(staff=city.clerk, process=process, reason="x")
        assert err.value.code == "process_locked"


# --- relations --------------------------------------------------------------------------


def test_relating_is_symmetric_and_can_be_undone(city, client_for):
    with city.ctx():
        mine = _process(city, summary="Poda na praça")
        theirs = _process(city, staff=city.other, summary="Calçada da praça")
    clerk = client_for(city.tenant, city.clerk_user)
    obras = client_for(city.tenant, city.other_user)
    response = _post(
        clerk, f"/api/v1/processes/{mine.uuid}/relations/", {"process": str(theirs.uuid)}
    )
    assert response.status_code == 201, response.json()
    assert [p["id"] for p in response.json()["relations"]] == [str(theirs.uuid)]
    other_side = obras.get(f"/api/v1/processes/{theirs.uuid}/").json()
    assert [p["id"] for p in other_side["relations"]] == [str(mine.uuid)]
    again = _post(obras, f"/api/v1/processes/{theirs.uuid}/relations/", {"process": str(mine.uuid)})
    assert again.status_code == 409 and again.json()["code"] == "already_related"

    removed = obras.delete(f"/api/v1/processes/{theirs.uuid}/relations/{mine.uuid}/")
    assert removed.status_code == 204
    assert clerk.get(f"/api/v1/processes/{mine.uuid}/").json()["relations"] == []
    assert (
        obras.delete(f"/api/v1/processes/{theirs.uuid}/relations/{mine.uuid}/").status_code == 404
    )
    assert _actions(city, mine)[-2:] == ["related", "unrelated"]
    assert _actions(city, theirs)[-2:] == ["related", "unrelated"]


def test_relating_never_reveals_a_process_the_person_may_not_see(city, client_for):
    with city.ctx():
        public = _process(city, summary="Público")
        hidden = _process(city, staff=city.other, access="restricted", basis=city.personal)
    clerk = client_for(city.tenant, city.clerk_user)  # GAB: the restricted one never came here
    url = f"/api/v1/processes/{public.uuid}/relations/"
    assert _post(clerk, url, {"process": str(hidden.uuid)}).status_code == 404
    assert _post(clerk, url, {"process": "7b0d3b8e-0000-4000-8000-000000000000"}).status_code == 404
    assert _post(clerk, url, {"process": str(public.uuid)}).status_code == 400  # itself
    # SEOB relates its restricted process to the public one: GAB does not see it listed.
    obras = client_for(city.tenant, city.other_user)
    related = _post(
        obras, f"/api/v1/processes/{hidden.uuid}/relations/", {"process": str(public.uuid)}
    )
    assert related.status_code == 201
    assert clerk.get(f"/api/v1/processes/{public.uuid}/").json()["relations"] == []
    assert [
        p["id"] for p in obras.get(f"/api/v1/processes/{public.uuid}/").json()["relations"]
    ] == [str(hidden.uuid)]


def test_history_lines_do_not_name_a_secret_process(city):
    with city.ctx():
        secret = _process(city, access="secret", basis=city.secret_basis)
        public = _process(city)
        lifecycle.relate(staff=city.clerk, process=secret, other=public)
        line = ProcessEvent.objects.get(process=public, action="related").description
        assert line == "Processo relacionado ao processo (processo sigiloso)"
        assert ProcessRelation.objects.count() == 1


# --- annexation -------------------------------------------------------------------------


def test_annexing_closes_the_annexed_process_everywhere_and_the_main_one_shows_it(city, client_for):
    with city.ctx():
        main = _process(city, summary="Principal")
        annexed = _process(city, summary="Anexo")
        dispatch.send(staff=city.clerk, process=annexed, to_units=[city.obras], keep_open=True)
    clerk = client_for(city.tenant, city.clerk_user)
    response = _post(
        clerk, f"/api/v1/processes/{main.uuid}/annexes/", {"process": str(annexed.uuid)}
    )
    assert response.status_code == 201, response.json()
    assert [p["id"] for p in response.json()["annexes"]] == [str(annexed.uuid)]
    detail = clerk.get(f"/api/v1/processes/{annexed.uuid}/").json()
    assert detail["annexed_to"]["id"] == str(main.uuid) and detail["locked"] is True
    assert detail["here"]["open"] is False
    with city.ctx():
        assert not OpenIn.objects.filter(process=annexed).exists()  # GAB and SEOB
    url = f"/api/v1/processes/{annexed.uuid}"
    refused = _post(clerk, f"{url}/documents/", {"document_type": str(city.despacho.uuid)})
    assert refused.status_code == 409 and refused.json()["code"] == "process_annexed"
    assert _post(clerk, f"{url}/reopen/").status_code == 409
    assert [r["id"] for r in clerk.get("/api/v1/inbox/").json()["results"]] == [str(main.uuid)]
    assert _actions(city, annexed)[-1] == "annexed"
    assert _actions(city, main)[-1] == "annex_received"


def test_annexing_rules(city, client_for):
    with city.ctx():
        a = _process(city, summary="A")
        b = _process(city, summary="B")
        elsewhere = _process(city, staff=city.other, summary="Só em SEOB")
        hidden = _process(city, staff=city.other, access="restricted", basis=city.personal)
    clerk = client_for(city.tenant, city.clerk_user)

    def annex(main, annexed):
        return _post(
            clerk, f"/api/v1/processes/{main.uuid}/annexes/", {"process": str(annexed.uuid)}
        )

    assert annex(a, a).status_code == 400  # into itself
    response = annex(a, elsewhere)  # both must be open here
    assert response.status_code == 409 and response.json()["code"] == "not_open_here"
    assert annex(a, hidden).status_code == 404  # never revealed
    assert annex(a, b).status_code == 201
    assert annex(b, a).status_code == 409  # no cycle: b is part of a now
    with city.ctx():
        c = _process(city, summary="C")
        lifecycle.suspend(staff=city.clerk, process=c, reason="Aguardando")
    response = annex(a, c)  # a suspended process is read-only
    assert response.status_code == 409 and response.json()["code"] == "process_suspended"


# --- isolation and people without access ---------------------------------------------------


def _calls(process, other):
    p = f"/api/v1/processes/{process}"
    return [
        ("post", f"{p}/suspend/", {"reason": "x"}),
        ("post", f"{p}/resume/", None),
        ("post", f"{p}/relations/", {"process": str(other)}),
        ("delete", f"{p}/relations/{other}/", None),
        ("post", f"{p}/annexes/", {"process": str(other)}),
    ]


def _call(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


def test_ids_from_another_municipality_are_not_found(city, city_b, client_for):
    with city.ctx():
        first, second = _process(city), _process(city)
        lifecycle.relate(staff=city.clerk, process=first, other=second)
    with schema_context(city_b["tenant"].schema_name):
        own = create_process(
            staff=city_b["staff"],
            process_type=ProcessType.objects.first(),
            summary="Ipatinga",
            access_level="public",
        )
    client = client_for(city_b["tenant"], city_b["user"])
    for method, url, body in _calls(first.uuid, second.uuid):
        assert _call(client, method, url, body).status_code == 404, url
    # Its own process with the other city's process as the second one: still not found.
    for method, url, body in _calls(own.uuid, first.uuid)[2:]:
        assert _call(client, method, url, body).status_code == 404, url
    with city.ctx():
        assert ProcessRelation.objects.count() == 1
        assert not Process.objects.filter(suspended_at__isnull=False).exists()


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_people_without_a_staff_role_are_refused(city, client_for, make_user, who):
    with city.ctx():
        first, second = _process(city), _process(city)
    user = None if who == "anonymous" else make_user(cpf="86288366757", name="Cidadão")
    client = client_for(city.tenant, user)
    for method, url, body in _calls(first.uuid, second.uuid):
        assert _call(client, method, url, body).status_code in (401, 403), url
