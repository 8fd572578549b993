"""End to end through the local fake Tramita (fakes/tramita.py), with our real client,
worker steps, database and S3: sending, receiving, refusal, cancellation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.files import blank_pdf
from core.models import Document, OpenIn, Process
from core.services import documents as docs
from core.services.processes import create_process
from tests.core.conftest import PASSWORD
from tests.tramita.conftest import (
    EXTREMA,
    FEDERAL_REPO,
    INSS,
    IPATINGA,
    MUNICIPAL_REPO,
    drive,
    foreign_send,
)
from tramita.models import Envelope

pytestmark = pytest.mark.django_db

OUT, IN = Envelope.Direction.OUTBOUND, Envelope.Direction.INBOUND


def ready_process(city, summary="Convênio de obras"):
    """A process with a signed ofício and an uploaded PDF, open in the clerk's unit."""
    from accounts.models import User

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary=summary,
            access_level="public",
            parties=[{"document": "52998224725", "name": "Maria da Silva"}],
        )
        oficio = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Senhor</p>"
        )
        docs.sign(
            staff=city.clerk,
            user=User.objects.get(pk=city.clerk.user_id),
            documents=[oficio],
            password=PASSWORD,
        )
        docs.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("planta.pdf", blank_pdf()),
        )
    return process


def send(client, process, structure, repository=MUNICIPAL_REPO):
    return client.post(
        f"/api/v1/processes/{process.uuid}/external/",
        {"repository": repository, "structure": structure},
        content_type="application/json",
    )


def test_extrema_sends_to_ipatinga_and_both_keep_the_receipts(mapped, city_b, fake, client_for):
    city = mapped
    process = ready_process(city)
    clerk = client_for(city.tenant, city.clerk_user)
    response = send(clerk, process, IPATINGA)
    assert response.status_code == 202, response.json()
    # Read-only while with the other body.
    edit = clerk.post(
        f"/api/v1/processes/{process.uuid}/send/",
        {"units": [str(city.obras.uuid)]},
        content_type="application/json",
    )
    assert edit.status_code == 409

    drive(lambda: Envelope.objects.filter(status="completed").count() == 2)
    out = Envelope.objects.get(direction=OUT)
    inbound = Envelope.objects.get(direction=IN)
    assert out.idt == inbound.idt and out.nre == inbound.nre
    assert fake.tramite(out.idt)["status"] == 6
    assert out.receipts["sending"]["hashDaAssinatura"]
    assert out.receipts["completion"]["recibo"]["hashesDosComponentesDigitais"]
    assert inbound.tenant == city_b["tenant"]

    with schema_context(city_b["tenant"].schema_name):
        received = Process.objects.get(uuid=inbound.process_uuid)
        assert received.number == process.number  # the original NUP is kept
        hashes = sorted(Document.objects.filter(process=received).values_list("sha256", flat=True))
        row = OpenIn.objects.get(process=received)
        assert row.read is False  # unread in the receiving unit's inbox
    with city.ctx():
        sent_hashes = sorted(
            [
                docs.sha256_text(d.versions.last().html)
                for d in process.documents.filter(kind="internal")
            ]
            + list(process.documents.filter(kind="external").values_list("sha256", flat=True))
        )
        assert hashes == sent_hashes
        process.refresh_from_db()
        assert process.lock == "external"  # it left: read-only, closed in the sending unit
        assert not OpenIn.objects.filter(process=process).exists()
        actions = list(process.events.values_list("action", flat=True))
        assert actions[-2:] == ["external_requested", "external_completed"]
    # The external status is on the process.
    status = clerk.get(f"/api/v1/processes/{process.uuid}/external/").json()
    assert [s["status"] for s in status] == ["completed"]


def test_a_refusal_is_acknowledged_and_the_process_is_editable_again(
    mapped, fake, foreign, client_for
):
    city = mapped
    process = ready_process(city)
    clerk = client_for(city.tenant, city.clerk_user)
    assert send(clerk, process, INSS, FEDERAL_REPO).status_code == 202
    drive(lambda: Envelope.objects.filter(status="in_transit").exists())
    out = Envelope.objects.get(direction=OUT)
    assert out.idt in [p["IDT"] for p in foreign.pending()]
    foreign.metadata(out.idt)
    foreign.refuse(out.idt, reason="04", justification="Espécie documental não mapeada.")
    drive(lambda: Envelope.objects.filter(status="refused").exists())
    out.refresh_from_db()
    assert (out.refusal_reason, out.refusal_text) == ("04", "Espécie documental não mapeada.")
    assert fake.tramite(out.idt)["status"] == 9
    with city.ctx():
        process.refresh_from_db()
        assert process.lock == ""
        assert OpenIn.objects.filter(process=process, unit=city.root).exists()
        assert process.events.last().action == "external_refused"


def test_cancellation_by_the_coordinator_and_automatic(mapped, fake, client_for, make_user):
    from tramita import services

    city = mapped
    first, second = ready_process(city, "Um"), ready_process(city, "Dois")
    clerk = client_for(city.tenant, city.clerk_user)
    assert send(clerk, first, INSS, FEDERAL_REPO).status_code == 202
    assert send(clerk, second, INSS, FEDERAL_REPO).status_code == 202
    drive(lambda: Envelope.objects.filter(status="in_transit").count() == 2)
    one, two = Envelope.objects.order_by("id")
    services.cancel(one, user="coordenação")
    assert fake.tramite(one.idt)["status"] == 7
    fake.advance_days(9)  # Tramita cancels what stays unchanged for 8 days
    Envelope.objects.filter(pk=two.pk).update(next_attempt_at=two.created_at)
    drive(lambda: Envelope.objects.filter(status="cancelled").count() == 2)
    two.refresh_from_db()
    assert two.situation == 10
    with city.ctx():
        for process in (first, second):
            process.refresh_from_db()
            assert process.lock == ""
            assert process.events.last().action == "external_cancelled"


