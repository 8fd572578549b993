"""Signed PDFs: the document's and the whole process's carry, on each signed document,
the signature block, the verification address, code, CRC and a QR code."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from core.files import blank_pdf
from core.models import ProcessPdf
from core.services import documents as docs
from core.services import process_pdf
from core.services.processes import create_process
from signatures.models import DocumentAuthenticity, IssuedCopy
from signatures.services.signing import sign_documents

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _images(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def signed_process(city):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Reforma da praça",
            access_level="public",
        )
        oficio = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Senhor</p>"
        )
        despacho = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.despacho, html="<p>Encaminho</p>"
        )
        draft = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.despacho, html="<p>rasc</p>"
        )
        # An upload is part of the process (and of its PDF) but is never signed: only
        # documents generated in the system are (core.services.permissions.check_sign).
        upload = docs.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("planta.pdf", blank_pdf()),
        )
        sign_documents(
            staff=city.clerk,
            user=city.clerk_user,
            documents=[oficio, despacho],
            password=PASSWORD,
            role="Assessor",
        )
        codes = {
            a.document_id: a for a in DocumentAuthenticity.objects.filter(document__process=process)
        }
    return {
        "process": process,
        "oficio": oficio,
        "despacho": despacho,
        "draft": draft,
        "upload": upload,
        "codes": codes,
    }


def test_process_pdf_carries_each_signed_documents_block_and_qr(city, signed_process):
    with city.ctx():
        pdf = ProcessPdf.objects.create(
            process=signed_process["process"], requested_by_id=city.clerk_user.pk
        )
        pdf = process_pdf.generate(str(pdf.uuid))
        assert pdf.status == "done", pdf.error
        with default_storage.open(pdf.file.name, "rb") as fh:
            data = fh.read()
    text = _flat(_text(data))
    assert "Documento assinado eletronicamente por Bruno Servidor, Assessor (GAB" in text or (
        "Bruno Servidor" in text and "Assessor" in text
    )
    assert text.count("Assinatura eletrônica simples") == 2  # ofício and despacho
    assert set(signed_process["codes"]) == {
        signed_process["oficio"].pk,
        signed_process["despacho"].pk,
    }
    for auth in signed_process["codes"].values():
        assert f"código verificador {auth.code}" in text and f"código CRC {auth.crc}" in text
    assert "http://extrema.localhost" in text or "https://extrema.localhost" in text
    assert "conferir-autenticidade" in text
    assert "Encaminho" in text
    assert "rasc" not in text  # an unsigned draft is not part of the process's record
    assert _images(data) >= 2  # one QR code per signed document
    reader = PdfReader(io.BytesIO(data))
    # cover + ofício + despacho + the uploaded PDF's page, which has no signature block
    assert len(reader.pages) == 4
    assert "assinado eletronicamente" not in (reader.pages[-1].extract_text() or "")


def test_document_pdf_is_kept_and_checkable_as_a_copy(city, signed_process, client_for):
    clerk = client_for(city.tenant, city.clerk_user)
    url = f"/api/v1/documents/{signed_process['oficio'].uuid}/pdf/"
    first = clerk.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    data = b"".join(first.streaming_content)
    again = b"".join(clerk.get(url).streaming_content)
    assert data == again  # the same bytes every time
    sha = hashlib.sha256(data).hexdigest()
    assert first["X-Content-SHA256"] == sha
    text = _flat(_text(data))
    auth = signed_process["codes"][signed_process["oficio"].pk]
    assert "Senhor" in text and auth.code in text and auth.crc in text
    with city.ctx():
        assert IssuedCopy.objects.filter(sha256=sha).count() == 1
    # the copy is recognised byte for byte, on the city and the state hosts
    check = Client(HTTP_HOST="extrema.localhost").get(
        "/api/v1/public/authenticity/", {"sha256": sha}
    )
    assert check.status_code == 200 and check.json()["code"] == auth.code
    state = Client(HTTP_HOST="localhost").get("/api/v1/public/authenticity/", {"sha256": sha})
    assert state.json()["municipality"]["name"] == "Extrema"
    tampered = bytearray(data)
    tampered[200] ^= 0x20
    changed = hashlib.sha256(bytes(tampered)).hexdigest()
    assert (
        Client(HTTP_HOST="extrema.localhost")
        .get("/api/v1/public/authenticity/", {"sha256": changed})
        .status_code
        == 404
    )


def test_a_new_signature_makes_a_new_copy(city, signed_process, client_for):
    url = f"/api/v1/documents/{signed_process['oficio'].uuid}/pdf/"
    clerk = client_for(city.tenant, city.clerk_user)
    before = b"".join(clerk.get(url).streaming_content)
    with city.ctx():
        sign_documents(
            staff=city.admin,
            user=city.admin_user,
            documents=[signed_process["oficio"]],
            password=PASSWORD,
        )
    after = b"".join(clerk.get(url).streaming_content)
    assert before != after and "Alice Admin" in _text(after)
    with city.ctx():
        assert IssuedCopy.objects.filter(document=signed_process["oficio"]).count() == 2


def test_draft_pdf_has_no_block_and_is_not_kept(city, signed_process, client_for):
    response = client_for(city.tenant, city.clerk_user).get(
        f"/api/v1/documents/{signed_process['draft'].uuid}/pdf/"
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert "rasc" in text and "assinado eletronicamente" not in text
    with city.ctx():
        assert not IssuedCopy.objects.filter(document=signed_process["draft"]).exists()


def test_document_pdf_isolation(city, city_b, client_for, signed_process):
    from accounts.models import User

    url = f"/api/v1/documents/{signed_process['oficio'].uuid}/pdf/"
    assert client_for(city_b["tenant"], city_b["user"]).get(url).status_code == 404
    assert client_for(city.tenant).get(url).status_code in (401, 403)
    citizen = User.objects.create_user(cpf="12345678909", name="Cidadão")
    assert client_for(city.tenant, citizen).get(url).status_code in (401, 403)
    assert client_for(city.tenant, city_b["user"]).get(url).status_code in (401, 403)
    # Carla (another unit) may not read the other unit's draft as PDF
    carla = client_for(city.tenant, city.other_user)
    draft = f"/api/v1/documents/{signed_process['draft'].uuid}/pdf/"
    assert carla.get(draft).status_code == 404
    with city.ctx():
        assert not IssuedCopy.objects.exists()
