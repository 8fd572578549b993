"""The citizen's advanced signature through the gov.br signature API (ITI), against the
local fake (fakes/iti.py): acceptance scenario 13, the reasons a filing needs it, every
fault refused in pt-BR with nothing stored and the staged files kept for a retry, the
single-use authorisation, idempotency, and the same step for intercorrente."""

import base64
import hashlib
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client

from citizens.models import CitizenPolicy, CitizenSigning, Petition, PetitionType, StagedUpload
from core.files import blank_pdf
from core.models import Process, Signature
from core.services.processes import create_process
from core.storage import s3_client, tenant_prefix
from signatures import iti
from signatures.models import SignatureEvidence
from tests.citizens.conftest import JOSE_CPF, govbr_client
from tests.citizens.test_intimations import _adhere, _issue, signed  # noqa: F401
from tests.citizens.test_petitions import _counts, _doc, _file, _stage, petition_type  # noqa: F401
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
COMPLETE = "/api/v1/citizen/signatures/complete/"


def _fake_state() -> dict:
    return httpx.get(f"{settings.ITI_AUTH_URL}/_fake/state", timeout=10).json()


def authorize(url: str, *, cpf=JOSE_CPF, level="silver", fault="") -> dict:
    """The citizen on the ITI's screen: the query gov.br sends him back with."""
    page = httpx.get(url, timeout=10)
    assert page.status_code == 200, page.text
    form = dict(parse_qsl(urlsplit(url).query))
    form.update(persona="custom", cpf=cpf, name="José Cidadão", level=level, fault=fault)
    answer = httpx.post(f"{settings.ITI_AUTH_URL}/oauth2.0/authorize", data=form, timeout=10)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["location"])
    assert location.path == "/cidadao/assinatura/retorno"
    return dict(parse_qsl(location.query))


def complete(client, back: dict):
    return client.post(COMPLETE, back, content_type="application/json")


def _evidence_keys(city) -> set[str]:
    listing = s3_client().list_objects_v2(
        Bucket=settings.AWS_STORAGE_BUCKET_NAME,
        Prefix=f"{tenant_prefix(city.tenant.schema_name)}/signatures/citizens/",
    )
    return {o["Key"] for o in listing.get("Contents", [])}


def _restricted_filing(client, city, pt, *, name="laudo.pdf", content=None, key=None):
    upload = _stage(client, pt, name, content or blank_pdf(), access_level="restricted")
    assert upload.status_code == 201, upload.content
    body = _doc(
        upload.json()["id"],
        pt.requerimento,
        access_level="restricted",
        legal_basis=str(city.personal.uuid),
    )
    return upload.json(), body


