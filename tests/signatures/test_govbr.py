"""Advanced signature through the gov.br signature API (ITI), against the local fake
(fakes/iti.py): one authorisation for several documents, local verification of each
CMS, evidence stored; every fault refused with a pt-BR message and nothing stored."""

import base64
import hashlib
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.files import blank_pdf
from core.models import Signature
from core.services import documents as docs
from core.services.processes import create_process
from core.storage import s3_client, tenant_prefix
from fakes import iti as fake
from signatures import iti
from signatures.errors import SignatureError
from signatures.models import ItiAuthorization, SignatureEvidence

pytestmark = pytest.mark.django_db
START = "/api/v1/signatures/govbr/"
CLERK_CPF = "11144477735"


def _fake(path: str, **kwargs) -> httpx.Response:
    return httpx.post(f"{settings.ITI_AUTH_URL}{path}", timeout=10, **kwargs)


def _counters() -> dict:
    return httpx.get(f"{settings.ITI_AUTH_URL}/_fake/state", timeout=10).json()["counters"]


def _pades_status(data: bytes):
    import io

    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with open(settings.ITI_CA_FILE, "rb") as fh:
        from cryptography import x509

        roots = [
            ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
            for c in x509.load_pem_x509_certificates(fh.read())
        ]
    [signature] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return validate_pdf_signature(signature, ValidationContext(trust_roots=roots))


def govbr_client(client_for, city, level="prata"):
    client = client_for(city.tenant, city.clerk_user)
    session = client.session
    session.update({"auth_method": "govbr", "auth_level": level, "auth_amr": ["passwd"]})
    session.save()
    return client


def authorize(url: str, *, cpf=CLERK_CPF, level="silver", fault="") -> str:
    """The person on the ITI's screen: returns where the ITI sends the browser back."""
    page = httpx.get(url, timeout=10)
    assert page.status_code == 200, page.text
    form = dict(parse_qsl(urlsplit(url).query))
    form.update(persona="custom", cpf=cpf, name="Bruno Servidor", level=level, fault=fault)
    answer = _fake("/oauth2.0/authorize", data=form)
    assert answer.status_code == 302
    return answer.headers["location"]


def back(client, location: str):
    parts = urlsplit(location)
    assert parts.netloc == "extrema.localhost" and parts.path == "/assinatura/govbr/retorno/"
    return client.get(f"{parts.path}?{parts.query}")


@pytest.fixture
def two_documents(city):
    """Two documents generated in the system (only those are signed: an upload never is,
    core.services.permissions.check_sign)."""
    with city.ctx():
        process = create_process(
            staff=city.clerk, process_type=city.process_type, summary="x", access_level="public"
        )
        internal = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Portaria</p>"
        )
        second = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.despacho, html="<p>Ciente</p>"
        )
    return process, internal, second


def _keys(city) -> set[str]:
    listing = s3_client().list_objects_v2(
        Bucket=settings.AWS_STORAGE_BUCKET_NAME,
        Prefix=f"{tenant_prefix(city.tenant.schema_name)}/signatures/",
    )
    return {o["Key"] for o in listing.get("Contents", [])}


@pytest.fixture
def stored(city):
    """`stored()`: the evidence files this test put in S3 (the bucket outlives tests)."""
    before = _keys(city)
    return lambda: sorted(_keys(city) - before)


def _start(client, documents, **extra):
    return client.post(
        START,
        {"documents": [str(d.uuid) for d in documents], **extra},
        content_type="application/json",
    )


