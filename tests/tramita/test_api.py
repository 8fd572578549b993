"""Who may use the connector's endpoints, and that no municipality ever reaches
another's envelopes or processes through them; inbound trâmites land only in the
municipality that owns the destination structure."""

import pytest
from django_tenants.utils import schema_context

from core.models import Process
from tests.tramita.conftest import EXTREMA, IPATINGA, drive, foreign_send
from tests.tramita.test_flows import ready_process, send
from tramita.models import Envelope

pytestmark = pytest.mark.django_db


def make_coordinator():
    from accounts.models import User

    return User.objects.create_user(cpf="12345678909", name="Coordenação", is_coordinator=True)


def test_staff_search_structures_to_choose_a_destination(mapped, fake, client_for):
    clerk = client_for(mapped.tenant, mapped.clerk_user)
    repositories = clerk.get("/api/v1/tramita/repositories/").json()
    assert {r["id"] for r in repositories} >= {1, 31}
    found = clerk.get("/api/v1/tramita/structures/", {"repository": 31, "q": "ipatinga"}).json()
    assert [s["numeroDeIdentificacaoDaEstrutura"] for s in found["estruturas"]] == [str(IPATINGA)]
    children = clerk.get("/api/v1/tramita/structures/", {"repository": 1, "q": "Superintend"})
    assert children.json()["estruturas"][0]["hierarquia"] == [
        {"sigla": "INSS", "nome": "Instituto Nacional do Seguro Social"}
    ]
    assert clerk.get("/api/v1/tramita/structures/", {"repository": "x"}).status_code == 400


def test_sending_needs_signed_documents_and_a_mapped_city(mapped, fake, client_for):
    from core.services.processes import create_process

    city = mapped
    clerk = client_for(city.tenant, city.clerk_user)
    with city.ctx():
        empty = create_process(
            staff=city.clerk, process_type=city.process_type, summary="Vazio", access_level="public"
        )
    response = send(clerk, empty, IPATINGA)
    assert response.status_code == 400
    assert response.json()["code"] == "no_documents"
    process = ready_process(city)
    assert send(clerk, process, EXTREMA).json()["code"] == "same_structure"
    assert send(clerk, process, 999999).json()["code"] == "structure_not_found"
    assert send(clerk, process, IPATINGA).status_code == 202
    again = send(clerk, process, IPATINGA)
    assert again.status_code == 409  # locked: already with another body
    assert Envelope.objects.count() == 1


def test_an_unmapped_city_cannot_send(city, fake, client_for):
    process = ready_process(city)
    response = send(client_for(city.tenant, city.clerk_user), process, IPATINGA)
    assert response.json()["code"] == "tramita_not_enabled"
    with city.ctx():
        process.refresh_from_db()
        assert process.lock == ""


def test_envelopes_are_seen_by_coordinators_and_by_their_own_city_only(
    mapped, city_b, fake, client_for, public_tenant
):
    city = mapped
    process = ready_process(city)
    clerk = client_for(city.tenant, city.clerk_user)
    assert send(clerk, process, IPATINGA).status_code == 202
    envelope = Envelope.objects.get()
    coordinator = make_coordinator()
    state = client_for(public_tenant, coordinator)
    listed = state.get("/api/v1/tramita/envelopes/").json()
    assert [e["id"] for e in listed["results"]] == [str(envelope.uuid)]
    assert listed["counts"]["queued"] == 1
    detail = state.get(f"/api/v1/tramita/envelopes/{envelope.uuid}/").json()
    assert detail["events"][0]["kind"] == "requested"
    # The city's admin sees it; a clerk does not; the other city's admin gets 404.
    admin = client_for(city.tenant, city.admin_user)
    assert admin.get("/api/v1/tramita/envelopes/").json()["count"] == 1
    assert clerk.get("/api/v1/tramita/envelopes/").status_code == 403
    other = client_for(city_b["tenant"], city_b["user"])
    assert other.get("/api/v1/tramita/envelopes/").json()["count"] == 0
    assert other.get(f"/api/v1/tramita/envelopes/{envelope.uuid}/").status_code == 404
    assert other.get(f"/api/v1/processes/{process.uuid}/external/").status_code == 404
    assert send(other, process, EXTREMA).status_code == 404
    # Staff of a city cannot reach the coordinators' endpoints, not even on the state host.
    assert admin.get("/api/v1/tramita/mappings/").status_code in (403, 404)
    assert (
        client_for(public_tenant, city.admin_user).get("/api/v1/tramita/envelopes/").status_code
        == 403
    )
    for url in ("retry", "cancel"):
        response = admin.post(f"/api/v1/tramita/envelopes/{envelope.uuid}/{url}/")
        assert response.status_code in (403, 404)