def test_scenario_13_prata_signs_through_the_iti_and_bronze_never_reaches_it(
    city,
    citizens,
    petition_type,  # noqa: F811
):
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    content = blank_pdf() + b"\n% laudo medico\n"
    upload, doc = _restricted_filing(jose, city, petition_type, content=content)
    before, evidence_before = _counts(city), _evidence_keys(city)
    started = _file(jose, petition_type, [doc], key="chave-13")
    assert started.status_code == 202, started.content
    body = started.json()
    assert body["signature"] == "avancada" and body["reasons"] == ["restricted_document"]
    query = dict(parse_qsl(urlsplit(body["authorize_url"]).query))
    assert query["scope"] == "signature_session govbr"
    assert query["redirect_uri"] == "http://extrema.localhost/cidadao/assinatura/retorno"
    assert query["state"] and query["nonce"]
    assert _counts(city) == before  # nothing of the petition exists before the signature

    hashes_before = len(_fake_state()["hashes"])
    done = complete(jose, authorize(body["authorize_url"]))
    assert done.status_code == 201, done.content
    receipt = done.json()["receipt"]

    # The fake received base64 of 32 bytes: the document's SHA-256 (and the manifest's).
    received = [base64.b64decode(h) for h in _fake_state()["hashes"][hashes_before:]]
    assert all(len(h) == 32 for h in received)
    assert hashlib.sha256(content).digest() == received[0]
    with city.ctx():
        petition = Petition.objects.get(uuid=done.json()["id"])
        assert bytes.fromhex(petition.manifest_sha256) == received[1] and len(received) == 2
        assert petition.signature_level == "avançada"
        [document] = [d for d in petition.process.documents.all() if d.original_name == "laudo.pdf"]
        with default_storage.open(document.file.name, "rb") as fh:
            stored = fh.read()
        assert hashlib.sha256(stored).hexdigest() == document.sha256 == upload["sha256"]
        signature = Signature.objects.get(document=document)
        assert signature.method == "govbr_iti" and signature.trust_level == "prata"
        evidence = SignatureEvidence.objects.get(signature=signature)
        assert evidence.level == "advanced" and JOSE_CPF in evidence.certificate_subject
        with default_storage.open(evidence.p7s.name, "rb") as fh:
            der = fh.read()
        # CMS digest = the document's hash; certificate CPF = the citizen.
        verified = iti.verify_cms(der, digest=hashlib.sha256(stored).digest(), cpf=JOSE_CPF)
        assert iti.certificate_cpf(verified.certificate) == JOSE_CPF
        assert Process.objects.get(pk=petition.process_id).access_level == "restricted"
        assert StagedUpload.objects.get(uuid=upload["id"]).used
    assert receipt["signatario"]["assinatura"] == "avançada"
    assert (
        receipt["signatario"]["assinatura_descricao"] == "Assinatura eletrônica avançada (gov.br)"
    )
    assert receipt["signatario"]["manifesto_sha256"] == petition.manifest_sha256
    assert {d["sha256"] for d in receipt["documentos"]} == {upload["sha256"]}
    assert len(_evidence_keys(city) - evidence_before) == 4  # cert, manifest, 2 .p7s
    pdf = b"".join(jose.get(done.json()["receipt_pdf"]).streaming_content)
    import io

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Assinatura eletrônica avançada (gov.br)" in text and "Certificado" in text

    # Bronze: refused with the upgrade link before any authorisation; the ITI never sees it.
    with city.ctx():
        PetitionType.objects.filter(pk=petition_type.pk).update(requires_advanced=True)
    bronze = govbr_client(city.tenant, citizens["ana"], level="bronze")
    counters = _fake_state()["counters"]
    public = _stage(bronze, petition_type, "pedido.pdf", blank_pdf())
    assert public.status_code == 403 and public.json()["code"] == "trust_level_too_low"
    with city.ctx():
        PetitionType.objects.filter(pk=petition_type.pk).update(requires_advanced=False)
    staged = _stage(bronze, petition_type, "pedido.pdf", blank_pdf())
    with city.ctx():
        PetitionType.objects.filter(pk=petition_type.pk).update(requires_advanced=True)
    refused = _file(bronze, petition_type, [_doc(staged.json()["id"], petition_type.requerimento)])
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "trust_level_too_low"
    assert "confiabilidades.acesso.gov.br" in refused.json()["detail"]
    assert "authorize_url" not in refused.json()
    assert _fake_state()["counters"] == counters
    with city.ctx():
        assert not CitizenSigning.objects.filter(user_id=citizens["ana"].pk).exists()


def test_the_reasons_for_the_advanced_signature(city, citizens, petition_type):  # noqa: F811
    jose = govbr_client(city.tenant, citizens["jose"], level="ouro")

    def public_filing():
        staged = _stage(jose, petition_type, f"{uuid.uuid4().hex[:8]}.pdf", blank_pdf())
        return _file(jose, petition_type, [_doc(staged.json()["id"], petition_type.requerimento)])

    simple = public_filing()
    assert simple.status_code == 201, simple.content
    assert simple.json()["receipt"]["signatario"]["assinatura"] == "simples"
    with city.ctx():
        PetitionType.objects.filter(pk=petition_type.pk).update(requires_advanced=True)
    assert public_filing().json()["reasons"] == ["type_requires_advanced"]
    with city.ctx():
        PetitionType.objects.filter(pk=petition_type.pk).update(requires_advanced=False)
        CitizenPolicy.objects.update_or_create(defaults={"simple_signature_allowed": False})
    assert public_filing().json()["reasons"] == ["simple_not_admitted"]
    me = jose.get("/api/v1/citizen/me/").json()
    assert me["simple_signature_allowed"] is False


