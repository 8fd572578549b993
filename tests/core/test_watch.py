"""Watch list (acompanhamento especial): each person's own list in their own groups,
holding only processes they may see — also after they lose sight of one."""

import pytest
from django_tenants.utils import schema_context

from core.models import Process, ProcessEvent, ProcessType, Watch, WatchGroup
from core.services import watch as watch_services
from core.services.processes import create_process

pytestmark = pytest.mark.django_db


def _process(city, staff=None, summary="Poda", access="public", basis=None):
    return create_process(
        staff=staff or city.clerk,
        process_type=city.process_type,
        summary=summary,
        access_level=access,
        legal_basis=basis,
    )


def _json(client, method, url, body=None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


def _listed(client, **params):
    return [
        w["process"]["summary"] for w in client.get("/api/v1/watches/", params).json()["results"]
    ]


def test_a_person_keeps_processes_on_their_list_in_groups(city, client_for):
    with city.ctx():
        poda = _process(city, summary="Poda")
        obra = _process(city, summary="Obra")
    clerk = client_for(city.tenant, city.clerk_user)
    group = _json(clerk, "post", "/api/v1/watch-groups/", {"name": "Licitações"})
    assert group.status_code == 201
    group_id = group.json()["id"]
    assert _json(clerk, "post", "/api/v1/watch-groups/", {"name": "licitações"}).status_code == 409

    added = _json(clerk, "put", f"/api/v1/processes/{poda.uuid}/watch/",
                  {"group": group_id, "note": "Cobrar parecer"})  # fmt: skip
    assert added.status_code == 200, added.json()
    assert added.json()["watch"] == {
        "group": {"id": group_id, "name": "Licitações"},
        "note": "Cobrar parecer",
    }
    assert _json(clerk, "put", f"/api/v1/processes/{obra.uuid}/watch/", {}).status_code == 200
    assert sorted(_listed(clerk)) == ["Obra", "Poda"]
    assert _listed(clerk, group=group_id) == ["Poda"]
    assert _listed(clerk, group="none") == ["Obra"]
    assert clerk.get("/api/v1/watches/", {"group": "x"}).status_code == 400
    # Someone else's list is their own.
    assert _listed(client_for(city.tenant, city.other_user)) == []

    renamed = _json(clerk, "patch", f"/api/v1/watch-groups/{group_id}/", {"name": "Compras"})
    assert renamed.json()["name"] == "Compras"
    assert clerk.delete(f"/api/v1/watch-groups/{group_id}/").status_code == 204
    assert sorted(_listed(clerk, group="none")) == ["Obra", "Poda"]  # kept, without a group

    assert clerk.delete(f"/api/v1/processes/{poda.uuid}/watch/").status_code == 204
    assert clerk.delete(f"/api/v1/processes/{poda.uuid}/watch/").status_code == 404
    assert _listed(clerk) == ["Obra"]
    with city.ctx():
        # A personal list: nothing of it shows in the process history others read.
        actions = list(ProcessEvent.objects.filter(process=poda).values_list("action", flat=True))
        assert not {"watched", "unwatched"} & set(actions)


def test_only_processes_the_person_may_see_and_only_while_they_may(city, client_for):
    with city.ctx():
        hidden = _process(city, staff=city.other, access="restricted", basis=city.personal)
        public = _process(city, summary="Visível")
    clerk = client_for(city.tenant, city.clerk_user)  # GAB: never saw the restricted one
    assert _json(clerk, "put", f"/api/v1/processes/{hidden.uuid}/watch/", {}).status_code == 404
    assert _json(clerk, "put", f"/api/v1/processes/{public.uuid}/watch/", {}).status_code == 200
    assert _listed(clerk) == ["Visível"]
    with city.ctx():  # the process becomes secret: the clerk may no longer see it
        Process.objects.filter(pk=public.pk).update(
            access_level="secret", legal_basis=city.secret_basis
        )
        Process.objects.get(pk=public.pk).credentials.all().delete()
    assert _listed(clerk) == []
    assert clerk.get("/api/v1/watches/").json()["count"] == 0


def test_groups_are_personal(city, client_for):
    with city.ctx():
        process = _process(city)
        group = watch_services.save_group(staff=city.clerk, name="Meu grupo")
    obras = client_for(city.tenant, city.other_user)
    assert obras.get("/api/v1/watch-groups/").json() == []
    url = f"/api/v1/watch-groups/{group.uuid}/"
    assert _json(obras, "patch", url, {"name": "X"}).status_code == 404
    assert obras.delete(url).status_code == 404
    watch = _json(
        obras, "put", f"/api/v1/processes/{process.uuid}/watch/", {"group": str(group.uuid)}
    )
    assert watch.status_code == 404
    with city.ctx():
        assert WatchGroup.objects.get().name == "Meu grupo" and not Watch.objects.exists()


def test_ids_from_another_municipality_are_not_found(city, city_b, client_for):
    with city.ctx():
        process = _process(city)
        group = watch_services.save_group(staff=city.clerk, name="Grupo")
        watch_services.watch(staff=city.clerk, process=process, group=group)
    with schema_context(city_b["tenant"].schema_name):
        own = create_process(
            staff=city_b["staff"],
            process_type=ProcessType.objects.first(),
            summary="Ipatinga",
            access_level="public",
        )
    client = client_for(city_b["tenant"], city_b["user"])
    calls = [
        ("put", f"/api/v1/processes/{process.uuid}/watch/", {}),
        ("delete", f"/api/v1/processes/{process.uuid}/watch/", None),
        ("patch", f"/api/v1/watch-groups/{group.uuid}/", {"name": "X"}),
        ("delete", f"/api/v1/watch-groups/{group.uuid}/", None),
        ("put", f"/api/v1/processes/{own.uuid}/watch/", {"group": str(group.uuid)}),
    ]
    for method, url, body in calls:
        assert _json(client, method, url, body).status_code == 404, url
    assert client.get("/api/v1/watches/", {"group": str(group.uuid)}).json()["results"] == []
    with city.ctx():
        assert Watch.objects.get().group == group


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_people_without_a_staff_role_are_refused(city, client_for, make_user, who):
    with city.ctx():
        process = _process(city)
        group = watch_services.save_group(staff=city.clerk, name="Grupo")
    user = None if who == "anonymous" else make_user(cpf="86288366757", name="Cidadão")
    client = client_for(city.tenant, user)
    calls = [
        ("get", "/api/v1/watches/", None),
        ("get", "/api/v1/watch-groups/", None),
        ("post", "/api/v1/watch-groups/", {"name": "X"}),
        ("patch", f"/api/v1/watch-groups/{group.uuid}/", {"name": "X"}),
        ("delete", f"/api/v1/watch-groups/{group.uuid}/", None),
        ("put", f"/api/v1/processes/{process.uuid}/watch/", {}),
        ("delete", f"/api/v1/processes/{process.uuid}/watch/", None),
    ]
    for method, url, body in calls:
        assert _json(client, method, url, body).status_code in (401, 403), url