def test_a_foreign_body_sends_to_extrema(mapped, fake, foreign):
    city = mapped
    pdf, html = blank_pdf(), b"<p>Despacho do INSS</p>"
    answer = foreign_send(
        foreign,
        to=EXTREMA,
        files=[("oficio.pdf", pdf, "application/pdf"), ("despacho.html", html, "text/html")],
    )
    drive(lambda: Envelope.objects.filter(direction=IN, status="completed").exists())
    inbound = Envelope.objects.get(direction=IN)
    assert inbound.tenant == city.tenant
    assert fake.tramite(answer["IDT"])["status"] == 5
    receipt = foreign.completion_receipt(answer["IDT"])
    assert receipt["recibo"]["NRE"] == answer["NRE"]
    assert fake.tramite(answer["IDT"])["status"] == 6
    with city.ctx():
        process = Process.objects.get(uuid=inbound.process_uuid)
        assert str(process) == "00001.000123/2026-11"
        assert process.documents.count() == 2
        assert OpenIn.objects.filter(process=process, unit=city.root, read=False).exists()
        assert process.parties.get().document == "52998224725"
        stored = process.documents.get(content_type="application/pdf")
        assert stored.file.read() == pdf


def test_a_corrupted_component_is_refused_and_nothing_is_created(mapped, fake, foreign):
    from core.storage import s3_client

    city = mapped
    with city.ctx():
        before = Process.objects.count()
    answer = foreign_send(foreign, to=EXTREMA, files=[("a.pdf", blank_pdf(), "application/pdf")])
    fake.faults(wrong_hash_rate=1.0)
    drive(lambda: Envelope.objects.filter(direction=IN, status="refused").exists())
    inbound = Envelope.objects.get(direction=IN)
    assert inbound.refusal_reason == "02"
    assert fake.tramite(answer["IDT"])["status"] == 8
    with city.ctx():
        assert Process.objects.count() == before
    from django.conf import settings

    listed = s3_client().list_objects_v2(
        Bucket=settings.AWS_STORAGE_BUCKET_NAME,
        Prefix=f"tenants/{city.tenant.schema_name}/tramita/in/{answer['IDT']}/",
    )
    assert listed.get("KeyCount", 0) == 0


def test_an_unmapped_destination_is_refused(mapped, city_b, fake, foreign):
    fake.add_structure(id=3106200, nome="Prefeitura Municipal de Belo Horizonte", repositorio=31)
    counts = {}
    for tenant in (mapped.tenant, city_b["tenant"]):
        with schema_context(tenant.schema_name):
            counts[tenant.pk] = Process.objects.count()
    answer = foreign_send(foreign, to=3106200, files=[("a.pdf", blank_pdf(), "application/pdf")])
    drive(lambda: Envelope.objects.filter(direction=IN, status="refused").exists())
    inbound = Envelope.objects.get(direction=IN)
    assert inbound.tenant is None and inbound.refusal_reason == "99"
    assert "não está habilitada" in inbound.refusal_text
    assert fake.tramite(answer["IDT"])["status"] == 8
    for tenant in (mapped.tenant, city_b["tenant"]):
        with schema_context(tenant.schema_name):
            assert Process.objects.count() == counts[tenant.pk]


def test_a_restricted_process_keeps_its_level_and_legal_basis(mapped, fake, foreign):
    """The reference client sends nivelDeSigilo as a string and the legal basis by id."""
    import base64
    import hashlib

    from tramita.demo import FEDERAL_REPOSITORY, INSS

    data = blank_pdf()
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    protocol = "00001.000999/2026-11"
    answer = foreign.start_process(
        {
            "cabecalho": {
                "remetente": {
                    "identificacaoDoRepositorioDeEstruturas": FEDERAL_REPOSITORY,
                    "numeroDeIdentificacaoDaEstrutura": str(INSS),
                },
                "destinatario": {
                    "identificacaoDoRepositorioDeEstruturas": MUNICIPAL_REPO,
                    "numeroDeIdentificacaoDaEstrutura": str(EXTREMA),
                },
            },
            "processo": {
                "protocolo": protocol,
                "nivelDeSigilo": "2",
                "hipoteseLegal": {"identificacao": 1},
                "descricao": "Dados de servidor",
                "processoDeNegocio": "Requisição de informações",
                "documentos": [
                    {
                        "ordem": 1,
                        "descricao": "Ofício",
                        "nivelDeSigilo": "2",
                        "especie": {"codigo": 57, "nomeNoProdutor": "Ofício"},
                        "componentesDigitais": [
                            {
                                "ordem": 1,
                                "nome": "oficio.pdf",
                                "hash": {"algoritmo": "SHA256", "conteudo": digest},
                                "tamanhoEmBytes": len(data),
                                "mimeType": "application/pdf",
                                "tipoDeConteudo": "txt",
                            }
                        ],
                    }
                ],
            },
        }
    )
    foreign.upload_component(
        answer["ticketParaEnvioDeComponentesDigitais"],
        protocol=protocol,
        hash_b64=digest,
        size=len(data),
        chunks=lambda: [data],
    )
    drive(lambda: Envelope.objects.filter(direction=IN, status="completed").exists())
    with mapped.ctx():
        process = Process.objects.get(uuid=Envelope.objects.get(direction=IN).process_uuid)
        assert process.access_level == "restricted"
        assert process.legal_basis.name == "Informação Pessoal"
