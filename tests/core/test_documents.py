"""Documents: sanitised internal HTML with versions and numbers, uploads checked by
content and streamed to S3, signatures bound to a hash, access by level."""

import hashlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import CoreError
from core.files import blank_pdf
from core.models import Document, DocumentVersion
from core.services import documents as docs
from core.services.processes import create_process
from core.storage import s3_client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

XSS = [
    ("<script>alert(1)</script><p>ok</p>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<p onclick="steal()">x</p>', "onclick"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<img src="https://tracker.example/p.gif">', "tracker.example"),
    ('<p style="background:url(https://evil.example/x)">x</p>', "evil.example"),
    ('<svg onload="alert(1)"><circle/></svg>', "onload"),
    ('<object data="x.swf"></object>', "<object"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link"),
    ("<style>body{background:url(//evil.example)}</style>", "evil.example"),
    ('<form action="https://evil.example"><input name="p"></form>', "<form"),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "javascript:"),
    ("<p>a<!-- <script>alert(1)</script> --></p>", "<script"),
]


@pytest.mark.parametrize(("payload", "forbidden"), XSS)
def test_sanitiser_removes_scripts_handlers_and_external_resources(payload, forbidden):
    assert forbidden not in docs.sanitize_html(payload)


def test_sanitiser_keeps_ordinary_formatting():
    html = (
        '<p style="text-align: center"><strong>Ofício</strong> <em>nº</em> 1</p><ul><li>a</li></ul>'
    )
    assert docs.sanitize_html(html) == html


def _process(city, staff=None, access="public", basis=None):
    return create_process(
        staff=staff or city.clerk,
        process_type=city.process_type,
        summary="Solicitação",
        access_level=access,
        legal_basis=basis,
    )


def test_internal_documents_are_numbered_per_type_and_year_and_versioned(city):
    with city.ctx():
        process = _process(city)
        first = docs.create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.oficio,
            html="<p>Senhor Prefeito,<script>x</script></p>",
        )
        second = docs.create_internal(staff=city.clerk, process=process, document_type=city.oficio)
        despacho = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.despacho
        )
        assert second.number == first.number + 1 and despacho.number is None
        assert [d.position for d in process.documents.all()] == [1, 2, 3]
        assert first.versions.get().html == "<p>Senhor Prefeito,</p>"
        v2 = docs.save_version(staff=city.clerk, document=first, html="<p>Texto novo</p>")
        assert v2.version == 2
        assert v2.sha256 == hashlib.sha256(b"<p>Texto novo</p>").hexdigest()


