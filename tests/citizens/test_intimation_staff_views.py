"""What the staff screens of intimação read (issue 16, item 7): the "intimate" action in
the process's allowed_actions (the same check the service runs), the eligible
destinatários of a process, each destinatário's certidão and response in the process's
list, and the petitions of a process with their recibo — each endpoint tried from
another municipality, by a citizen and anonymously."""

import uuid

import pytest
from django.test import Client

from core.models import Document
from core.services import documents as docs
from core.services import lifecycle
from core.services.processes import create_process
from tests.citizens.conftest import COMPANY_CNPJ, JOSE_CPF, PASSWORD, govbr_client
from tests.citizens.test_intimations import _adhere, _filing, _issue, signed  # noqa: F401
from tests.citizens.test_petitions import _doc, _file, _stage, petition_type  # noqa: F401
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def _allowed(client, process):
    response = client.get(f"/api/v1/processes/{process.uuid}/")
    assert response.status_code == 200, response.content
    return response.json()["allowed_actions"]


def test_intimate_is_offered_where_the_service_would_accept_it(city, citizens, signed):  # noqa: F811
    clerk = govbr_client(city.tenant, city.clerk_user)
    other_unit = govbr_client(city.tenant, city.other_user)  # SEOB: not open there
    assert "intimate" in _allowed(clerk, signed["process"])
    assert "intimate" not in _allowed(other_unit, signed["process"])
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    refused = _issue(other_unit, signed, [JOSE_CPF])
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_open_here"

    # Nothing signed yet: not offered, and the service refuses the same way.
    with city.ctx():
        bare = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Sem documento assinado",
            access_level="public",
            parties=[{"document": JOSE_CPF, "name": "José Cidadão"}],
        )
        draft = docs.create_internal(
            staff=city.clerk, process=bare, document_type=city.oficio, html="<p>minuta</p>"
        )
    assert "intimate" not in _allowed(clerk, bare)
    response = _issue(clerk, {"process": bare, "document": draft}, [JOSE_CPF])
    assert response.status_code == 400
    assert response.json()["code"] == "principal_not_signed"

    # Suspended (read-only): not offered, refused.
    with city.ctx():
        lifecycle.suspend(staff=city.clerk, process=signed["process"], reason="Aguardando")
    assert "intimate" not in _allowed(clerk, signed["process"])
    assert _issue(clerk, signed, [JOSE_CPF]).json()["code"] == "process_suspended"


