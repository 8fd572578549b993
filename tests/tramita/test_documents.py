"""Documentos avulsos through the local fake Tramita (`POST tramites/documento`), urgency
with Tramita's reasons, and the repeat of a trâmite (`reproducoes-de-tramite`) from
both ends: real client, worker steps, database and S3."""

import pytest
from django_tenants.utils import schema_context

from core.files import blank_pdf
from core.models import Document, OpenIn, Process
from core.services import documents as docs
from tests.tramita.conftest import (
    EXTREMA,
    FEDERAL_REPO,
    INSS,
    IPATINGA,
    MUNICIPAL_REPO,
    drive,
    foreign_send,
    foreign_send_document,
    upload_all,
)
from tests.tramita.test_api import make_coordinator
from tests.tramita.test_flows import ready_process, send
from tramita.demo import sha256_b64
from tramita.models import Envelope

pytestmark = pytest.mark.django_db

OUT, IN = Envelope.Direction.OUTBOUND, Envelope.Direction.INBOUND


def documents_of(city, process):
    with city.ctx():
        oficio = process.documents.get(kind="internal")
        planta = process.documents.get(kind="external")
    return oficio, planta


def send_document(client, document, structure, repository=MUNICIPAL_REPO, **extra):
    return client.post(
        f"/api/v1/documents/{document.uuid}/external/",
        {"repository": repository, "structure": structure, **extra},
        content_type="application/json",
    )


def test_extrema_sends_a_document_with_its_anexo_to_ipatinga(mapped, city_b, fake, client_for):
    city = mapped
    process = ready_process(city)
    oficio, planta = documents_of(city, process)
    clerk = client_for(city.tenant, city.clerk_user)
    reasons = clerk.get("/api/v1/tramita/urgency-reasons/").json()
    assert reasons[0]["code"] == 1 and reasons[0]["description"]
    response = send_document(
        clerk,
        oficio,
        IPATINGA,
        attachments=[str(planta.uuid)],
        urgent=True,
        urgency_reason=reasons[1]["code"],
    )
    assert response.status_code == 202, response.json()
    assert response.json()["kind"] == "document"
    # The process stays here and editable: a document left, not the process.
    with city.ctx():
        process.refresh_from_db()
        assert process.lock == ""

    drive(lambda: Envelope.objects.filter(status="completed").count() == 2)
    out = Envelope.objects.get(direction=OUT)
    inbound = Envelope.objects.get(direction=IN)
    assert (out.kind, inbound.kind) == ("document", "document")
    assert out.idt == inbound.idt and out.nre == inbound.nre
    state = fake.tramite(out.idt)
    assert (state["status"], state["tipo"]) == (6, "documento")
    assert (state["urgencia"], state["motivoDaUrgencia"]) == (True, reasons[1]["code"])
    assert out.receipts["completion"]["recibo"]["hashesDosComponentesDigitais"]

    with city.ctx():
        sent = sorted(
            [docs.sha256_text(oficio.versions.last().html), planta.sha256],
        )
        actions = list(process.events.values_list("action", flat=True))
        assert actions[-2:] == ["external_document_requested", "external_document_completed"]
        assert OpenIn.objects.filter(process=process, unit=city.root).exists()
    with schema_context(city_b["tenant"].schema_name):
        received = Process.objects.get(uuid=inbound.process_uuid)
        assert received.number != process.number  # a new process, numbered by Ipatinga
        documents = list(received.documents.order_by("position"))
        assert sorted(d.sha256 for d in documents) == sent
        assert documents[1].description.startswith("Anexo 2 de")
        assert OpenIn.objects.filter(process=received, read=False).exists()
        event = received.events.get(action="external_document_received")
        # The sender's identifiers are kept.
        assert event.data["protocol"] == out.progress["protocolo"]
        assert (event.data["nre"], event.data["idt"]) == (out.nre, out.idt)
        assert event.data["sender_structure"] == EXTREMA

    # Where the document went, with the receipts.
    [shown] = clerk.get(f"/api/v1/documents/{oficio.uuid}/external/").json()
    assert shown["status"] == "completed" and shown["remote_name"]
    assert shown["sending_receipt_at"] and shown["completion_receipt_at"]
    assert shown["urgent"] is True and shown["urgency_reason"] == reasons[1]["description"]
    assert clerk.get(f"/api/v1/documents/{planta.uuid}/external/").json() == []


