"""Intimação eletrônica: issue by staff on a signed document to those who adhered, the
state computed from data, the confirmed consultation, the idempotent job, responses,
representatives (acceptance scenarios 9, 10, 11, 14)."""

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from citizens import intimations
from citizens.calendar import tenant_calendar
from citizens.deadlines import BRASILIA
from citizens.models import (
    Adhesion,
    CitizenPolicy,
    Intimation,
    IntimationCertificate,
    IntimationRecipient,
    Outbox,
    Representation,
)
from core.files import blank_pdf
from core.models import Document, OpenIn
from core.services import documents as docs
from core.services.processes import create_process
from tests.citizens.conftest import COMPANY_CNPJ, JOSE_CPF, PASSWORD, govbr_client
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(city):
    """A process of the root unit with José and the company as interessados, and a
    signed ofício."""
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Auto de infração",
            access_level="public",
            parties=[
                {"document": JOSE_CPF, "name": "José Cidadão"},
                {"document": COMPANY_CNPJ, "name": "Empresa Ltda"},
            ],
        )
        ofício = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Intime-se.</p>"
        )
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[ofício], password=PASSWORD)
        draft = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.despacho, html="<p>rascunho</p>"
        )
    return {"process": process, "document": ofício, "draft": draft}


def _adhere(client, **body):
    return client.post("/api/v1/citizen/adhesion/", body, content_type="application/json")


def _issue(client, signed, recipients, **extra):
    payload = {
        "document": str(signed["document"].uuid),
        "recipients": recipients,
        "kind": "Notificação de infração",
        "purpose": "Ciência do auto de infração e prazo para defesa",
        "facts_and_grounds": "Obra sem alvará. Lei municipal 1.234, art. 5.",
        "response_mode": "none",
        **extra,
    }
    return client.post(
        f"/api/v1/processes/{signed['process'].uuid}/intimations/",
        payload,
        content_type="application/json",
    )


def test_adhesion_needs_prata_and_explains_how_to_raise(city, citizens):
    bronze = govbr_client(city.tenant, citizens["jose"], level="bronze")
    response = _adhere(bronze)
    assert response.status_code == 403
    assert "confiabilidades.acesso.gov.br" in response.json()["detail"]
    prata = govbr_client(city.tenant, citizens["jose"], level="prata")
    assert _adhere(prata).status_code == 201
    assert _adhere(prata).status_code == 201  # idempotent
    with city.ctx():
        assert Adhesion.objects.filter(person=JOSE_CPF, revoked_at=None).count() == 1


def test_staff_intimate_only_who_adhered_on_a_signed_document(city, citizens, signed):
    clerk = govbr_client(city.tenant, city.clerk_user)
    response = _issue(clerk, signed, [JOSE_CPF])
    assert response.status_code == 400
    assert response.json()["code"] == "recipient_not_adhered"
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    unsigned = {**signed, "document": signed["draft"]}
    assert _issue(clerk, unsigned, [JOSE_CPF]).json()["code"] == "principal_not_signed"
    missing = _issue(clerk, signed, [JOSE_CPF], facts_and_grounds="")
    assert missing.status_code == 400
    response = _issue(clerk, signed, [JOSE_CPF])
    assert response.status_code == 201, response.content
    [row] = response.json()["recipients"]
    assert row["state"] == intimations.PENDING
    assert response.json()["continues_regardless"] is True
    # The same principal is never intimated twice to one destinatário.
    assert _issue(clerk, signed, [JOSE_CPF]).status_code == 409
    with city.ctx():
        assert Outbox.objects.filter(to="jose@example.org").exists()


def test_issue_is_refused_to_everyone_but_the_citys_staff(city, city_b, citizens, signed):
    url = f"/api/v1/processes/{signed['process'].uuid}/intimations/"
    for client in (
        govbr_client(city.tenant, citizens["jose"]),
        govbr_client(city.tenant, city_b["user"]),
        Client(HTTP_HOST=host_of(city.tenant)),
    ):
        assert client.post(url, {}, content_type="application/json").status_code in (401, 403)
        assert client.get(url).status_code in (401, 403)
    other = govbr_client(city_b["tenant"], city_b["user"])
    assert other.get(url).status_code == 404
    # Carla works in SEOB, where the process is not open.
    carla = govbr_client(city.tenant, city.other_user)
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    assert _issue(carla, signed, [JOSE_CPF]).status_code == 409