def test_a_cancelled_document_is_never_the_principal(city, citizens, signed):  # noqa: F811
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    clerk = govbr_client(city.tenant, city.clerk_user)
    response = clerk.post(
        f"/api/v1/documents/{signed['document'].uuid}/cancel/",
        {"reason": "Substituído"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert "intimate" not in _allowed(clerk, signed["process"])
    assert _issue(clerk, signed, [JOSE_CPF]).json()["code"] == "principal_not_signed"


def test_eligible_recipients_are_the_parties_with_their_adhesion(city, city_b, citizens, signed):  # noqa: F811
    url = f"/api/v1/processes/{signed['process'].uuid}/intimation-recipients/"
    clerk = govbr_client(city.tenant, city.clerk_user)
    rows = clerk.get(url).json()
    assert [(r["name"], r["adhered"]) for r in rows] == [
        ("Empresa Ltda", False),
        ("José Cidadão", False),
    ]
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    rows = {r["document"]: r for r in clerk.get(url).json()}
    assert rows[JOSE_CPF]["adhered"] is True
    assert rows[JOSE_CPF]["masked"].startswith("***.")
    assert rows[COMPANY_CNPJ]["adhered"] is False
    assert rows[JOSE_CPF]["intimated_on"] == []
    assert _issue(clerk, signed, [JOSE_CPF]).status_code == 201
    rows = {r["document"]: r for r in clerk.get(url).json()}
    assert rows[JOSE_CPF]["intimated_on"] == [str(signed["document"].uuid)]
    for client in (
        govbr_client(city.tenant, citizens["jose"]),  # a citizen (no staff record)
        govbr_client(city.tenant, city_b["user"]),  # staff of another municipality
        Client(HTTP_HOST=host_of(city.tenant)),  # anonymous
    ):
        assert client.get(url).status_code in (401, 403)
    # Another municipality's host never finds this process.
    other_host = govbr_client(city_b["tenant"], city_b["user"])
    assert other_host.get(url).status_code == 404
    unknown = f"/api/v1/processes/{uuid.uuid4()}/intimation-recipients/"
    assert clerk.get(unknown).status_code == 404


def test_a_restricted_process_is_not_found_by_a_unit_it_never_reached(city, citizens):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Restrito",
            access_level="restricted",
            legal_basis=city.personal,
            parties=[{"document": JOSE_CPF, "name": "José Cidadão"}],
        )
    other_unit = govbr_client(city.tenant, city.other_user)
    for path in ("intimation-recipients", "petitions", "intimations"):
        response = other_unit.get(f"/api/v1/processes/{process.uuid}/{path}/")
        assert response.status_code == 404, path


def test_the_process_list_of_intimations_links_certidao_and_response(city, citizens, signed):  # noqa: F811
    jose = govbr_client(city.tenant, citizens["jose"])
    _adhere(jose)
    clerk = govbr_client(city.tenant, city.clerk_user)
    issued = _issue(
        clerk,
        signed,
        [JOSE_CPF],
        response_mode="optional",
        response_n=10,
        response_unit="D",
        response_kind="C",
    )
    assert issued.status_code == 201, issued.content
    url = f"/api/v1/processes/{signed['process'].uuid}/intimations/"
    [item] = clerk.get(url).json()
    assert item["document"] == {
        "id": str(signed["document"].uuid),
        "label": str(signed["document"]),
    }
    [row] = item["recipients"]
    assert row["state_label"] == "Pendente" and row["certificate"] is None
    assert row["response"] is None

    consulted = jose.post(
        f"/api/v1/citizen/intimations/{row['id']}/consult/",
        {"confirm": True},
        content_type="application/json",
    )
    assert consulted.status_code == 200, consulted.content
    [row] = clerk.get(url).json()[0]["recipients"]
    assert row["state_label"] == "Cumprida por consulta direta"
    certificate = row["certificate"]
    assert certificate["kind"] == "consulted"
    with city.ctx():
        doc = Document.objects.get(uuid=certificate["document"]["id"])
        assert doc.process_id == signed["process"].pk

    answered = jose.post(
        f"/api/v1/citizen/intimations/{row['id']}/respond/",
        _filing(jose, city),
        content_type="application/json",
    )
    assert answered.status_code == 201, answered.content
    [row] = clerk.get(url).json()[0]["recipients"]
    assert row["state_label"] == "Respondida"
    assert row["response"]["receipt_document"]["id"]

    # The staff list of petitions of the process holds the response with its recibo.
    petitions = clerk.get(f"/api/v1/processes/{signed['process'].uuid}/petitions/").json()
    assert [p["kind"] for p in petitions] == ["response"]
    assert petitions[0]["receipt_document"] == row["response"]["receipt_document"]
    assert petitions[0]["signer"] == "José Cidadão"


def test_petitions_of_a_process_with_the_recibo_and_who_may_read_them(
    city,
    city_b,
    citizens,
    petition_type,  # noqa: F811
):
    jose = govbr_client(city.tenant, citizens["jose"])
    staged = _stage(jose, petition_type, "pedido.pdf", b"%PDF-1.4\n% pedido\n")
    assert staged.status_code == 201, staged.content
    filed = _file(jose, petition_type, [_doc(staged.json()["id"], petition_type.requerimento)])
    assert filed.status_code == 201, filed.content
    process_id = filed.json()["process"]["id"]
    url = f"/api/v1/processes/{process_id}/petitions/"

    seob = govbr_client(city.tenant, city.other_user)  # the receiving unit
    [row] = seob.get(url).json()
    assert row["kind"] == "new" and row["kind_label"] == "Processo novo"
    assert row["unit"] == "SEOB"
    assert row["receipt_sha256"] == filed.json()["receipt_sha256"]
    receipt = row["receipt_document"]["id"]
    # The recibo opens in the staff viewer (the document's own content endpoint).
    content = seob.get(f"/api/v1/documents/{receipt}/content/")
    assert content.status_code == 200
    assert b"".join(content.streaming_content).startswith(b"%PDF")
    # The citizen's own filed (and signed) documents are never an intimação's principal.
    assert "intimate" not in _allowed(seob, type("P", (), {"uuid": process_id}))
    with city.ctx():
        filed_doc = Document.objects.filter(process__uuid=process_id).exclude(uuid=receipt).first()
    refused = seob.post(
        f"/api/v1/processes/{process_id}/intimations/",
        {
            "document": str(filed_doc.uuid),
            "recipients": [JOSE_CPF],
            "kind": "Intimação",
            "purpose": "Ciência",
            "facts_and_grounds": "Fatos.",
            "response_mode": "none",
        },
        content_type="application/json",
    )
    assert refused.json()["code"] == "principal_not_signed"
    # The inbox row of the receiving unit carries the "Peticionamento" marker.
    inbox = seob.get("/api/v1/inbox/").json()
    [entry] = [r for r in inbox["results"] if r["id"] == process_id]
    assert "Peticionamento" in [m["name"] for m in entry["markers"]]

    for client in (
        jose,  # the petitioner himself reads his recibo in his own area, not here
        govbr_client(city.tenant, city_b["user"]),
        Client(HTTP_HOST=host_of(city.tenant)),
    ):
        assert client.get(url).status_code in (401, 403)
    assert govbr_client(city_b["tenant"], city_b["user"]).get(url).status_code == 404


__all__ = ["PASSWORD"]


def test_a_fulfilled_intimations_document_opens_in_the_citizens_own_frame(city, citizens, signed):  # noqa: F811
    """The citizen's viewer frames the signed ofício (same origin only), as the staff's."""
    jose = govbr_client(city.tenant, citizens["jose"])
    _adhere(jose)
    clerk = govbr_client(city.tenant, city.clerk_user)
    [row] = _issue(clerk, signed, [JOSE_CPF]).json()["recipients"]
    url = f"/api/v1/citizen/documents/{signed['document'].uuid}/content/"
    assert jose.get(url).status_code == 404  # closed until the confirmed consultation
    jose.post(
        f"/api/v1/citizen/intimations/{row['id']}/consult/",
        {"confirm": True},
        content_type="application/json",
    )
    response = jose.get(url)
    assert response.status_code == 200
    assert b"Intime-se." in response.content
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert jose.get("/api/v1/citizen/processes/")["X-Frame-Options"] == "DENY"


def test_the_units_pending_list_links_each_process_and_stays_in_its_city(
    city,
    city_b,
    citizens,
    signed,  # noqa: F811
):
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    clerk = govbr_client(city.tenant, city.clerk_user)
    _issue(clerk, signed, [JOSE_CPF])
    url = "/api/v1/intimations/pending/"
    [row] = clerk.get(url).json()
    assert row["intimation"]["process"]["id"] == str(signed["process"].uuid)
    assert row["name"] == "José Cidadão" and row["tacit_date"]
    assert govbr_client(city.tenant, city.other_user).get(url).json() == []  # another unit
    assert govbr_client(city_b["tenant"], city_b["user"]).get(url).json() == []  # other city
    for client in (
        govbr_client(city.tenant, citizens["jose"]),
        govbr_client(city.tenant, city_b["user"]),
        Client(HTTP_HOST=host_of(city.tenant)),
    ):
        assert client.get(url).status_code in (401, 403)