def test_a_document_refused_by_the_destination_is_recorded(mapped, fake, foreign, client_for):
    city = mapped
    process = ready_process(city)
    oficio, _planta = documents_of(city, process)
    clerk = client_for(city.tenant, city.clerk_user)
    assert send_document(clerk, oficio, INSS, FEDERAL_REPO).status_code == 202
    drive(lambda: Envelope.objects.filter(status="in_transit").exists())
    out = Envelope.objects.get(direction=OUT)
    meta = foreign.metadata(out.idt)
    assert "processo" not in meta and meta["documento"]["protocolo"] == out.progress["protocolo"]
    foreign.refuse(out.idt, reason="04", justification="Espécie documental não mapeada.")
    drive(lambda: Envelope.objects.filter(status="refused").exists())
    out.refresh_from_db()
    assert (out.refusal_reason, out.refusal_text) == ("04", "Espécie documental não mapeada.")
    assert fake.tramite(out.idt)["status"] == 9
    with city.ctx():
        event = process.events.last()
        assert event.action == "external_document_refused"
        assert "Espécie documental não mapeada" in event.description
    # The same document may be sent again once the first trâmite ended.
    assert send_document(clerk, oficio, INSS, FEDERAL_REPO).status_code == 202


def test_a_foreign_body_sends_a_document_avulso_to_extrema(mapped, fake, foreign):
    city = mapped
    pdf, html = blank_pdf(), b"<p>Anexo do INSS</p>"
    answer = foreign_send_document(
        foreign,
        to=EXTREMA,
        files=[("oficio.pdf", pdf, "application/pdf"), ("anexo.html", html, "text/html")],
    )
    drive(lambda: Envelope.objects.filter(direction=IN, status="completed").exists())
    inbound = Envelope.objects.get(direction=IN)
    assert (inbound.tenant, inbound.kind) == (city.tenant, "document")
    assert fake.tramite(answer["IDT"])["status"] == 5
    receipt = foreign.completion_receipt(answer["IDT"])  # signed by us, verified by the fake
    assert sorted(receipt["recibo"]["hashesDosComponentesDigitais"]) == sorted(
        [sha256_b64(pdf), sha256_b64(html)]
    )
    with city.ctx():
        process = Process.objects.get(uuid=inbound.process_uuid)
        assert "35014.000777/2026-18" in process.summary
        assert process.process_type.name == "Documento avulso recebido de outro órgão"
        assert [d.original_name for d in process.documents.order_by("position")] == [
            "oficio.pdf",
            "anexo.html",
        ]
        assert process.documents.get(original_name="oficio.pdf").file.read() == pdf
        assert OpenIn.objects.filter(process=process, unit=city.root, read=False).exists()
        event = process.events.get(action="external_document_received")
        assert event.data["protocol"] == "35014.000777/2026-18"
        assert event.data["nre"] == inbound.nre and event.data["sender_structure"] == INSS


def test_a_corrupted_document_is_refused_and_nothing_is_created(mapped, fake, foreign):
    city = mapped
    with city.ctx():
        before = Process.objects.count()
    answer = foreign_send_document(
        foreign, to=EXTREMA, files=[("a.pdf", blank_pdf(), "application/pdf")]
    )
    fake.faults(wrong_hash_rate=1.0)
    drive(lambda: Envelope.objects.filter(direction=IN, status="refused").exists())
    inbound = Envelope.objects.get(direction=IN)
    assert (inbound.kind, inbound.refusal_reason) == ("document", "02")
    assert fake.tramite(answer["IDT"])["status"] == 8
    with city.ctx():
        assert Process.objects.count() == before


def test_a_document_to_an_unmapped_destination_is_refused(mapped, city_b, fake, foreign):
    fake.add_structure(id=3106200, nome="Prefeitura Municipal de Belo Horizonte", repositorio=31)
    answer = foreign_send_document(
        foreign, to=3106200, files=[("a.pdf", blank_pdf(), "application/pdf")]
    )
    drive(lambda: Envelope.objects.filter(direction=IN, status="refused").exists())
    inbound = Envelope.objects.get(direction=IN)
    assert inbound.tenant is None and inbound.refusal_reason == "99"
    assert fake.tramite(answer["IDT"])["status"] == 8