@pytest.mark.parametrize(
    ("fault", "level", "code", "words"),
    [
        ("wrong_digest", "silver", "iti_cms_invalid", "não confere com o documento"),
        ("bad_signature", "silver", "iti_cms_invalid", "não confere com o documento"),
        ("wrong_cpf", "silver", "iti_certificate_mismatch", "não é do CPF"),
        ("untrusted_ca", "silver", "iti_certificate_mismatch", "não foi emitido"),
        ("server_error", "silver", "iti_unavailable", "não respondeu"),
        ("deny", "silver", "signing_denied", "não foi autorizada"),
        ("", "bronze", "iti_forbidden", "prata ou ouro"),
    ],
)
def test_each_fault_stores_nothing_and_keeps_the_files_for_a_retry(
    city,
    citizens,
    petition_type,  # noqa: F811
    fault,
    level,
    code,
    words,
):
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    upload, doc = _restricted_filing(jose, city, petition_type)
    before, evidence_before = _counts(city), _evidence_keys(city)
    started = _file(jose, petition_type, [doc], key="chave-falha")
    assert started.status_code == 202
    failed = complete(jose, authorize(started.json()["authorize_url"], level=level, fault=fault))
    assert failed.status_code in (400, 403, 502), failed.content
    assert failed.json()["code"] == code and words in failed.json()["detail"]
    assert _counts(city) == before and _evidence_keys(city) == evidence_before
    with city.ctx():
        assert not StagedUpload.objects.get(uuid=upload["id"]).used
        signing = CitizenSigning.objects.get(uuid=started.json()["id"])
        assert signing.result == code and signing.petition is None

    # "Assinar de novo": the same filing, a new authorisation, one process.
    again = jose.post(f"/api/v1/citizen/signatures/{signing.uuid}/restart/")
    assert again.status_code == 202, again.content
    assert again.json()["authorize_url"] != started.json()["authorize_url"]
    done = complete(jose, authorize(again.json()["authorize_url"]))
    assert done.status_code == 201, done.content
    assert _counts(city)[0] == before[0] + 1


def test_a_replayed_or_expired_authorisation_is_refused(city, citizens, petition_type):  # noqa: F811
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    _upload, doc = _restricted_filing(jose, city, petition_type)
    started = _file(jose, petition_type, [doc], key="chave-replay")
    back = authorize(started.json()["authorize_url"])
    assert complete(jose, back).status_code == 201
    replay = complete(jose, back)
    assert replay.status_code == 400 and replay.json()["code"] == "signing_invalid"
    assert "já foi usada" in replay.json()["detail"]
    # The same filing again (same key) is the first petition, not a new gov.br trip.
    same = _file(jose, petition_type, [doc], key="chave-replay")
    assert same.status_code == 200 and same.json()["id"] == replay_id(city, "chave-replay")

    # An authorisation older than 600 s, and a gov.br code past its 60 s.
    upload2, doc2 = _restricted_filing(jose, city, petition_type, name="outro.pdf")
    started = _file(jose, petition_type, [doc2], key="chave-velha")
    back = authorize(started.json()["authorize_url"])
    with city.ctx():
        from datetime import timedelta

        from django.utils import timezone

        CitizenSigning.objects.filter(uuid=started.json()["id"]).update(
            created_at=timezone.now() - timedelta(seconds=601)
        )
    before = _counts(city)
    old = complete(jose, back)
    assert old.status_code == 400 and old.json()["code"] == "signing_invalid"
    again = jose.post(f"/api/v1/citizen/signatures/{started.json()['id']}/restart/")
    back = authorize(again.json()["authorize_url"])
    httpx.post(f"{settings.ITI_AUTH_URL}/_fake/clock", json={"advance": 61}, timeout=10)
    try:
        expired = complete(jose, back)
    finally:
        httpx.post(f"{settings.ITI_AUTH_URL}/_fake/clock", json={"advance": -61}, timeout=10)
    assert expired.status_code == 400 and expired.json()["code"] == "iti_authorization_invalid"
    assert "expirou" in expired.json()["detail"]
    assert _counts(city) == before
    with city.ctx():
        assert not StagedUpload.objects.get(uuid=upload2["id"]).used


def replay_id(city, key):
    with city.ctx():
        return str(Petition.objects.get(idempotency_key=key).uuid)


def test_only_the_citizen_who_started_it_completes_or_restarts_it(
    city,
    city_b,
    citizens,
    petition_type,  # noqa: F811
):
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    _upload, doc = _restricted_filing(jose, city, petition_type)
    started = _file(jose, petition_type, [doc], key="chave-alheia")
    back = authorize(started.json()["authorize_url"])
    restart = f"/api/v1/citizen/signatures/{started.json()['id']}/restart/"
    ana = govbr_client(city.tenant, citizens["ana"], level="ouro")
    assert complete(ana, back).json()["code"] == "signing_invalid"
    assert ana.post(restart).status_code == 404
    staff_b = govbr_client(city.tenant, city_b["user"], level="ouro")
    assert complete(staff_b, back).status_code == 400
    in_b = govbr_client(city_b["tenant"], citizens["jose"], level="prata")
    assert complete(in_b, back).json()["code"] == "signing_invalid"
    assert in_b.post(restart).status_code == 404
    anonymous = Client(HTTP_HOST=host_of(city.tenant))
    assert complete(anonymous, back).status_code == 403
    assert anonymous.post(restart).status_code == 403
    assert anonymous.get("/api/v1/citizen/filing-options/").status_code == 403
    # None of those used it up: José completes it.
    assert complete(jose, back).status_code == 201


