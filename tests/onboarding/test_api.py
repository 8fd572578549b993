"""The control-plane API: who may use it, and what each endpoint does."""

import csv
import io

import pytest
from django_tenants.utils import schema_context

from core.services import grant_municipal_admin
from onboarding.models import CaseDocument, OnboardingCase, Status

from .conftest import CONGONHAS, MANAGER, pdf_bytes

pytestmark = pytest.mark.django_db

API = "/api/v1/onboarding"


@pytest.fixture
def people(make_user, tenant_a, coordinator):
    citizen = make_user(name="Cidadão Comum")
    staff = make_user(name="Servidor de Extrema")
    with schema_context(tenant_a.schema_name):
        grant_municipal_admin(user=staff)
    return {
        "anonymous": None,
        "citizen": citizen,
        "municipal_staff": staff,
        "coordinator": coordinator,
    }


@pytest.fixture
def state(client_for, public_tenant):
    return lambda user=None: client_for(public_tenant, user)


def _endpoints(case_uuid, doc_uuid):
    c = f"{API}/cases/{case_uuid}"
    return [
        ("get", f"{API}/summary/"), ("get", f"{API}/municipalities/"),
        ("get", f"{API}/cases/"), ("post", f"{API}/cases/"), ("get", f"{API}/cases/export/"),
        ("get", f"{c}/"), ("post", f"{c}/documents/"), ("get", f"{c}/documents/{doc_uuid}/"),
        ("post", f"{c}/sign-agreement/"), ("post", f"{c}/designate-manager/"),
        ("post", f"{c}/provision/"), ("post", f"{c}/retry/"), ("post", f"{c}/go-live/"),
        ("post", f"{c}/pause/"), ("post", f"{c}/resume/"), ("post", f"{c}/cancel/"),
        ("post", f"{API}/batches/"), ("get", f"{API}/batches/{case_uuid}/"),
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["anonymous", "citizen", "municipal_staff"])
def test_only_coordinators_reach_any_endpoint(state, people, case_at, who):
    case = case_at(Status.INTEREST)
    doc = CaseDocument.objects.create(case=case, kind="interest", original_name="x.pdf",
                                      size=1, sha256="0" * 64, uploaded_by=people["coordinator"],
                                      file="secret.pdf")  # fmt: skip
    client = state(people[who])
    for method, url in _endpoints(case.uuid, doc.uuid):
        response = getattr(client, method)(url)
        assert response.status_code in (401, 403), (who, method, url, response.status_code)
    case.refresh_from_db()
    assert case.status == Status.INTEREST


def test_the_control_plane_does_not_exist_on_a_city_host(client_for, tenant_a, coordinator):
    response = client_for(tenant_a, coordinator).get(f"{API}/summary/")
    assert response.status_code == 404


def test_coordinator_takes_a_case_from_interest_to_training_through_the_api(state, coordinator):
    client = state(coordinator)
    municipalities = client.get(f"{API}/municipalities/", {"search": "congonhas"}).json()
    names = [m["name"] for m in municipalities["results"]]
    assert names == ["Congonhas", "Congonhas do Norte"]

    created = client.post(f"{API}/cases/", {"ibge_code": CONGONHAS, "reason": "Ofício 12/2026"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["status"] == "interest" and case["available_actions"] == [
        "cancel", "pause", "sign_agreement"]  # fmt: skip
    url = f"{API}/cases/{case['id']}"

    refused = client.post(f"{url}/sign-agreement/", content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "agreement_missing"

    upload = client.post(f"{url}/documents/", {"kind": "agreement", "file": _file()})
    assert upload.status_code == 201, upload.json()
    download = client.get(upload.json()["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()

    assert client.post(f"{url}/sign-agreement/").json()["status"] == "agreement_signed"
    bad = client.post(f"{url}/designate-manager/", {**MANAGER, "cpf": "111.111.111-11"})
    assert bad.status_code == 400 and bad.json()["code"] == "manager_cpf_invalid"
    designated = client.post(f"{url}/designate-manager/", MANAGER).json()
    assert designated["manager"] == {"name": "Ana Gestora", "cpf_masked": "***.533.447-**",
                                     "email": "ana@prefeitura.example"}  # fmt: skip
    assert designated["suggested_slug"] == "congonhas"
    assert client.post(f"{url}/provision/", {"slug": "Congonhas!"}).status_code == 400
    provisioning = client.post(f"{url}/provision/", {}).json()
    assert provisioning["status"] == "provisioning"
    assert [e["action"] for e in provisioning["events"]] == [
        "open", "upload", "sign_agreement", "designate_manager", "provision"]  # fmt: skip


def test_summary_and_funnel(state, coordinator, case_at):
    case_at(Status.AGREEMENT_SIGNED)
    summary = state(coordinator).get(f"{API}/summary/").json()
    assert summary["counts"]["agreement_signed"] == 1
    funnel = {row["status"]: row["count"] for row in summary["funnel"]}
    assert funnel["interest"] == funnel["agreement_signed"] == 1
    assert funnel["manager_designated"] == 0
    assert summary["catalogue"] == 853


def test_list_filters_and_csv_export(state, coordinator, case_at):
    case_at(Status.INTEREST)
    client = state(coordinator)
    assert client.get(f"{API}/cases/", {"search": "CONGÔNHAS"}).json()["count"] == 1
    assert client.get(f"{API}/cases/", {"status": "live"}).json()["count"] == 0
    response = client.get(f"{API}/cases/export/", {"status": "interest"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Código IBGE", "Município", "UF", "Situação"]
    assert rows[1][:4] == [CONGONHAS, "Congonhas", "MG", "Manifestação de interesse"]


def test_openapi_schema_documents_the_control_plane(state, coordinator):
    schema = state(coordinator).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/onboarding/cases/{uuid}/designate-manager/" in paths
    assert "/api/v1/onboarding/batches/" in paths


def test_bulk_reports_refusals_per_case(state, coordinator, case_at):
    case = case_at(Status.INTEREST)
    response = state(coordinator).post(f"{API}/batches/", {"cases": [str(case.uuid)]},
                                       content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["refused"][0]["code"] == "transition_not_allowed"
    assert OnboardingCase.objects.get(pk=case.pk).status == Status.INTEREST


def _file(content=None, name="acordo.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes() if content is None else content,
                              content_type="application/pdf")  # fmt: skip