def test_one_authorisation_signs_every_document_with_verified_evidence(
    city, two_documents, client_for, stored
):
    process, internal, second = two_documents
    client = govbr_client(client_for, city)
    before = _counters()
    started = _start(client, [internal, second], role="Secretário", return_path="/p/1")
    assert started.status_code == 201, started.content
    url = started.json()["authorize_url"]
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["scope"] == "signature_session govbr"
    assert query["redirect_uri"] == "http://extrema.localhost/assinatura/govbr/retorno/"
    assert query["state"] and query["nonce"]
    location = authorize(url)
    done = back(client, location)
    assert done.status_code == 302 and done["Location"] == "/p/1?assinatura=2"
    after = _counters()
    assert after["token"] - before["token"] == 1
    with city.ctx():
        signatures = list(Signature.objects.filter(document__process=process))
        assert {s.method for s in signatures} == {"govbr_iti"}
        assert {s.signer_role for s in signatures} == {"Secretário"}
        for signature in signatures:
            evidence = SignatureEvidence.objects.get(signature=signature)
            assert evidence.level == "advanced" and CLERK_CPF in evidence.certificate_subject
            with default_storage.open(evidence.p7s.name, "rb") as fh:
                der = fh.read()
            # the stored .p7s signs the exact bytes' SHA-256, by this CPF
            iti.verify_cms(der, digest=bytes.fromhex(signature.sha256), cpf=CLERK_CPF)
        assert {s.sha256 for s in signatures} == {
            internal.versions.get().sha256,
            second.versions.get().sha256,
        }
        code = internal.authenticity
    assert len(stored()) == 3  # a .p7s per document, the certificate once
    body = (
        Client(HTTP_HOST="extrema.localhost")
        .get("/api/v1/public/authenticity/", {"code": code.code, "crc": code.crc})
        .json()
    )
    [sig] = body["signatures"]
    assert sig["level"] == "advanced"
    assert sig["level_label"] == "Assinatura eletrônica avançada (gov.br)"
    staff_view = client.get(f"/api/v1/documents/{internal.uuid}/authenticity/").json()
    assert staff_view["signatures"][0]["level_label"] == "Assinatura eletrônica avançada (gov.br)"
    assert staff_view["signatures"][0]["method"] == "govbr_iti"
    pdf = client.get(f"/api/v1/documents/{internal.uuid}/pdf/")
    from tests.signatures.test_pdf import _flat, _text

    data = b"".join(pdf.streaming_content)
    text = _flat(_text(data))
    assert "Assinatura eletrônica avançada (gov.br)" in text
    # ...and the signature is inside the PDF (PAdES), valid and trusted
    assert after["sign"] - before["sign"] == 4  # 2 documents + each one's PDF (PAdES)
    status = _pades_status(data)
    assert status.intact and status.valid and status.trusted
    assert hashlib.sha256(data).hexdigest() == pdf["X-Content-SHA256"]
    # the callback is single-use
    replay = back(client, location)
    assert replay.status_code == 400 and "já foi usada" in replay.content.decode()