def test_a_signed_document_is_immutable_and_its_signature_verifies(city, client_for):
    with city.ctx():
        process = _process(city)
        doc = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Original</p>"
        )
        with pytest.raises(CoreError) as err:
            docs.sign(staff=city.clerk, user=city.clerk_user, documents=[doc], password="errada")
        assert err.value.code == "password_invalid"
        [signature] = docs.sign(
            staff=city.clerk,
            user=city.clerk_user,
            documents=[doc],
            password=PASSWORD,
            role="Assessor",
        )
        assert signature.sha256 == doc.versions.get().sha256
        assert docs.verify(signature)
        with pytest.raises(CoreError) as err:
            docs.save_version(staff=city.clerk, document=doc, html="<p>Adulterado</p>")
        assert err.value.code == "document_signed"
        version = doc.versions.get()
        version.html = "<p>Adulterado</p>"
        with pytest.raises(ValueError, match="append-only"):
            version.save()
        with pytest.raises(ValueError, match="append-only"):
            DocumentVersion.objects.filter(pk=version.pk).update(html="x")
    client = client_for(city.tenant, city.clerk_user)
    response = client.post(
        f"/api/v1/documents/{doc.uuid}/versions/",
        {"html": "<p>x</p>"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Documento assinado não pode ser alterado."
    verify = client.get(f"/api/v1/signatures/{signature.pk}/verify/").json()
    assert verify["valid"] is True


def test_signing_a_block_of_documents_through_the_api(city, client_for):
    with city.ctx():
        process = _process(city)
        a = docs.create_internal(staff=city.clerk, process=process, document_type=city.oficio)
        b = docs.create_internal(staff=city.clerk, process=process, document_type=city.despacho)
    client = client_for(city.tenant, city.clerk_user)
    body = {"documents": [str(a.uuid), str(b.uuid)], "password": PASSWORD}
    response = client.post("/api/v1/signatures/", body, content_type="application/json")
    assert response.status_code == 201 and len(response.json()) == 2
    again = client.post("/api/v1/signatures/", body, content_type="application/json")
    assert again.status_code == 409
    # Staff of another unit cannot sign them.
    other = client_for(city.tenant, city.other_user)
    refused = other.post(
        "/api/v1/signatures/", {**body, "documents": [str(a.uuid)]}, content_type="application/json"
    )
    assert refused.status_code == 403


def _keys(process) -> list[str]:
    listed = s3_client().list_objects_v2(
        Bucket=settings.AWS_STORAGE_BUCKET_NAME,
        Prefix=f"tenants/m3125101/processes/{process.uuid}/",
    )
    return [o["Key"] for o in listed.get("Contents", [])]


@pytest.fixture
def upload(city, client_for):
    client = client_for(city.tenant, city.clerk_user)

    def send(process, name, content, **extra):
        # A hand-built body: Django's test client would strip directories from `name`.
        boundary = "pm-test-boundary"
        fields = {"document_type": str(city.anexo.uuid), **extra}
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"'
            "\r\nContent-Type: application/pdf\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        url = f"/api/v1/processes/{process.uuid}/uploads/"
        return client.generic(
            "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
        )

    return send


def test_an_uploaded_pdf_is_stored_in_s3_with_its_hash(city, upload):
    with city.ctx():
        process = _process(city)
    content = blank_pdf(2)
    response = upload(process, "parecer.pdf", content, form="copy", document_date="2026-11-20")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["form"] == "copy" and body["document_date"] == "2026-11-20"
    assert len(_keys(process)) == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("planilha.pdf", b"#!/bin/sh\nrm -rf /\n" * 20, "file_type_not_allowed"),
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 200, "file_type_not_allowed"),
        ("vazio.pdf", b"", "file_empty"),
        ("../../etc/passwd.pdf", blank_pdf(), "file_name_invalid"),
        ("..\\..\\boot.pdf", blank_pdf(), "file_name_invalid"),
        ("grande.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024), "file_too_large"),
    ],
    ids=[
        "spoofed-extension",
        "executable",
        "empty",
        "traversal",
        "traversal-backslash",
        "oversize",
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(city, upload, settings, name, content, code):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    with city.ctx():
        process = _process(city)
    response = upload(process, name, content)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert response.json()["detail"]  # pt-BR message for the clerk
    with city.ctx():
        assert not Document.objects.filter(process=process).exists()
    assert _keys(process) == []


# --- access levels -------------------------------------------------------------------


def test_access_matrix_for_detail_document_and_content(city, client_for):
    """público: every staff; restrito: units it passed through; sigiloso: credentialed."""
    with city.ctx():
        public = _process(city)
        restricted = _process(city, access="restricted", basis=city.personal)
        secret = _process(city, access="secret", basis=city.secret_basis)
        documents = {
            p: docs.create_internal(staff=city.clerk, process=p, document_type=city.despacho)
            for p in (public, restricted, secret)
        }
        # Signed: an unsigned draft is read only in its own unit (test_allowed_actions).
        docs.sign(
            staff=city.clerk,
            user=city.clerk_user,
            documents=list(documents.values()),
            password=PASSWORD,
        )
    expected = {
        # viewer: (public, restricted, secret)
        "creator (GAB, credentialed)": (city.clerk_user, (True, True, True)),
        "admin (GAB, not credentialed)": (city.admin_user, (True, True, False)),
        "other unit (SEOB)": (city.other_user, (True, False, False)),
    }
    for label, (user, allowed) in expected.items():
        client = client_for(city.tenant, user)
        listed = {p["id"] for p in client.get("/api/v1/processes/").json()["results"]}
        for process, ok in zip((public, restricted, secret), allowed, strict=True):
            doc = documents[process]
            for url in (
                f"/api/v1/processes/{process.uuid}/",
                f"/api/v1/documents/{doc.uuid}/",
                f"/api/v1/documents/{doc.uuid}/content/",
                f"/api/v1/processes/{process.uuid}/events/",
            ):
                status = client.get(url).status_code
                assert status == (200 if ok else 404), (label, process.access_level, url)
            assert (str(process.uuid) in listed) == ok, (label, process.access_level)


def test_internal_content_is_served_sandboxed(city, client_for):
    with city.ctx():
        doc = docs.create_internal(
            staff=city.clerk,
            process=_process(city),
            document_type=city.despacho,
            html="<p>Despacho</p>",
        )
    response = client_for(city.tenant, city.clerk_user).get(
        f"/api/v1/documents/{doc.uuid}/content/"
    )
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"<p>Despacho</p>" in response.content


@pytest.mark.django_db(transaction=True)
def test_pdf_of_the_whole_process_through_the_worker(
    celery_worker_process, city, client_for, truncate_processes
):
    import io
    import time

    from pypdf import PdfReader

    with city.ctx():
        process = _process(city)
        doc = docs.create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.oficio,
            html="<p>Solicito providências.</p>",
        )
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[doc], password=PASSWORD)
    client = client_for(city.tenant, city.clerk_user)
    upload = SimpleUploadedFile("anexo.pdf", blank_pdf(3), content_type="application/pdf")
    assert (
        client.post(
            f"/api/v1/processes/{process.uuid}/uploads/",
            {"document_type": str(city.anexo.uuid), "file": upload},
        ).status_code
        == 201
    )
    started = client.post(f"/api/v1/processes/{process.uuid}/pdf/")
    assert started.status_code == 202
    url = f"/api/v1/processes/{process.uuid}/pdf/{started.json()['id']}/"
    deadline = time.monotonic() + 60
    while (state := client.get(url).json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.3)
    assert state["status"] == "done", state
    pdf = client.get(url, {"download": 1})
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "assinado eletronicamente por" in text and "Bruno Servidor" in text
    assert len(reader.pages) >= 5  # cover + ofício + 3 pages of the attachment
    # Another municipality's staff cannot reach it.
    assert client_for(city.tenant, None).get(url).status_code in (401, 403)