def test_bad_document_sends_are_refused_with_nothing_written(mapped, fake, client_for):
    from core.services.processes import create_process

    city = mapped
    process = ready_process(city)
    oficio, planta = documents_of(city, process)
    other = ready_process(city, "Outro")
    _other_oficio, other_planta = documents_of(city, other)
    clerk = client_for(city.tenant, city.clerk_user)
    with city.ctx():
        unsigned = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Rascunho</p>"
        )
        empty = create_process(
            staff=city.clerk, process_type=city.process_type, summary="Vazio", access_level="public"
        )
        events = process.events.count()
    cases = [
        (send_document(clerk, unsigned, IPATINGA), "unsigned_documents"),
        (
            send_document(clerk, oficio, IPATINGA, attachments=[str(unsigned.uuid)]),
            "unsigned_documents",
        ),
        (
            send_document(clerk, oficio, IPATINGA, attachments=[str(other_planta.uuid)]),
            "document_not_in_process",
        ),
        (
            send_document(clerk, oficio, IPATINGA, attachments=[str(planta.uuid)] * 2),
            "duplicate_attachment",
        ),
        (
            send_document(clerk, oficio, IPATINGA, attachments=[str(empty.uuid)]),
            "attachment_not_found",
        ),
        (send_document(clerk, oficio, EXTREMA), "same_structure"),
        (send_document(clerk, oficio, 999999), "structure_not_found"),
        (
            send_document(clerk, oficio, IPATINGA, urgency_reason=1),
            "urgency_reason_without_urgency",
        ),
        (
            send_document(clerk, oficio, IPATINGA, urgent=True, urgency_reason=99),
            "urgency_reason_invalid",
        ),
        (send_document(clerk, oficio, IPATINGA, attachments="x"), None),
    ]
    for response, code in cases:
        assert response.status_code == 400, response.json()
        if code:
            assert response.json()["code"] == code, response.json()
    assert not Envelope.objects.exists()
    with city.ctx():
        assert not process.events.filter(action="external_document_requested").exists()
    # A second send of the same document to the same destination while in flight: 409.
    with city.ctx():
        third = ready_process(city, "Terceiro")
        third_oficio, _ = documents_of(city, third)
    assert send_document(clerk, third_oficio, IPATINGA).status_code == 202
    assert send_document(clerk, third_oficio, IPATINGA).status_code == 409
    with city.ctx():
        assert process.events.count() == events


def test_the_destination_asks_us_to_repeat_and_we_upload_the_same_bytes_again(
    mapped, fake, foreign, client_for
):
    """INSS received our process, then asked Tramita to repeat the trâmite: a new IDT in
    status 1 appears in our pending list; the worker uploads the frozen components again."""
    city = mapped
    process = ready_process(city)
    clerk = client_for(city.tenant, city.clerk_user)
    assert send(clerk, process, INSS, FEDERAL_REPO).status_code == 202
    drive(lambda: Envelope.objects.filter(status="in_transit").exists())
    first = Envelope.objects.get(direction=OUT)
    receive_as_foreign(foreign, first.idt)
    drive(lambda: Envelope.objects.filter(status="completed").exists())

    foreign.repeat(first.nre, FEDERAL_REPO, INSS)
    drive(
        lambda: (
            Envelope.objects.filter(direction=OUT, status="in_transit")
            .exclude(pk=first.pk)
            .exists()
        )
    )
    again = Envelope.objects.exclude(pk=first.pk).get(direction=OUT)
    assert again.reproduction_of == first and again.nre == first.nre and again.idt != first.idt
    assert again.components == first.components
    assert fake.tramite(again.idt)["reproducao"] is True
    meta = foreign.metadata(again.idt)
    assert meta["reproducaoDeTramite"] is True and meta["reproducaoDeProcesso"] is True
    receive_as_foreign(foreign, again.idt)
    drive(lambda: Envelope.objects.filter(pk=again.pk, status="completed").exists())
    assert fake.tramite(again.idt)["status"] == 6
    with city.ctx():
        assert process.events.filter(action="external_reproduction").exists()
        assert process.events.filter(action="external_completed").count() == 2


def receive_as_foreign(foreign, idt):
    """The INSS receives a trâmite: metadata, every component, the signed receipt."""
    import base64
    import hashlib

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    from tests.tramita.conftest import fake_dir
    from tramita import receipts

    meta = foreign.metadata(idt)
    tramite = foreign.tramite(idt)
    body = meta.get("processo") or meta["documento"]
    for hash_b64 in tramite["hashDosComponentesPendentesDeRecebimento"]:
        with foreign.download(idt, protocol=body["protocolo"], hash_b64=hash_b64) as stream:
            data = b"".join(stream)
        assert base64.b64encode(hashlib.sha256(data).digest()).decode() == hash_b64
    date = receipts.timestamp()
    text = receipts.text(
        idt, meta["nre"], date, tramite["hashDosComponentesPendentesDeRecebimento"]
    )
    key = serialization.load_pem_private_key(
        (fake_dir() / "orgao-externo.key").read_bytes(), password=None
    )
    signature = base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256()))
    foreign.send_receipt(idt, received_at=date, signature_b64=signature.decode())