def test_the_json_completion_answers_the_signatures(city, two_documents, client_for):
    _, internal, _ = two_documents
    client = govbr_client(client_for, city, level="ouro")
    url = _start(client, [internal]).json()["authorize_url"]
    params = dict(parse_qsl(urlsplit(authorize(url)).query))
    answer = client.post(
        "/api/v1/signatures/govbr/complete/", params, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()[0]["method"] == "govbr_iti"
    again = client.post(
        "/api/v1/signatures/govbr/complete/", params, content_type="application/json"
    )
    assert again.status_code == 400 and "já foi usada" in again.json()["detail"]


@pytest.mark.parametrize("level", ["bronze", None])
def test_bronze_or_no_govbr_login_is_stopped_before_the_iti(
    city, two_documents, client_for, level, settings
):
    """Staff need prata to work at all; with a looser staff minimum (or, later, for
    citizens) the signing start itself stops a bronze account."""
    settings.GOVBR_MIN_LEVEL = {**settings.GOVBR_MIN_LEVEL, "staff": "bronze"}
    _, internal, _ = two_documents
    if level:
        client = govbr_client(client_for, city, level=level)
    else:
        client = client_for(city.tenant, city.clerk_user)  # password login
    before = _counters()
    response = _start(client, [internal])
    assert response.status_code == 403
    detail = response.json()["detail"]
    if level:
        assert "prata ou ouro" in detail and settings.GOVBR_UPGRADE_PATH in detail
        assert response.json()["code"] == "trust_level_too_low"
    else:
        assert "entre no sistema com a sua conta gov.br" in detail
    assert _counters()["authorize"] == before["authorize"]  # never reached the ITI
    with city.ctx():
        assert not ItiAuthorization.objects.exists()


FAULTS = {
    "wrong_digest": (400, "não confere com o documento"),
    "bad_signature": (400, "não confere com o documento"),
    "wrong_cpf": (400, "não é do CPF"),
    "untrusted_ca": (400, "não foi emitido pela autoridade"),
    "server_error": (502, "não respondeu"),
    "deny": (400, "não foi autorizada"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_fault_is_refused_and_nothing_is_stored(
    city, two_documents, client_for, fault, stored
):
    _, internal, second = two_documents
    client = govbr_client(client_for, city)
    url = _start(client, [internal, second]).json()["authorize_url"]
    response = back(client, authorize(url, fault=fault))
    status, words = FAULTS[fault]
    assert response.status_code == status
    assert words in response.content.decode()
    assert "Nada foi assinado" in response.content.decode()
    with city.ctx():
        assert not Signature.objects.exists() and not SignatureEvidence.objects.exists()
        assert ItiAuthorization.objects.get().used_at is not None
    assert stored() == []


def test_a_bronze_account_at_the_iti_is_refused(city, two_documents, client_for, stored):
    """Our session said prata, but the ITI knows better: its 403 becomes the upgrade
    message."""
    _, internal, _ = two_documents
    client = govbr_client(client_for, city)
    url = _start(client, [internal]).json()["authorize_url"]
    response = back(client, authorize(url, level="bronze"))
    assert response.status_code == 403 and "prata ou ouro" in response.content.decode()
    with city.ctx():
        assert not Signature.objects.exists()
    assert stored() == []


def test_an_expired_code_is_refused(city, two_documents, client_for):
    _, internal, _ = two_documents
    client = govbr_client(client_for, city)
    url = _start(client, [internal]).json()["authorize_url"]
    location = authorize(url)
    _fake("/_fake/clock", json={"advance": fake.CODE_SECONDS + 1})
    response = back(client, location)
    assert response.status_code == 400 and "expirou" in response.content.decode()
    with city.ctx():
        assert not Signature.objects.exists()


def test_a_document_changed_after_the_hash_was_sent_is_not_signed(
    city, two_documents, client_for, stored
):
    _, internal, _ = two_documents
    client = govbr_client(client_for, city)
    url = _start(client, [internal]).json()["authorize_url"]
    location = authorize(url)
    with city.ctx():
        docs.save_version(staff=city.clerk, document=internal, html="<p>Outro texto</p>")
    response = back(client, location)
    assert response.status_code == 409 and "mudou" in response.content.decode()
    with city.ctx():
        assert not Signature.objects.exists() and not SignatureEvidence.objects.exists()
    assert stored() == []


def test_an_upload_is_refused_before_the_iti(city, two_documents, client_for):
    """Only documents generated in the system are signed: an uploaded one in the batch
    stops the whole start (core's rule), before the ITI and with nothing written."""
    process, internal, _ = two_documents
    with city.ctx():
        upload = docs.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("a.pdf", blank_pdf()),
        )
    client = govbr_client(client_for, city)
    before = _counters()
    response = _start(client, [internal, upload])
    assert response.status_code == 400 and response.json()["code"] == "not_internal"
    assert "gerados no sistema" in response.json()["detail"]
    assert _counters()["authorize"] == before["authorize"]
    with city.ctx():
        assert not ItiAuthorization.objects.exists() and not Signature.objects.exists()


def test_refusals_of_core_come_before_the_iti(city, two_documents, client_for):
    """Carla (Obras) cannot sign the root unit's document: refused at the start."""
    _, internal, _ = two_documents
    carla = client_for(city.tenant, city.other_user)
    session = carla.session
    session.update({"auth_method": "govbr", "auth_level": "prata"})
    session.save()
    response = _start(carla, [internal])
    assert response.status_code == 403 and response.json()["code"] == "not_your_unit"
    with city.ctx():
        assert not ItiAuthorization.objects.exists() and not Signature.objects.exists()


def test_isolation_of_the_signature_endpoints(city, city_b, two_documents, client_for):
    from accounts.models import User

    _, internal, _ = two_documents
    body = {"documents": [str(internal.uuid)]}
    other = client_for(city_b["tenant"], city_b["user"])
    session = other.session
    session.update({"auth_method": "govbr", "auth_level": "ouro"})
    session.save()
    assert other.post(START, body, content_type="application/json").status_code == 404
    citizen = User.objects.create_user(cpf="12345678909", name="Cidadão")
    for client in (
        client_for(city.tenant),
        client_for(city.tenant, citizen),
        client_for(city.tenant, city_b["user"]),  # staff of another city only
    ):
        assert client.post(START, body, content_type="application/json").status_code in (401, 403)
        complete = client.post(
            "/api/v1/signatures/govbr/complete/",
            {"state": "x", "code": "y"},
            content_type="application/json",
        )
        assert complete.status_code in (401, 403)
        page = client.get("/assinatura/govbr/retorno/?state=x&code=y")
        assert page.status_code == 403
    # someone else's state is not theirs to complete
    clerk = govbr_client(client_for, city)
    url = _start(clerk, [internal]).json()["authorize_url"]
    location = authorize(url)
    admin = client_for(city.tenant, city.admin_user)
    parts = urlsplit(location)
    assert admin.get(f"{parts.path}?{parts.query}").status_code == 400
    with city.ctx():
        assert not Signature.objects.exists()


# --- the fake's own quirks and the local CMS check -----------------------------------


def _token(url: str, **override) -> httpx.Response:
    location = authorize(url)
    params = dict(parse_qsl(urlsplit(location).query))
    form = {
        "code": params["code"],
        "client_id": settings.ITI_CLIENT_ID,
        "client_secret": settings.ITI_CLIENT_SECRET,
        "grant_type": "authorization_code",
        "redirect_uri": "http://extrema.localhost/assinatura/govbr/retorno/",
        **override,
    }
    return _fake("/oauth2.0/token", data=form), form


def test_fake_iti_codes_redirects_tokens_and_limits():
    client = iti.ItiClient()
    url = client.authorize_url(
        redirect_uri="http://extrema.localhost/assinatura/govbr/retorno/", state="s", nonce="n"
    )
    first, form = _token(url)
    assert first.status_code == 200
    body = first.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 600
    replay = _fake("/oauth2.0/token", data=form)
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_request"
    mismatch, _ = _token(url, redirect_uri="http://evil.example/")
    assert mismatch.status_code == 401
    token = body["access_token"]
    bad_hash = httpx.post(
        f"{settings.ITI_API_URL}/externo/v2/assinarPKCS7",
        headers={"Authorization": f"Bearer {token}"},
        json={"hashBase64": base64.b64encode(b"short").decode()},
    )
    assert bad_hash.status_code == 400
    digest = hashlib.sha256(b"x").digest()
    der = client.sign_hash(token, digest)
    assert iti.verify_cms(der, digest=digest, cpf=CLERK_CPF).certificate
    _fake("/_fake/clock", json={"advance": 601})
    with pytest.raises(SignatureError) as expired:
        client.certificate(token)
    assert expired.value.code == "iti_authorization_invalid"
    client.close()


def test_a_cms_over_another_digest_or_cpf_is_refused(settings):
    settings.ITI_CA_FILE = ""  # a CA of this test only
    ca = fake.make_ca("CA de teste")
    key, cert = fake.issue(ca, CLERK_CPF, "Bruno")
    digest = hashlib.sha256(b"documento").digest()
    good = fake.pkcs7(digest, key, cert)
    assert iti.certificate_cpf(iti.verify_cms(good, digest=digest, cpf=CLERK_CPF).certificate)
    with pytest.raises(SignatureError) as wrong_digest:
        iti.verify_cms(good, digest=hashlib.sha256(b"outro").digest(), cpf=CLERK_CPF)
    assert wrong_digest.value.code == "iti_cms_invalid"
    with pytest.raises(SignatureError) as wrong_cpf:
        iti.verify_cms(good, digest=digest, cpf="52998224725")
    assert wrong_cpf.value.code == "iti_certificate_mismatch"
    with pytest.raises(SignatureError):
        iti.verify_cms(fake.pkcs7(digest, key, cert, bad=True), digest=digest, cpf=CLERK_CPF)
    with pytest.raises(SignatureError):
        iti.verify_cms(b"not a cms", digest=digest, cpf=CLERK_CPF)