def test_consultation_fulfils_once_with_certidao_and_opens_the_documents(city, citizens, signed):
    jose = govbr_client(city.tenant, citizens["jose"])
    _adhere(jose)
    clerk = govbr_client(city.tenant, city.clerk_user)
    _issue(clerk, signed, [JOSE_CPF], response_mode="optional", response_n=10,
           response_unit="D", response_kind="C")  # fmt: skip
    [row] = jose.get("/api/v1/citizen/intimations/").json()["results"]
    assert row["state"] == intimations.PENDING
    url = f"/api/v1/citizen/intimations/{row['id']}/consult/"
    refused = jose.post(url, {}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "consultation_not_confirmed"
    done = jose.post(url, {"confirm": True}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["state"] == intimations.CONSULTED
    assert done.json()["can_respond"] is True
    again = jose.post(url, {"confirm": True}, content_type="application/json")
    assert again.json()["fulfilled_at"] == done.json()["fulfilled_at"]
    with city.ctx():
        recipient = IntimationRecipient.objects.get(uuid=row["id"])
        assert recipient.consulted_by_id == citizens["jose"].pk
        assert recipient.consulted_level == "prata"
        assert IntimationCertificate.objects.filter(recipient=recipient).count() == 1
        assert intimations.run_job()["certificates"] == 0  # no duplicate (SEI #200)
    # Another citizen sees none of it.
    ana = govbr_client(city.tenant, citizens["ana"])
    assert ana.get("/api/v1/citizen/intimations/").json()["results"] == []
    assert ana.post(url, {"confirm": True}, content_type="application/json").status_code == 404
    # From another city's host, it does not exist.
    elsewhere = govbr_client(city.tenant.__class__.objects.exclude(pk=city.tenant.pk)
                             .exclude(schema_name="public").first(), citizens["jose"])  # fmt: skip
    assert (
        elsewhere.post(url, {"confirm": True}, content_type="application/json").status_code == 404
    )


def test_scenario_9_tacit_fulfilment_is_computed_and_the_job_is_idempotent(city, citizens, signed):
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    with city.ctx():
        CitizenPolicy.objects.create(tacit_days=10)
    clerk = govbr_client(city.tenant, city.clerk_user)
    intimation_id = _issue(clerk, signed, [JOSE_CPF]).json()["id"]
    expedition = dt.datetime(2025, 3, 7, 15, 0, tzinfo=BRASILIA)
    with city.ctx():
        Intimation.objects.filter(uuid=intimation_id).update(
            issued_at=expedition, expedition_date=dt.date(2025, 3, 7)
        )
        recipient = IntimationRecipient.objects.select_related("intimation").get(
            intimation__uuid=intimation_id
        )
        calendar = tenant_calendar()
        on_the_20th = dt.datetime(2025, 3, 20, 9, 0, tzinfo=BRASILIA)
        state = intimations.state_of(recipient, recipient.intimation, on_the_20th, calendar)
        assert state.code == intimations.TACIT
        assert state.fulfilled_at == dt.datetime(2025, 3, 19, 23, 59, 59, tzinfo=BRASILIA)
        on_the_19th = dt.datetime(2025, 3, 19, 23, 59, 58, tzinfo=BRASILIA)
        assert (
            intimations.state_of(recipient, recipient.intimation, on_the_19th, calendar).code
            == intimations.PENDING
        )
    # No job ran: the area already says so.
    [row] = (
        govbr_client(city.tenant, citizens["jose"])
        .get("/api/v1/citizen/intimations/")
        .json()["results"]
    )
    assert row["state_label"] == "Cumprida por decurso do prazo tácito"
    assert row["fulfilled_at"] == "2025-03-19T23:59:59-03:00"
    with city.ctx():
        assert intimations.run_job()["certificates"] == 1
        assert intimations.run_job()["certificates"] == 0
        assert IntimationCertificate.objects.filter(kind="tacit").count() == 1
        # The job never moves the process (no reopening on tacit fulfilment).
        assert not OpenIn.objects.filter(process=signed["process"]).exclude(unit=city.root).exists()


def test_a_failing_item_never_stops_the_batch(city, citizens, signed, monkeypatch):
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    _adhere(govbr_client(city.tenant, citizens["ana"]))
    clerk = govbr_client(city.tenant, city.clerk_user)
    _issue(clerk, signed, [JOSE_CPF, citizens["ana"].cpf])
    with city.ctx():
        Intimation.objects.update(expedition_date=dt.date(2025, 3, 7))
        original = intimations._certify
        calls = []

        def flaky(recipient, *args, **kwargs):
            calls.append(recipient.person)
            if len(calls) == 1:
                raise RuntimeError("storage down")
            return original(recipient, *args, **kwargs)

        monkeypatch.setattr(intimations, "_certify", flaky)
        result = intimations.run_job()
        assert result["errors"] == 1 and result["certificates"] == 1
        monkeypatch.setattr(intimations, "_certify", original)
        assert intimations.run_job()["certificates"] == 1  # the failed one, next run
        assert IntimationCertificate.objects.count() == 2


@pytest.fixture
def company(city, citizens):
    """Empresa Ltda: responsável legal Ana (R), procurador especial Pedro (P)."""
    today = timezone.localdate()
    with city.ctx():
        Representation.objects.create(
            grantor=COMPANY_CNPJ, grantor_name="Empresa Ltda", grantee=citizens["ana"].cpf,
            grantee_name="Ana", kind="L", valid_from=today,
        )  # fmt: skip
    ana = govbr_client(city.tenant, citizens["ana"])
    assert _adhere(ana, person=COMPANY_CNPJ, name="Empresa Ltda").status_code == 201
    especial = ana.post(
        "/api/v1/citizen/representations/",
        {"grantee_cpf": citizens["pedro"].cpf, "grantee_name": "Pedro", "kind": "E",
         "grantor": COMPANY_CNPJ, "grantor_name": "Empresa Ltda"},
        content_type="application/json",
    )  # fmt: skip
    assert especial.status_code == 201, especial.content
    return {"R": ana, "P": govbr_client(city.tenant, citizens["pedro"])}


def _filing(client, city, name="defesa.pdf"):
    from urllib.parse import urlencode

    upload = client.generic(
        "POST",
        f"/api/v1/citizen/uploads/?{urlencode({'filename': name})}",
        blank_pdf(),
        content_type="application/pdf",
    )
    assert upload.status_code == 201, upload.content
    return {
        "idempotency_key": str(uuid.uuid4()),
        "documents": [{"upload": upload.json()["id"], "document_type": str(city.anexo.uuid)}],
        "sign": True,
    }


def test_scenario_10_a_representative_consults_for_the_company(city, citizens, signed, company):
    clerk = govbr_client(city.tenant, city.clerk_user)
    _issue(clerk, signed, [COMPANY_CNPJ], response_mode="required", response_n=10,
           response_unit="D", response_kind="C")  # fmt: skip
    [row] = company["P"].get("/api/v1/citizen/intimations/").json()["results"]
    consult = company["P"].post(
        f"/api/v1/citizen/intimations/{row['id']}/consult/",
        {"confirm": True},
        content_type="application/json",
    )
    assert consult.json()["state"] == intimations.CONSULTED
    [seen] = company["R"].get("/api/v1/citizen/intimations/").json()["results"]
    assert seen["state"] == intimations.CONSULTED and seen["can_respond"] is True
    [seen_by_p] = company["P"].get("/api/v1/citizen/intimations/").json()["results"]
    assert seen_by_p["can_respond"] is True
    url = f"/api/v1/citizen/intimations/{row['id']}/respond/"
    answer = company["P"].post(url, _filing(company["P"], city), content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["receipt"]["tipo_recibo"] == "response"
    late = company["R"].post(url, _filing(company["R"], city, "b.pdf"),
                             content_type="application/json")  # fmt: skip
    assert late.status_code == 409
    [done] = company["R"].get("/api/v1/citizen/intimations/").json()["results"]
    assert done["state"] == intimations.RESPONDED


def test_scenario_11_simple_proxy_without_power_or_scope_neither_sees_nor_is_emailed(
    city, citizens, signed
):
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    jose = govbr_client(city.tenant, citizens["jose"])
    no_power = jose.post(
        "/api/v1/citizen/representations/",
        {"grantee_cpf": citizens["pedro"].cpf, "grantee_name": "Pedro", "kind": "S",
         "powers": ["peticionar"]},
        content_type="application/json",
    )  # fmt: skip
    assert no_power.status_code == 201, no_power.content
    clerk = govbr_client(city.tenant, city.clerk_user)
    _issue(clerk, signed, [JOSE_CPF])
    pedro = govbr_client(city.tenant, citizens["pedro"])
    assert pedro.get("/api/v1/citizen/intimations/").json()["results"] == []
    with city.ctx():
        assert not Outbox.objects.filter(to=citizens["pedro"].email).exists()
        # With the power but for another process only: still nothing.
        Representation.objects.filter(grantee=citizens["pedro"].cpf).update(
            powers=["intimacao"], process_ids=[str(uuid.uuid4())]
        )
    assert pedro.get("/api/v1/citizen/intimations/").json()["results"] == []
    with city.ctx():
        Representation.objects.filter(grantee=citizens["pedro"].cpf).update(process_ids=[])
    assert len(pedro.get("/api/v1/citizen/intimations/").json()["results"]) == 1


def test_scenario_14_past_the_deadline_no_response_but_intercorrente_works(city, citizens, signed):
    jose = govbr_client(city.tenant, citizens["jose"])
    _adhere(jose)
    clerk = govbr_client(city.tenant, city.clerk_user)
    intimation_id = _issue(clerk, signed, [JOSE_CPF], response_mode="required", response_n=5,
                           response_unit="D", response_kind="U").json()["id"]  # fmt: skip
    with city.ctx():
        Intimation.objects.filter(uuid=intimation_id).update(expedition_date=dt.date(2025, 3, 7))
    [row] = jose.get("/api/v1/citizen/intimations/").json()["results"]
    assert row["state"] == intimations.RESPONSE_OVERDUE
    assert row["can_respond"] is False
    refused = jose.post(f"/api/v1/citizen/intimations/{row['id']}/respond/",
                        _filing(jose, city), content_type="application/json")  # fmt: skip
    assert refused.status_code == 409
    body = {**_filing(jose, city, "c.pdf"), "number": str(signed["process"])}
    filed = jose.post("/api/v1/citizen/intercurrent/", body, content_type="application/json")
    assert filed.status_code == 201, filed.content
    assert filed.json()["receipt"]["tipo_recibo"] == "intercurrent"


def test_unit_lists_its_pending_intimations(city, citizens, signed):
    _adhere(govbr_client(city.tenant, citizens["jose"]))
    clerk = govbr_client(city.tenant, city.clerk_user)
    _issue(clerk, signed, [JOSE_CPF])
    [row] = clerk.get("/api/v1/intimations/pending/").json()
    assert row["state"] == intimations.PENDING
    carla = govbr_client(city.tenant, city.other_user)
    assert carla.get("/api/v1/intimations/pending/").json() == []
    assert (
        govbr_client(city.tenant, citizens["jose"]).get("/api/v1/intimations/pending/").status_code
        == 403
    )


def test_documents_of_the_intimation_open_to_him_once_fulfilled(city, citizens, signed):
    with city.ctx():
        from core.models import Process

        Process.objects.filter(pk=signed["process"].pk).update(
            access_level="restricted", legal_basis=city.personal
        )
    jose = govbr_client(city.tenant, citizens["jose"])
    _adhere(jose)
    _issue(govbr_client(city.tenant, city.clerk_user), signed, [JOSE_CPF])
    detail = f"/api/v1/citizen/processes/{signed['process'].uuid}/"
    assert jose.get(detail).json()["documents"] == []
    [row] = jose.get("/api/v1/citizen/intimations/").json()["results"]
    jose.post(f"/api/v1/citizen/intimations/{row['id']}/consult/", {"confirm": True},
              content_type="application/json")  # fmt: skip
    ids = {d["id"] for d in jose.get(detail).json()["documents"]}
    assert str(signed["document"].uuid) in ids
    with city.ctx():
        assert Document.objects.get(uuid=signed["draft"].uuid).uuid not in ids


def test_principal_stays_closed_until_the_confirmed_consultation(city, citizens, signed):
    jose = govbr_client(city.tenant, citizens["jose"])
    _adhere(jose)
    detail = f"/api/v1/citizen/processes/{signed['process'].uuid}/"
    public = Client(HTTP_HOST=host_of(city.tenant))
    number = {"number": str(signed["process"])}
    principal = str(signed["document"].uuid)
    assert principal in {d["id"] for d in jose.get(detail).json()["documents"]}
    _issue(govbr_client(city.tenant, city.clerk_user), signed, [JOSE_CPF])
    assert principal not in {d["id"] for d in jose.get(detail).json()["documents"]}
    listed = public.get("/api/v1/public/processes/", number).json()["documents"]
    assert principal not in {d["id"] for d in listed}
    content = f"/api/v1/citizen/documents/{principal}/content/"
    assert jose.get(content).status_code == 404
    [row] = jose.get("/api/v1/citizen/intimations/").json()["results"]
    jose.post(f"/api/v1/citizen/intimations/{row['id']}/consult/", {"confirm": True},
              content_type="application/json")  # fmt: skip
    assert principal in {d["id"] for d in jose.get(detail).json()["documents"]}
    assert jose.get(content).status_code == 200
    listed = public.get("/api/v1/public/processes/", number).json()["documents"]
    assert principal in {d["id"] for d in listed}


def test_in_app_notices_follow_the_emails(city, citizens, signed):
    jose = govbr_client(city.tenant, citizens["jose"])
    _adhere(jose)
    _issue(govbr_client(city.tenant, city.clerk_user), signed, [JOSE_CPF])
    [notice] = jose.get("/api/v1/citizen/notices/").json()["results"]
    assert notice["kind"] == "issued" and notice["process"] == str(signed["process"])
    assert (
        govbr_client(city.tenant, citizens["ana"]).get("/api/v1/citizen/notices/").json()["results"]
        == []
    )
    assert Client(HTTP_HOST=host_of(city.tenant)).get("/api/v1/citizen/notices/").status_code in (
        401,
        403,
    )
