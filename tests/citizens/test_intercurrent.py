"""Peticionamento intercorrente (scenarios 5 and 6) and representation (scenario 12,
revocation, renunciation)."""

import datetime as dt
import uuid
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from citizens.models import Outbox, Petition, Representation
from core.files import blank_pdf
from core.models import OpenIn, ProcessMarker
from core.services import dispatch
from core.services.processes import create_process
from tests.citizens.conftest import JOSE_CPF, govbr_client
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(city):
    with city.ctx():
        return create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Alvará de obra",
            access_level="public",
            parties=[{"document": JOSE_CPF, "name": "José Cidadão"}],
        )


def _filing(client, city, number, name="complemento.pdf"):
    upload = client.generic(
        "POST",
        f"/api/v1/citizen/uploads/?{urlencode({'filename': name})}",
        blank_pdf(),
        content_type="application/pdf",
    )
    assert upload.status_code == 201, upload.content
    return {
        "idempotency_key": str(uuid.uuid4()),
        "number": number,
        "documents": [{"upload": upload.json()["id"], "document_type": str(city.anexo.uuid)}],
        "sign": True,
    }


def _post(client, body):
    return client.post("/api/v1/citizen/intercurrent/", body, content_type="application/json")


def test_scenario_5_not_a_party_gets_the_unknown_number_answer(city, citizens, process):
    ana = govbr_client(city.tenant, citizens["ana"])
    existing = _post(ana, _filing(ana, city, str(process)))
    unknown_number = str(process)[:-4] + "9999"
    unknown = _post(ana, _filing(ana, city, unknown_number, "b.pdf"))
    assert existing.status_code == unknown.status_code == 404
    assert existing.json() == unknown.json()
    with city.ctx():
        assert not Petition.objects.exists()


def test_scenario_6_closed_in_a_then_b_reopens_in_b(city, citizens, process):
    with city.ctx():
        dispatch.send(staff=city.clerk, process=process, to_units=[city.obras], keep_open=True)
        dispatch.conclude(staff=city.clerk, process=process)  # A = root
        dispatch.conclude(staff=city.other, process=process)  # B = SEOB
        assert not OpenIn.objects.filter(process=process).exists()
    jose = govbr_client(city.tenant, citizens["jose"], level="bronze")
    response = _post(jose, _filing(jose, city, str(process)))
    assert response.status_code == 201, response.content
    receipt = response.json()["receipt"]
    assert receipt["tipo_recibo"] == "intercurrent"
    assert receipt["unidade"]["sigla"] == "SEOB"
    with city.ctx():
        row = OpenIn.objects.get(process=process)
        assert row.unit == city.obras and row.read is False
        assert process.documents.count() == 2  # the document and its recibo
        assert ProcessMarker.objects.filter(process=process, marker__unit=city.obras).exists()
        assert Outbox.objects.filter(subject__contains="SEOB").exists()


def test_intercorrente_from_other_hosts_and_without_session(city, city_b, citizens, process):
    elsewhere = govbr_client(city_b["tenant"], citizens["jose"])
    assert _post(elsewhere, _filing(elsewhere, city, str(process))).status_code == 404
    outsider = govbr_client(city.tenant, city_b["user"])
    assert _post(outsider, _filing(outsider, city, str(process))).status_code == 404
    anonymous = Client(HTTP_HOST=host_of(city.tenant))
    assert _post(anonymous, {"number": str(process)}).status_code in (401, 403)


def test_scenario_12_expired_procuracao_cannot_file_for_the_outorgante(city, citizens, process):
    today = timezone.localdate()
    with city.ctx():
        Representation.objects.create(
            grantor=JOSE_CPF, grantor_name="José", grantee=citizens["pedro"].cpf,
            grantee_name="Pedro", kind="S", powers=["peticionar"],
            valid_from=today - dt.timedelta(days=30), valid_until=today - dt.timedelta(days=1),
        )  # fmt: skip
    pedro = govbr_client(city.tenant, citizens["pedro"])
    assert _post(pedro, _filing(pedro, city, str(process))).status_code == 404
    with city.ctx():
        Representation.objects.update(valid_until=today)
    response = _post(pedro, _filing(pedro, city, str(process), "c.pdf"))
    assert response.status_code == 201, response.content
    listing = pedro.get("/api/v1/citizen/representations/").json()
    [received] = listing["received"]
    assert received["processes"] == [str(process)]


def test_revocation_and_renunciation_act_at_once(city, citizens, process):
    jose = govbr_client(city.tenant, citizens["jose"])
    created = jose.post(
        "/api/v1/citizen/representations/",
        {"grantee_cpf": citizens["pedro"].cpf, "grantee_name": "Pedro", "kind": "S",
         "powers": ["peticionar", "intimacao"]},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    rep_id = created.json()["id"]
    pedro = govbr_client(city.tenant, citizens["pedro"])
    assert len(pedro.get("/api/v1/citizen/processes/").json()["results"]) == 1
    # Only the outorgante revokes; only the outorgado renounces.
    assert pedro.post(f"/api/v1/citizen/representations/{rep_id}/revoke/").status_code == 404
    assert jose.post(f"/api/v1/citizen/representations/{rep_id}/revoke/").status_code == 200
    assert pedro.get("/api/v1/citizen/processes/").json()["results"] == []
    # A new grant after a revocation works (SEI #178).
    again = jose.post(
        "/api/v1/citizen/representations/",
        {"grantee_cpf": citizens["pedro"].cpf, "grantee_name": "Pedro", "kind": "S",
         "powers": ["peticionar"]},
        content_type="application/json",
    )  # fmt: skip
    assert again.status_code == 201
    renounce = f"/api/v1/citizen/representations/{again.json()['id']}/renounce/"
    assert jose.post(renounce).status_code == 404
    assert pedro.post(renounce).status_code == 200
    # Bronze may not grant.
    bronze = govbr_client(city.tenant, citizens["jose"], level="bronze")
    refused = bronze.post(
        "/api/v1/citizen/representations/",
        {"grantee_cpf": citizens["pedro"].cpf, "grantee_name": "Pedro", "kind": "S",
         "powers": ["peticionar"]},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
    assert "confiabilidades" in refused.json()["detail"]
