"""Uploads are PDFs by content, within the size limit; refused ones leave nothing."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.storage import s3_client
from onboarding.models import CaseDocument, Status

from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def _keys(case) -> list[str]:
    from django.conf import settings

    listed = s3_client().list_objects_v2(
        Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix=f"tenants/public/onboarding/{case.uuid}/"
    )
    return [o["Key"] for o in listed.get("Contents", [])]


@pytest.fixture
def upload(client_for, public_tenant, coordinator):
    client = client_for(public_tenant, coordinator)

    def send(case, content: bytes, name="acordo.pdf", kind="agreement"):
        file = SimpleUploadedFile(name, content, content_type="application/pdf")
        return client.post(f"/api/v1/onboarding/cases/{case.uuid}/documents/",
                           {"kind": kind, "file": file})  # fmt: skip

    return send


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"PK\x03\x04 this is a zip renamed to .pdf" * 10, "file_not_pdf", "não é um PDF"),
        (b"%PDF-1.7\n garbage that is not a pdf body", "file_not_pdf", "não é um PDF"),
        (b"", "file_empty", "vazio"),
        (b"%PDF-" + b"0" * (1024 * 1024 + 1), "file_too_large", "máximo permitido"),
    ],
    ids=["zip-renamed", "fake-header", "empty", "oversize"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    upload, case_at, settings, content, code, words
):
    settings.ONBOARDING_MAX_UPLOAD_BYTES = 1024 * 1024
    case = case_at(Status.INTEREST)
    response = upload(case, content)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert words in response.json()["detail"]
    assert CaseDocument.objects.filter(case=case).count() == 0
    assert _keys(case) == []
    assert case.events.filter(action="upload").count() == 0


def test_a_good_pdf_is_stored_with_its_hash_under_the_state_prefix(upload, case_at):
    case = case_at(Status.INTEREST)
    content = pdf_bytes(pages=3)
    response = upload(case, content, name="Acordo de Adesão nº 01-2026.pdf")
    assert response.status_code == 201
    doc = CaseDocument.objects.get(case=case)
    assert doc.sha256 == hashlib.sha256(content).hexdigest() == response.json()["sha256"]
    assert doc.size == len(content)
    assert _keys(case) == [f"tenants/public/onboarding/{doc.file.name}"]


def test_a_failed_database_write_removes_the_stored_file(upload, case_at, monkeypatch):
    case = case_at(Status.INTEREST)

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(CaseDocument, "save", broken)
    with pytest.raises(RuntimeError):
        upload(case, pdf_bytes())
    assert _keys(case) == []


def test_closed_cases_take_no_documents(upload, case_at):
    case = case_at(Status.CANCELLED)
    response = upload(case, pdf_bytes())
    assert response.status_code == 409
    assert response.json()["code"] == "case_closed"


def test_a_document_is_only_reachable_through_its_own_case(
    client_for, public_tenant, coordinator, upload, case_at
):
    from onboarding import services
    from onboarding.models import Municipality

    case = case_at(Status.INTEREST)
    doc_id = upload(case, pdf_bytes()).json()["id"]
    other = services.open_case(municipality=Municipality.objects.get(ibge_code="3146107"),
                               actor=coordinator)  # fmt: skip
    client = client_for(public_tenant, coordinator)
    url = f"/api/v1/onboarding/cases/{other.uuid}/documents/{doc_id}/"
    assert client.get(url).status_code == 404