def test_filing_options_list_external_types_and_restricted_bases(city, citizens):
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    options = jose.get("/api/v1/citizen/filing-options/").json()
    assert "Anexo" in {t["name"] for t in options["document_types"]}
    assert "Recibo Eletrônico de Protocolo" not in {t["name"] for t in options["document_types"]}
    assert str(city.personal.uuid) in {b["id"] for b in options["legal_bases"]}


def test_an_intercorrente_with_a_restricted_document_is_signed_through_the_iti(city, citizens):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Alvará de obra",
            access_level="public",
            parties=[{"document": JOSE_CPF, "name": "José Cidadão"}],
        )
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    upload = jose.generic(
        "POST",
        "/api/v1/citizen/uploads/?"
        + urlencode({"filename": "laudo.pdf", "access_level": "restricted"}),
        blank_pdf(),
        content_type="application/pdf",
    )
    body = {
        "idempotency_key": "inter-1",
        "number": str(process),
        "documents": [
            {
                "upload": upload.json()["id"],
                "document_type": str(city.anexo.uuid),
                "access_level": "restricted",
                "legal_basis": str(city.personal.uuid),
            }
        ],
        "sign": True,
    }
    started = jose.post("/api/v1/citizen/intercurrent/", body, content_type="application/json")
    assert started.status_code == 202, started.content
    done = complete(jose, authorize(started.json()["authorize_url"]))
    assert done.status_code == 201, done.content
    assert done.json()["kind"] == "intercurrent"
    assert done.json()["receipt"]["signatario"]["assinatura"] == "avançada"
    with city.ctx():
        signature = Signature.objects.get(
            document__uuid=done.json()["receipt"]["documentos"][0]["id"]
        )
        assert signature.evidence.level == "advanced"


def test_a_response_to_an_intimation_with_a_restricted_document_is_signed_the_same_way(
    city,
    citizens,
    signed,  # noqa: F811
):
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    _adhere(jose)
    clerk = govbr_client(city.tenant, city.clerk_user)
    _issue(clerk, signed, [JOSE_CPF], response_mode="required", response_n=10,
           response_unit="D", response_kind="C")  # fmt: skip
    [row] = jose.get("/api/v1/citizen/intimations/").json()["results"]
    jose.post(f"/api/v1/citizen/intimations/{row['id']}/consult/", {"confirm": True},
              content_type="application/json")  # fmt: skip
    upload = jose.generic(
        "POST",
        "/api/v1/citizen/uploads/?"
        + urlencode({"filename": "r.pdf", "access_level": "restricted"}),
        blank_pdf(),
        content_type="application/pdf",
    )
    body = {
        "idempotency_key": "resposta-1",
        "documents": [
            {
                "upload": upload.json()["id"],
                "document_type": str(city.anexo.uuid),
                "access_level": "restricted",
                "legal_basis": str(city.personal.uuid),
            }
        ],
        "sign": True,
    }
    url = f"/api/v1/citizen/intimations/{row['id']}/respond/"
    started = jose.post(url, body, content_type="application/json")
    assert started.status_code == 202, started.content
    done = complete(jose, authorize(started.json()["authorize_url"]))
    assert done.status_code == 201, done.content
    assert done.json()["kind"] == "response"
    assert done.json()["receipt"]["signatario"]["assinatura"] == "avançada"
    [after] = jose.get("/api/v1/citizen/intimations/").json()["results"]
    assert after["can_respond"] is False  # linked to the intimação in the same transaction


def test_signings_never_completed_are_purged_with_the_staged_files(city, citizens, petition_type):  # noqa: F811
    import datetime as dt

    from citizens.services.petitions import purge_staged

    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    _upload, doc = _restricted_filing(jose, city, petition_type)
    started = _file(jose, petition_type, [doc], key="chave-esquecida")
    with city.ctx():
        signing = CitizenSigning.objects.get(uuid=started.json()["id"])
        purge_staged()
        assert CitizenSigning.objects.filter(pk=signing.pk).exists()  # still fresh
        CitizenSigning.objects.filter(pk=signing.pk).update(
            created_at=signing.created_at - dt.timedelta(days=2)
        )
        purge_staged()
        assert not CitizenSigning.objects.filter(pk=signing.pk).exists()
