"""Peticionamento novo: the admin's petition types, staged uploads checked before the
body is read, the one transaction with its receipt, idempotency, trust levels, the unit's
inbox and the outbox (spec §2; acceptance scenarios 1, 2 and 3)."""

import hashlib
import uuid
from urllib.parse import urlencode

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from citizens.models import Outbox, Petition, PetitionType, StagedUpload
from core.files import blank_pdf
from core.models import Document, DocumentType, OpenIn, Process, ProcessMarker, Signature
from core.uploads import S3UploadHandler
from tests.citizens.conftest import JOSE_CPF, govbr_client
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition_type(city):
    """Configured through the admin API: Requerimento (required) + Anexo (optional)."""
    with city.ctx():
        requerimento = DocumentType.objects.get(name="Requerimento")
    admin = govbr_client(city.tenant, city.admin_user)
    response = admin.post(
        "/api/v1/petition-types/",
        {
            "process_type": str(city.process_type.uuid),
            "unit": str(city.obras.uuid),
            "guidance": "<p>Envie o requerimento assinado e, se quiser, anexos.</p>",
            "access_rule": "citizen",
            "max_file_mb": 5,
            "formats": ["application/pdf", "image/png"],
            "documents": [
                {"document_type": str(requerimento.uuid), "required": True},
                {"document_type": str(city.anexo.uuid), "required": False},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"]["acronym"] == "SEOB"
    with city.ctx():
        pt = PetitionType.objects.get(uuid=body["id"])
    pt.requerimento = requerimento
    return pt


def _stage(client, pt, name, content, *, access_level="public", content_type="application/pdf"):
    query = urlencode(
        {"petition_type": str(pt.uuid), "filename": name, "access_level": access_level}
    )
    return client.generic(
        "POST", f"/api/v1/citizen/uploads/?{query}", content, content_type=content_type
    )


def _file(client, pt, docs, *, key=None, sign=True, summary="Pedido de poda de árvore"):
    return client.post(
        "/api/v1/citizen/petitions/",
        {
            "idempotency_key": key or str(uuid.uuid4()),
            "petition_type": str(pt.uuid),
            "summary": summary,
            "documents": docs,
            "sign": sign,
        },
        content_type="application/json",
    )


def _doc(upload_id, dtype, **extra):
    return {"upload": upload_id, "document_type": str(dtype.uuid), **extra}


def _counts(city):
    with city.ctx():
        return (
            Process.objects.count(),
            Document.objects.count(),
            Petition.objects.count(),
            Signature.objects.count(),
        )


# --- admin ------------------------------------------------------------------------------


def test_only_municipal_admins_configure_petition_types(city, city_b, citizens, petition_type):
    payload = {
        "process_type": str(city.process_type.uuid),
        "unit": str(city.root.uuid),
        "access_rule": "citizen",
        "documents": [{"document_type": str(city.anexo.uuid)}],
    }
    clerk = govbr_client(city.tenant, city.clerk_user)
    assert clerk.get("/api/v1/petition-types/").status_code == 200
    response = clerk.post("/api/v1/petition-types/", payload, content_type="application/json")
    assert response.status_code == 403
    citizen = govbr_client(city.tenant, citizens["jose"])
    assert citizen.get("/api/v1/petition-types/").status_code == 403
    other_city = govbr_client(city.tenant, city_b["user"])
    assert other_city.get("/api/v1/petition-types/").status_code == 403
    anonymous = Client(HTTP_HOST=host_of(city.tenant))
    assert anonymous.get("/api/v1/petition-types/").status_code == 403
    # And in the other city, this city's type does not exist.
    b_admin = govbr_client(city_b["tenant"], city_b["user"])
    assert b_admin.get(f"/api/v1/petition-types/{petition_type.uuid}/").status_code == 404
    assert b_admin.get("/api/v1/petition-types/").json() == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"fixed_access_level": "secret"}, None),
        ({"access_rule": "fixed", "fixed_access_level": "restricted"}, "legal_basis_required"),
        ({"formats": ["application/x-msdownload"]}, "format_invalid"),
        ({"max_file_mb": 0}, "max_size_invalid"),
        ({"documents": []}, "document_types_missing"),
    ],
)
def test_bad_petition_types_are_refused_in_portuguese(city, change, code):
    admin = govbr_client(city.tenant, city.admin_user)
    payload = {
        "process_type": str(city.process_type.uuid),
        "unit": str(city.root.uuid),
        "access_rule": "citizen",
        "documents": [{"document_type": str(city.anexo.uuid)}],
        **change,
    }
    response = admin.post("/api/v1/petition-types/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    if code:
        assert response.json()["code"] == code
    with city.ctx():
        assert not PetitionType.objects.exists()


def test_a_citizen_sees_the_active_types_with_their_guidance(city, citizens, petition_type):
    client = govbr_client(city.tenant, citizens["jose"], level="bronze")
    [row] = client.get("/api/v1/citizen/petition-types/").json()
    assert row["guidance"].startswith("<p>Envie")
    assert {d["document_type"]["name"]: d["required"] for d in row["documents"]} == {
        "Requerimento": True,
        "Anexo": False,
    }


# --- scenario 3: a successful petition --------------------------------------------------


def test_a_petition_makes_one_process_with_its_receipt_in_the_units_inbox(
    city, citizens, petition_type, django_capture_on_commit_callbacks
):
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    first, second = blank_pdf(1), blank_pdf(2)
    a = _stage(jose, petition_type, "requerimento.pdf", first)
    b = _stage(jose, petition_type, "foto.pdf", second)
    assert a.status_code == 201 and b.status_code == 201, (a.content, b.content)
    assert a.json()["sha256"] == hashlib.sha256(first).hexdigest()
    with django_capture_on_commit_callbacks() as callbacks:
        response = _file(
            jose,
            petition_type,
            [
                _doc(a.json()["id"], petition_type.requerimento),
                _doc(b.json()["id"], city.anexo, form="copy"),
            ],
        )
    assert response.status_code == 201, response.content
    body = response.json()
    receipt = body["receipt"]
    assert receipt["tipo_recibo"] == "new"
    assert receipt["signatario"]["cpf"] == citizens["jose"].masked_cpf
    assert receipt["signatario"]["nivel_govbr"] == "bronze"
    assert receipt["interessados"][0]["nome"] == "José Cidadão"
    with city.ctx():
        process = Process.objects.get(uuid=body["process"]["id"])
        assert process.unit == city.obras
        assert process.access_level == "public"
        # Every document listed with the SHA-256 of the bytes stored.
        for entry in receipt["documentos"]:
            document = Document.objects.get(uuid=entry["id"])
            with default_storage.open(document.file.name, "rb") as fh:
                assert hashlib.sha256(fh.read()).hexdigest() == entry["sha256"]
        assert [e["arquivo"] for e in receipt["documentos"]] == ["requerimento.pdf", "foto.pdf"]
        assert Signature.objects.filter(document__process=process, method="simple").count() == 2
        # The receipt is itself a document of the process.
        assert process.documents.count() == 3
        # In the unit's inbox, unread, marked "Peticionamento".
        row = OpenIn.objects.get(process=process)
        assert (row.unit, row.read, row.generated) == (city.obras, False, False)
        assert ProcessMarker.objects.get(process=process).marker.name == "Peticionamento"
        # The alert and the confirmation are queued in the outbox, sent after commit.
        recipients = set(Outbox.objects.values_list("to", flat=True))
        assert {"jose@example.org", city.other_user.email} <= recipients
        subjects = set(Outbox.objects.values_list("subject", flat=True))
        assert any(s.startswith("Nova petição eletrônica na unidade SEOB") for s in subjects)
        assert not Outbox.objects.filter(sent_at__isnull=False).exists()
    assert callbacks  # the send is scheduled for after commit

    # The clerk of the unit sees it in the inbox with the marker.
    clerk = govbr_client(city.tenant, city.other_user)
    inbox = clerk.get("/api/v1/inbox/").json()
    rows = inbox["results"] if isinstance(inbox, dict) else inbox
    [mine] = [r for r in rows if r["id"] == str(process.uuid)]
    assert mine["read"] is False
    assert [m["name"] for m in mine["markers"]] == ["Peticionamento"]

    # The citizen finds it in his area, its documents and the receipt, re-verifiable.
    area = jose.get(f"/api/v1/citizen/processes/{process.uuid}/").json()
    assert len(area["documents"]) == 3
    check = jose.get(f"/api/v1/citizen/receipts/{body['id']}/?verify=1").json()
    assert check["verification"]["seal_ok"] is True
    assert all(d["ok"] for d in check["verification"]["documents"])
    pdf = jose.get(f"/api/v1/citizen/receipts/{body['id']}/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_outbox_sends_after_commit_and_a_failure_is_retried(city, citizens, mailoutbox):
    from citizens.services import outbox

    with city.ctx():
        [row] = outbox.queue([("jose@example.org", "Assunto", "Corpo")])
        assert outbox.send([str(row.uuid)]) == 1
        assert outbox.send([str(row.uuid)]) == 0  # never twice
    assert len(mailoutbox) == 1


# --- idempotency and scenario 2 ----------------------------------------------------------


def test_a_retry_with_the_same_key_makes_one_process(city, citizens, petition_type):
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    a = _stage(jose, petition_type, "requerimento.pdf", blank_pdf()).json()["id"]
    docs = [_doc(a, petition_type.requerimento)]
    first = _file(jose, petition_type, docs, key="k-123")
    again = _file(jose, petition_type, docs, key="k-123")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["process"] == again.json()["process"]
    with city.ctx():
        assert Process.objects.count() == 1


def test_a_failed_third_upload_leaves_nothing_and_the_retry_makes_one_process(
    city, citizens, petition_type
):
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    ids = [
        _stage(jose, petition_type, f"doc{i}.pdf", blank_pdf(i + 1)).json()["id"] for i in range(3)
    ]
    with city.ctx():
        third = StagedUpload.objects.get(uuid=ids[2])
    with city.ctx():  # the third file never made it to storage
        default_storage.delete(third.key)
    docs = [_doc(ids[0], petition_type.requerimento)] + [_doc(i, city.anexo) for i in ids[1:]]
    before = _counts(city)
    response = _file(jose, petition_type, docs, key="same-key")
    assert response.status_code == 400
    assert response.json()["code"] == "upload_missing"
    assert _counts(city) == before
    with city.ctx():
        assert not OpenIn.objects.exists()
        assert not Outbox.objects.exists()
    # The citizen sends the third file again and retries with the same key: one process.
    ids[2] = _stage(jose, petition_type, "doc2.pdf", blank_pdf(3)).json()["id"]
    docs[2] = _doc(ids[2], city.anexo)
    assert _file(jose, petition_type, docs, key="same-key").status_code == 201
    assert _file(jose, petition_type, docs, key="same-key").status_code == 200
    with city.ctx():
        assert Process.objects.count() == 1
        assert Petition.objects.count() == 1


# --- scenario 1 and trust levels ---------------------------------------------------------


def test_bronze_marking_a_document_restricted_gets_403_with_upgrade_link(
    city, citizens, petition_type
):
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    staged = _stage(jose, petition_type, "laudo.pdf", blank_pdf(), access_level="restricted")
    assert staged.status_code == 403
    assert staged.json()["code"] == "trust_level_too_low"
    assert "https://confiabilidades.acesso.gov.br/" in staged.json()["detail"]
    # A public staging, then "restrito" at signing: refused the same way, nothing stored.
    upload = _stage(jose, petition_type, "laudo.pdf", blank_pdf()).json()["id"]
    before = _counts(city)
    response = _file(
        jose,
        petition_type,
        [
            _doc(
                upload,
                petition_type.requerimento,
                access_level="restricted",
                legal_basis=str(city.personal.uuid),
            )
        ],
    )
    assert response.status_code == 403
    assert response.json()["code"] == "trust_level_too_low"
    assert "confiabilidades.acesso.gov.br" in response.json()["detail"]
    assert _counts(city) == before


def test_prata_may_file_a_restricted_document_which_restricts_the_process(
    city, citizens, petition_type
):
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    upload = _stage(jose, petition_type, "laudo.pdf", blank_pdf(), access_level="restricted")
    response = _file(
        jose,
        petition_type,
        [
            _doc(
                upload.json()["id"],
                petition_type.requerimento,
                access_level="restricted",
                legal_basis=str(city.personal.uuid),
            )
        ],
    )
    # A restrito document is signed with the advanced signature (test_signing.py).
    assert response.status_code == 202, response.content
    from tests.citizens.test_signing import authorize, complete

    response = complete(jose, authorize(response.json()["authorize_url"]))
    assert response.status_code == 201, response.content
    with city.ctx():
        process = Process.objects.get(uuid=response.json()["process"]["id"])
        assert process.access_level == "restricted"
    # Another party of nothing sees nothing; José sees his own restricted document.
    area = jose.get(f"/api/v1/citizen/processes/{process.uuid}/").json()
    assert {d["access_level"] for d in area["documents"]} == {"restricted"}
    ana = govbr_client(city.tenant, citizens["ana"], level="ouro")
    assert ana.get(f"/api/v1/citizen/processes/{process.uuid}/").status_code == 404


def test_the_citizen_never_chooses_secret(city, citizens, petition_type):
    jose = govbr_client(city.tenant, citizens["jose"], level="ouro")
    upload = _stage(jose, petition_type, "x.pdf", blank_pdf()).json()["id"]
    response = _file(
        jose, petition_type, [_doc(upload, petition_type.requerimento, access_level="secret")]
    )
    assert response.status_code == 400
    assert response.json()["code"] == "secret_not_allowed"


def test_signing_needs_a_fresh_login_and_an_explicit_assinar(city, citizens, petition_type):
    stale = govbr_client(city.tenant, citizens["jose"], level="prata", auth_age=3600)
    upload = _stage(stale, petition_type, "x.pdf", blank_pdf()).json()["id"]
    response = _file(stale, petition_type, [_doc(upload, petition_type.requerimento)])
    assert response.status_code == 403
    assert response.json()["code"] == "reauth_required"
    fresh = govbr_client(city.tenant, citizens["jose"], level="prata")
    response = _file(fresh, petition_type, [_doc(upload, petition_type.requerimento)], sign=False)
    assert response.status_code == 400
    assert response.json()["code"] == "signature_not_confirmed"
    with city.ctx():
        assert not Process.objects.exists()


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("missing_required", "required_documents_missing"),
        ("duplicate_name", "duplicate_file_name"),
        ("foreign_upload", "upload_missing"),
        ("long_summary", None),
    ],
)
def test_bad_petitions_are_refused_and_nothing_is_written(
    city, citizens, petition_type, case, code
):
    jose = govbr_client(city.tenant, citizens["jose"], level="prata")
    ana = govbr_client(city.tenant, citizens["ana"], level="prata")
    a = _stage(jose, petition_type, "a.pdf", blank_pdf()).json()["id"]
    b = _stage(jose, petition_type, "a.pdf", blank_pdf(2)).json()["id"]
    anas = _stage(ana, petition_type, "ana.pdf", blank_pdf()).json()["id"]
    docs = {
        "missing_required": [_doc(a, city.anexo)],
        "duplicate_name": [_doc(a, petition_type.requerimento), _doc(b, city.anexo)],
        "foreign_upload": [_doc(anas, petition_type.requerimento)],
        "long_summary": [_doc(a, petition_type.requerimento)],
    }[case]
    summary = "x" * 101 if case == "long_summary" else "Pedido"
    response = _file(jose, petition_type, docs, summary=summary)
    assert response.status_code == 400, response.content
    if code:
        assert response.json()["code"] == code
    with city.ctx():
        assert not Process.objects.exists()