def test_we_ask_the_sender_to_repeat_a_refused_trâmite(
    mapped, fake, foreign, client_for, public_tenant
):
    """A corrupted download was refused ("02"); the coordination asks for the repeat, the
    sender uploads again, and the process arrives, marked as a reproduction."""
    city = mapped
    pdf = blank_pdf()
    files = [("oficio.pdf", pdf, "application/pdf")]
    answer = foreign_send(foreign, to=EXTREMA, files=files, protocol="00001.000555/2026-11")
    fake.faults(wrong_hash_rate=1.0)
    drive(lambda: Envelope.objects.filter(direction=IN, status="refused").exists())
    fake.faults()
    refused = Envelope.objects.get(direction=IN)
    assert refused.refusal_reason == "02"
    foreign.acknowledge_refusal(answer["IDT"])

    coordinator = client_for(public_tenant, make_coordinator())
    response = coordinator.post(f"/api/v1/tramita/envelopes/{refused.uuid}/repeat/")
    assert response.status_code == 200, response.json()
    assert refused.events.filter(kind="repeat_requested").exists()
    # The sender sees the new trâmite in status 1 and uploads again with the new ticket.
    [entry] = [p for p in foreign.pending() if p["status"] == 1]
    meta = foreign.metadata(entry["IDT"])
    assert meta["reproducaoDeTramite"] is True
    upload_all(
        foreign, meta["ticketParaReenvioDeComponentesDigitais"], "00001.000555/2026-11", files
    )
    drive(lambda: Envelope.objects.filter(direction=IN, status="completed").exists())
    again = Envelope.objects.get(direction=IN, status="completed")
    assert again.idt == entry["IDT"] and again.nre == refused.nre
    assert again.progress["reproduction"] is True
    with city.ctx():
        process = Process.objects.get(uuid=again.process_uuid)
        assert Document.objects.filter(process=process).count() == 1
        assert process.events.get(action="external_received").data["reproduction"] is True
    # Asking again while the last trâmite is not over: Tramita's error, in Portuguese.
    again_response = coordinator.post(f"/api/v1/tramita/envelopes/{refused.uuid}/repeat/")
    assert again_response.status_code == 400
    assert again_response.json()["code"] == "tramita_error"
    assert "andamento" in again_response.json()["detail"]


def test_repeat_needs_an_ended_inbound_trâmite(mapped, fake, client_for, public_tenant):
    city = mapped
    process = ready_process(city)
    clerk = client_for(city.tenant, city.clerk_user)
    assert send(clerk, process, INSS, FEDERAL_REPO).status_code == 202
    out = Envelope.objects.get()
    coordinator = client_for(public_tenant, make_coordinator())
    response = coordinator.post(f"/api/v1/tramita/envelopes/{out.uuid}/repeat/")
    assert response.status_code == 400 and response.json()["code"] == "not_inbound"


def test_the_demo_seed_sends_a_process_and_a_document_avulso_to_extrema(mapped, fake):
    from tramita import demo

    lines = demo.seed()
    assert any("documento avulso" in line for line in lines)
    drive(lambda: Envelope.objects.filter(direction=IN, status="completed").count() == 2)
    kinds = sorted(Envelope.objects.filter(direction=IN).values_list("kind", flat=True))
    assert kinds == ["document", "process"]
    assert all(e.tenant == mapped.tenant for e in Envelope.objects.filter(direction=IN))


def test_the_coordinator_cancels_and_retries_a_document_send(
    mapped, fake, client_for, public_tenant
):
    city = mapped
    process = ready_process(city)
    oficio, _planta = documents_of(city, process)
    clerk = client_for(city.tenant, city.clerk_user)
    assert send_document(clerk, oficio, INSS, FEDERAL_REPO).status_code == 202
    drive(lambda: Envelope.objects.filter(status="in_transit").exists())
    out = Envelope.objects.get()
    coordinator = client_for(public_tenant, make_coordinator())
    listed = coordinator.get("/api/v1/tramita/envelopes/", {"kind": "document"}).json()
    assert [e["id"] for e in listed["results"]] == [str(out.uuid)]
    assert listed["results"][0]["document_uuid"] == str(oficio.uuid)
    assert coordinator.get("/api/v1/tramita/envelopes/", {"kind": "process"}).json()["count"] == 0
    response = coordinator.post(f"/api/v1/tramita/envelopes/{out.uuid}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert fake.tramite(out.idt)["status"] == 7
    with city.ctx():
        process.refresh_from_db()
        assert process.lock == ""
        assert process.events.last().action == "external_document_cancelled"
    retry = coordinator.post(f"/api/v1/tramita/envelopes/{out.uuid}/retry/")
    assert retry.status_code == 409  # it ended