def test_coordinators_map_structures_once(mapped, city_b, fake, client_for, public_tenant):
    coordinator = make_coordinator()
    state = client_for(public_tenant, coordinator)
    taken = state.post(
        "/api/v1/tramita/mappings/",
        {"municipality": city_b["tenant"].ibge_code, "repository": 31, "structure": EXTREMA},
        content_type="application/json",
    )
    assert taken.status_code == 400 and taken.json()["code"] == "structure_taken"
    fake.add_structure(id=3131308, nome="Câmara Municipal de Ipatinga", repositorio=31)
    made = state.post(
        "/api/v1/tramita/mappings/",
        {"municipality": city_b["tenant"].ibge_code, "repository": 31, "structure": 3131308},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["name"] == "Câmara Municipal de Ipatinga"
    names = {
        m["municipality_name"]: m["structure"]
        for m in state.get("/api/v1/tramita/mappings/").json()
    }
    assert names == {"Extrema": EXTREMA, "Ipatinga": 3131308}


def test_an_inbound_trâmite_lands_only_where_its_structure_is_mapped(mapped, city_b, fake, foreign):
    from core.files import blank_pdf

    counts = {}
    for tenant in (mapped.tenant, city_b["tenant"]):
        with schema_context(tenant.schema_name):
            counts[tenant.pk] = Process.objects.count()
    foreign_send(foreign, to=IPATINGA, files=[("a.pdf", blank_pdf(), "application/pdf")])
    drive(lambda: Envelope.objects.filter(direction="in", status="completed").exists())
    envelope = Envelope.objects.get(direction="in")
    assert envelope.tenant == city_b["tenant"]
    with schema_context(city_b["tenant"].schema_name):
        assert Process.objects.count() == counts[city_b["tenant"].pk] + 1
        key = Process.objects.get(uuid=envelope.process_uuid).documents.get().file.name
    with schema_context(mapped.tenant.schema_name):
        assert Process.objects.count() == counts[mapped.tenant.pk]
        assert not Process.objects.filter(uuid=envelope.process_uuid).exists()
    # Its file is stored under Ipatinga's prefix only.
    from django.conf import settings

    from core.storage import s3_client

    listed = s3_client().list_objects_v2(
        Bucket=settings.AWS_STORAGE_BUCKET_NAME,
        Prefix=f"tenants/{city_b['tenant'].schema_name}/{key}",
    )
    assert listed["KeyCount"] == 1


CITY_ENDPOINTS = [
    ("get", "/api/v1/tramita/repositories/"),
    ("get", "/api/v1/tramita/structures/?repository=31&q=x"),
    ("get", "/api/v1/tramita/envelopes/"),
    ("get", "/api/v1/processes/{process}/external/"),
    ("post", "/api/v1/processes/{process}/external/"),
]
STATE_ENDPOINTS = [
    ("get", "/api/v1/tramita/envelopes/"),
    ("get", "/api/v1/tramita/envelopes/{envelope}/"),
    ("post", "/api/v1/tramita/envelopes/{envelope}/retry/"),
    ("post", "/api/v1/tramita/envelopes/{envelope}/cancel/"),
    ("get", "/api/v1/tramita/mappings/"),
    ("post", "/api/v1/tramita/mappings/"),
    ("get", "/api/v1/tramita/repositories/"),
    ("get", "/api/v1/tramita/structures/?repository=31"),
]


def test_people_without_the_role_reach_no_endpoint(
    mapped, fake, client_for, make_user, public_tenant
):
    """Anonymous people and citizens (no staff role) on the city host; anyone but a
    coordinator on the state host (a city's admin included). Nothing is created."""
    from accounts.models import User

    city = mapped
    process = ready_process(city)
    assert send(client_for(city.tenant, city.clerk_user), process, IPATINGA).status_code == 202
    envelope = Envelope.objects.get()
    citizen = User.objects.create_user(cpf="71428793860", name="Cidadã")
    ids = {"process": process.uuid, "envelope": envelope.uuid}
    for who in (None, citizen):
        client = client_for(city.tenant, who)
        for method, url in CITY_ENDPOINTS:
            response = getattr(client, method)(url.format(**ids))
            assert response.status_code in (401, 403), (who, url, response.status_code)
    for who in (None, citizen, city.admin_user):
        client = client_for(public_tenant, who)
        for method, url in STATE_ENDPOINTS:
            response = getattr(client, method)(url.format(**ids))
            assert response.status_code in (401, 403), (who, url, response.status_code)
    assert Envelope.objects.count() == 1
    envelope.refresh_from_db()
    assert envelope.status == "queued"


def test_bad_structure_queries_and_mappings_are_refused_in_portuguese(
    mapped, fake, client_for, public_tenant
):
    clerk = client_for(mapped.tenant, mapped.clerk_user)
    bad = clerk.get("/api/v1/tramita/structures/", {"repository": "x", "start": "-1"}).json()
    assert set(bad) == {"repository", "start"}
    assert "número" in bad["repository"][0] or "inteiro" in bad["repository"][0]
    state = client_for(public_tenant, make_coordinator())

    def post(**body):
        return state.post("/api/v1/tramita/mappings/", body, content_type="application/json")

    unknown = post(municipality="9999999", repository=31, structure=3131308)
    assert unknown.status_code == 404 and unknown.json()["detail"] == "Município não encontrado."
    fake.add_structure(id=3125102, nome="Câmara Municipal de Extrema", repositorio=31)
    other_unit = post(
        municipality=mapped.tenant.ibge_code,
        repository=31,
        structure=3125102,
        unit="5b2f6a5e-1f52-4bd5-9d1e-8c1f3f0f2a11",
    )
    assert other_unit.json()["code"] == "unit_not_found"
    with mapped.ctx():
        unit = str(mapped.obras.uuid)
    made = post(municipality=mapped.tenant.ibge_code, repository=31, structure=3125102, unit=unit)
    assert made.status_code == 201, made.json()
    assert made.json()["unit"] == unit


def test_a_coordinator_retries_a_failed_envelope(mapped, fake, client_for, public_tenant):
    city = mapped
    process = ready_process(city)
    assert send(client_for(city.tenant, city.clerk_user), process, IPATINGA).status_code == 202
    envelope = Envelope.objects.get()
    Envelope.objects.filter(pk=envelope.pk).update(
        status="failed", attempts=8, last_error="HTTP 0 [network] ConnectError"
    )
    drive(lambda: True)  # a failed envelope waits for a person
    envelope.refresh_from_db()
    assert envelope.status == "failed" and envelope.idt is None
    state = client_for(public_tenant, make_coordinator())
    listed = state.get("/api/v1/tramita/envelopes/", {"status": "stuck"}).json()
    assert [e["id"] for e in listed["results"]] == [str(envelope.uuid)]
    response = state.post(f"/api/v1/tramita/envelopes/{envelope.uuid}/retry/")
    assert response.status_code == 200 and response.json()["status"] == "sending"
    drive(lambda: Envelope.objects.filter(status="completed").count() == 2)
    kinds = list(envelope.events.values_list("kind", flat=True))
    assert "retry_requested" in kinds and kinds[-1] == "completed"


def test_retry_waits_briefly_for_a_worker_on_the_same_envelope(
    mapped, fake, client_for, public_tenant, monkeypatch
):
    """A worker's step holds the envelope's lock for a moment: a coordinator's retry
    waits for it; a lock held beyond the wait gives a clear 409 in Portuguese."""
    import threading

    from django.db import connection

    from tramita import services

    city = mapped
    process = ready_process(city)
    assert send(client_for(city.tenant, city.clerk_user), process, IPATINGA).status_code == 202
    envelope = Envelope.objects.get()
    Envelope.objects.filter(pk=envelope.pk).update(status="failed", attempts=8)
    state = client_for(public_tenant, make_coordinator())
    url = f"/api/v1/tramita/envelopes/{envelope.uuid}/retry/"

    worker = connection.get_new_connection(connection.get_connection_params())
    worker.autocommit = True
    try:
        lock = [services.LOCK_NAMESPACE, envelope.pk]
        worker.execute("SELECT pg_advisory_lock(%s, %s)", lock)
        monkeypatch.setattr(services, "USER_LOCK_WAIT_SECONDS", 0.3)
        busy = state.post(url)
        assert busy.status_code == 409
        assert busy.json()["code"] == "envelope_busy"
        assert "em processamento" in busy.json()["detail"]
        assert Envelope.objects.get(pk=envelope.pk).status == "failed"

        monkeypatch.setattr(services, "USER_LOCK_WAIT_SECONDS", 5.0)
        release = threading.Timer(0.3, lambda: worker.execute("SELECT pg_advisory_unlock_all()"))
        release.start()
        response = state.post(url)
        release.join()
    finally:
        worker.close()
    assert response.status_code == 200 and response.json()["status"] == "sending"


def test_document_sends_and_repeats_are_closed_to_everyone_else(
    mapped, city_b, fake, foreign, client_for, make_user, public_tenant
):
    """The new endpoints (documento avulso, urgency reasons, repeat) from another
    municipality, a person without the role, a citizen and anonymous."""
    city = mapped
    process = ready_process(city)
    with city.ctx():
        oficio = process.documents.get(kind="internal")
    document_url = f"/api/v1/documents/{oficio.uuid}/external/"
    body = {"repository": 31, "structure": IPATINGA}
    clerk = client_for(city.tenant, city.clerk_user)
    assert clerk.post(document_url, body, content_type="application/json").status_code == 202
    sent = Envelope.objects.get()
    # An inbound trâmite of Extrema, ended, to ask a repeat of.
    foreign_send(foreign, to=EXTREMA, files=[("a.pdf", b"%PDF-1.4 x", "application/pdf")])
    drive(lambda: Envelope.objects.filter(direction="in", status="completed").exists())
    inbound = Envelope.objects.get(direction="in")
    city_repeat = f"/api/v1/tramita/envelopes/{inbound.uuid}/repeat/"
    state_repeat = f"/api/v1/tramita/envelopes/{inbound.uuid}/repeat/"
    count = Envelope.objects.count()

    other_city = client_for(city_b["tenant"], city_b["user"])  # Ipatinga's admin
    assert other_city.get(document_url).status_code == 404
    assert other_city.post(document_url, body, content_type="application/json").status_code == 404
    assert other_city.post(city_repeat).status_code == 404
    assert other_city.get(f"/api/v1/tramita/envelopes/{sent.uuid}/").status_code == 404

    # Carla (unit Obras) sees the public process but it is not open in her unit.
    no_role = client_for(city.tenant, city.other_user)
    refused = no_role.post(
        document_url, {"repository": 31, "structure": 1200}, content_type="application/json"
    )
    assert refused.status_code in (400, 403, 409), refused.json()
    assert no_role.post(city_repeat).status_code == 403  # not the municipal admin
    assert clerk.post(city_repeat).status_code == 403

    from accounts.models import User

    citizen = User.objects.create_user(cpf="98765432100", name="Cidadã sem vínculo")
    for who in (client_for(city.tenant, citizen), client_for(city.tenant)):
        assert who.get(document_url).status_code in (401, 403)
        assert who.post(document_url, body, content_type="application/json").status_code in (
            401,
            403,
        )
        assert who.get("/api/v1/tramita/urgency-reasons/").status_code in (401, 403)
        assert who.post(city_repeat).status_code in (401, 403)
    for who in (
        client_for(public_tenant, citizen),
        client_for(public_tenant),
        client_for(public_tenant, city.admin_user),
    ):
        assert who.post(state_repeat).status_code in (401, 403)
    # Nothing was written by any of them.
    assert Envelope.objects.count() == count
    assert not inbound.events.filter(kind="repeat_requested").exists()

    # The city's admin may ask the repeat of what the city received.
    admin = client_for(city.tenant, city.admin_user)
    assert admin.get("/api/v1/tramita/urgency-reasons/").status_code == 200
    foreign.completion_receipt(inbound.idt)  # the sender closes the first trâmite (6)
    response = admin.post(city_repeat)
    assert response.status_code == 200, response.json()
    assert inbound.events.filter(kind="repeat_requested").exists()