def test_a_large_upload_is_streamed_to_s3_in_parts(city, upload, monkeypatch):
    """Over the single-PUT limit the file goes up as a multipart upload while it arrives
    (the limit is lowered here from 64 MiB to keep the test small)."""
    import os

    from core import uploads

    monkeypatch.setattr(uploads, "SINGLE_PUT_LIMIT", 6 * 1024 * 1024)

    with city.ctx():
        process = _process(city)
    content = b"%PDF-1.7\n" + os.urandom(12 * 1024 * 1024)
    response = upload(process, "processo-digitalizado.pdf", content)
    assert response.status_code == 201, response.content[:300]
    assert response.json()["sha256"] == hashlib.sha256(content).hexdigest()
    [key] = _keys(process)
    head = s3_client().head_object(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Key=key)
    assert head["ContentLength"] == len(content)
    assert head["ContentType"] == "application/pdf"


def test_a_file_larger_than_the_memory_budget_is_spooled_on_disk_and_stored_whole(
    city, raw_upload, monkeypatch
):
    """Up to MEMORY_PER_UPLOAD a file waits for its PUT in memory, beyond it on disk
    (lowered here from 24 MiB to keep the test small)."""
    import os

    from core import uploads

    monkeypatch.setattr(uploads, "MEMORY_PER_UPLOAD", 1024 * 1024)
    on_disk = []
    finish = uploads.S3UploadHandler._finish_upload

    def spy(handler):
        on_disk.append(handler.spool._rolled)  # the spool as the PUT reads it
        return finish(handler)

    monkeypatch.setattr(uploads.S3UploadHandler, "_finish_upload", spy)
    with city.ctx():
        process = _process(city)
    content = b"%PDF-1.7\n" + os.urandom(3 * 1024 * 1024)
    response = raw_upload(process, "oficio-digitalizado.pdf", content)
    assert response.status_code == 201, response.content[:300]
    assert on_disk == [True]
    [key] = _keys(process)
    stored = s3_client().get_object(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Key=key)
    assert hashlib.sha256(stored["Body"].read()).hexdigest() == response.json()["sha256"]
    assert response.json()["sha256"] == hashlib.sha256(content).hexdigest()


def test_a_file_going_over_the_limit_after_some_parts_leaves_nothing(city, upload, settings):
    import os

    settings.DOCUMENT_MAX_UPLOAD_BYTES = 11 * 1024 * 1024
    with city.ctx():
        process = _process(city)
    response = upload(process, "grande.pdf", b"%PDF-1.7\n" + os.urandom(12 * 1024 * 1024))
    assert response.status_code == 400 and response.json()["code"] == "file_too_large"
    assert _keys(process) == []
    pending = s3_client().list_multipart_uploads(Bucket=settings.AWS_STORAGE_BUCKET_NAME)
    assert not [u for u in pending.get("Uploads", []) if str(process.uuid) in u["Key"]]