# --- staged uploads ----------------------------------------------------------------------


def test_uploads_are_refused_before_the_body_is_read(
    city, city_b, citizens, petition_type, monkeypatch
):
    def body_read(*args, **kwargs):
        raise AssertionError("the body must not be read")

    monkeypatch.setattr(S3UploadHandler, "new_file", body_read)
    big = b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 1)
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    response = _stage(jose, petition_type, "grande.pdf", big)
    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"
    assert "5,0" in response.json()["detail"] or "5.0" in response.json()["detail"]
    assert _stage(jose, petition_type, "../x.pdf", blank_pdf()).status_code == 400
    anonymous = Client(HTTP_HOST=host_of(city.tenant))
    assert _stage(anonymous, petition_type, "x.pdf", blank_pdf()).status_code in (401, 403)
    # From another municipality, this city's petition type does not exist.
    elsewhere = govbr_client(city_b["tenant"], citizens["jose"])
    assert _stage(elsewhere, petition_type, "x.pdf", blank_pdf()).status_code == 404
    with city.ctx():
        assert not StagedUpload.objects.exists()


def test_a_format_the_type_does_not_take_is_refused_and_deleted(city, citizens, petition_type):
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
        b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    response = _stage(jose, petition_type, "x.gif", gif, content_type="image/gif")
    assert response.status_code == 400
    assert response.json()["code"] == "file_type_not_allowed"
    with city.ctx():
        assert not StagedUpload.objects.exists()


