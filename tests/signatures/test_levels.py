"""Signature levels per document type: set by the municipal admin, enforced by the
signing service (password/gov.br login = simple; the gov.br API = advanced)."""

import pytest

from core.models import DocumentType, Signature
from core.services import documents as docs
from core.services.processes import create_process
from signatures.models import SignaturePolicy
from tests.signatures.test_govbr import authorize, back, govbr_client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _url(document_type) -> str:
    return f"/api/v1/document-types/{document_type.uuid}/signature-level/"


@pytest.fixture
def oficio_needs_advanced(city, client_for):
    admin = client_for(city.tenant, city.admin_user)
    response = admin.put(_url(city.oficio), {"minimum_level": "advanced"},
                         content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["minimum_level_label"] == "Assinatura eletrônica avançada (gov.br)"
    with city.ctx():
        process = create_process(
            staff=city.clerk, process_type=city.process_type, summary="x", access_level="public"
        )
        return docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>P</p>"
        )


def test_a_password_signature_is_refused_where_advanced_is_required(
    city, client_for, oficio_needs_advanced
):
    clerk = client_for(city.tenant, city.clerk_user)
    response = clerk.post(
        "/api/v1/signatures/",
        {"documents": [str(oficio_needs_advanced.uuid)], "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "signature_level_required"
    assert "exige assinatura eletrônica avançada" in response.json()["detail"]
    with city.ctx():
        assert not Signature.objects.exists()


def test_the_govbr_api_satisfies_advanced(city, client_for, oficio_needs_advanced):
    client = govbr_client(client_for, city)
    started = client.post(
        "/api/v1/signatures/govbr/",
        {"documents": [str(oficio_needs_advanced.uuid)]},
        content_type="application/json",
    )
    assert started.status_code == 201
    assert back(client, authorize(started.json()["authorize_url"])).status_code == 302
    with city.ctx():
        assert Signature.objects.get().method == "govbr_iti"


def test_qualified_is_refused_before_the_iti(city, client_for, oficio_needs_advanced):
    admin = client_for(city.tenant, city.admin_user)
    admin.put(_url(city.oficio), {"minimum_level": "qualified"}, content_type="application/json")
    client = govbr_client(client_for, city)
    started = client.post(
        "/api/v1/signatures/govbr/",
        {"documents": [str(oficio_needs_advanced.uuid)]},
        content_type="application/json",
    )
    assert started.status_code == 403 and "ICP-Brasil" in started.json()["detail"]


def test_only_the_municipal_admin_sets_levels_and_isolation(city, city_b, client_for):
    from accounts.models import User

    clerk = client_for(city.tenant, city.clerk_user)
    assert clerk.get(_url(city.oficio)).json()["minimum_level"] == "simple"
    refused = clerk.put(_url(city.oficio), {"minimum_level": "advanced"},
                        content_type="application/json")  # fmt: skip
    assert refused.status_code == 403 and "administrador municipal" in refused.json()["detail"]
    bad = client_for(city.tenant, city.admin_user).put(
        _url(city.oficio), {"minimum_level": "ouro"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "inválido" in bad.json()["detail"]
    other_admin = client_for(city_b["tenant"], city_b["user"])
    assert other_admin.get(_url(city.oficio)).status_code == 404  # Extrema's type uuid
    put = other_admin.put(_url(city.oficio), {"minimum_level": "advanced"},
                          content_type="application/json")  # fmt: skip
    assert put.status_code == 404
    citizen = User.objects.create_user(cpf="12345678909", name="Cidadão")
    for client in (client_for(city.tenant), client_for(city.tenant, citizen),
                   client_for(city.tenant, city_b["user"])):  # fmt: skip
        assert client.get(_url(city.oficio)).status_code in (401, 403)
        assert client.put(_url(city.oficio), {"minimum_level": "advanced"},
                          content_type="application/json").status_code in (401, 403)  # fmt: skip
    with city.ctx():
        assert not SignaturePolicy.objects.exists()
        assert DocumentType.objects.filter(pk=city.oficio.pk).exists()