def test_an_upload_refused_after_the_file_arrived_leaves_nothing(city, client_for):
    """The file reaches S3 while the request is parsed; a request then refused for
    another field must not leave it behind."""
    with city.ctx():
        process = _process(city)
    client = client_for(city.tenant, city.clerk_user)
    file = SimpleUploadedFile("ok.pdf", blank_pdf(), content_type="application/pdf")
    response = client.post(
        f"/api/v1/processes/{process.uuid}/uploads/",
        {"document_type": "00000000-0000-0000-0000-000000000000", "file": file},
    )
    assert response.status_code == 404
    assert _keys(process) == []


@pytest.fixture
def raw_upload(city, client_for):
    client = client_for(city.tenant, city.clerk_user)

    def send(process, name, content, content_type="application/pdf", **query):
        from urllib.parse import urlencode

        params = urlencode({"document_type": str(city.anexo.uuid), "filename": name, **query})
        return client.generic(
            "POST",
            f"/api/v1/processes/{process.uuid}/uploads/raw/?{params}",
            content,
            content_type=content_type,
        )

    return send


def test_a_raw_body_upload_is_stored_with_its_hash(city, raw_upload):
    with city.ctx():
        process = _process(city)
    content = blank_pdf(2)
    response = raw_upload(process, "ata.pdf", content, form="copy")
    assert response.status_code == 201, response.content[:300]
    assert response.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert response.json()["original_name"] == "ata.pdf"
    assert len(_keys(process)) == 1


def test_a_raw_upload_from_a_browser_session_passes_the_csrf_check(city):
    """A session login is CSRF-checked, which makes DRF look for a parser even though
    the view reads the body itself; a PDF body must not get a 415."""
    from django.test import Client

    from tests.conftest import host_of

    with city.ctx():
        process = _process(city)
    client = Client(enforce_csrf_checks=True, HTTP_HOST=host_of(city.tenant))
    client.force_login(city.clerk_user)
    token = "a" * 32
    client.cookies["csrftoken"] = token
    url = (
        f"/api/v1/processes/{process.uuid}/uploads/raw/"
        f"?document_type={city.anexo.uuid}&filename=planta.pdf"
    )
    content = blank_pdf()
    refused = client.generic("POST", url, content, content_type="application/pdf")
    assert refused.status_code == 403  # no token in the header
    response = client.generic(
        "POST", url, content, content_type="application/pdf", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.content[:300]
    assert response.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert len(_keys(process)) == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("planilha.pdf", b"#!/bin/sh\n" * 50, "file_type_not_allowed"),
        ("vazio.pdf", b"", "file_empty"),
        ("../../etc/passwd.pdf", blank_pdf(), "file_name_invalid"),
        ("grande.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024), "file_too_large"),
    ],
    ids=["spoofed", "empty", "traversal", "oversize"],
)
def test_bad_raw_uploads_are_refused_and_nothing_is_stored(
    city, raw_upload, settings, name, content, code
):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    with city.ctx():
        process = _process(city)
    response = raw_upload(process, name, content)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == code
    assert _keys(process) == []
    with city.ctx():
        assert not Document.objects.filter(process=process).exists()


@pytest.mark.parametrize("reason", ["suspended", "no_working_unit"])
def test_an_upload_that_cannot_be_recorded_is_refused_before_the_body_is_read(
    city, upload, raw_upload, monkeypatch, reason
):
    from django.utils import timezone

    from core.models import Process, StaffMember
    from core.uploads import S3UploadHandler

    with city.ctx():
        process = _process(city)
        if reason == "suspended":
            Process.objects.filter(pk=process.pk).update(
                suspended_at=timezone.now(), suspension_reason="Aguardando parecer"
            )
            code, status, words = "process_suspended", 409, "sobrestado"
        else:
            StaffMember.objects.filter(pk=city.clerk.pk).update(current_unit=None)
            code, status, words = "no_current_unit", 400, "unidade"

    def body_read(*args, **kwargs):
        raise AssertionError("the body must not be read")

    monkeypatch.setattr(S3UploadHandler, "new_file", body_read)
    for send in (upload, raw_upload):
        response = send(process, "parecer.pdf", blank_pdf())
        assert response.status_code == status, response.content[:300]
        assert response.json()["code"] == code
        assert words in response.json()["detail"]
    assert _keys(process) == []