def test_petitions_and_receipts_are_each_citizens_own(city, city_b, citizens, petition_type):
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    upload = _stage(jose, petition_type, "r.pdf", blank_pdf()).json()["id"]
    petition = _file(jose, petition_type, [_doc(upload, petition_type.requerimento)]).json()
    url = f"/api/v1/citizen/receipts/{petition['id']}/"
    assert jose.get(url).status_code == 200
    ana = govbr_client(city.tenant, citizens["ana"])
    assert ana.get(url).status_code == 404
    assert ana.get(url + "pdf/").status_code == 404
    assert ana.get("/api/v1/citizen/receipts/").json()["results"] == []
    assert govbr_client(city_b["tenant"], citizens["jose"]).get(url).status_code == 404
    assert govbr_client(city.tenant, city_b["user"]).get(url).status_code == 404
    assert Client(HTTP_HOST=host_of(city.tenant)).get(url).status_code in (401, 403)
    # The petitioner is interessado: the state index now names Extrema for him.
    from citizens.directory.services import municipalities_of

    assert [m["slug"] for m in municipalities_of(JOSE_CPF)] == [city.tenant.slug]


def test_unused_staged_files_are_purged_object_and_row(city, citizens, petition_type):
    import datetime as dt

    from citizens.services.petitions import purge_staged

    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    upload = _stage(jose, petition_type, "esquecido.pdf", blank_pdf()).json()["id"]
    with city.ctx():
        row = StagedUpload.objects.get(uuid=upload)
        assert purge_staged() == 0  # still fresh
        StagedUpload.objects.filter(pk=row.pk).update(
            created_at=row.created_at - dt.timedelta(days=2)
        )
        assert purge_staged() == 1
        assert not StagedUpload.objects.exists()
        assert not default_storage.exists(row.key)
