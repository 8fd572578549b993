"""Qualified signature (Lei 14.063 art. 4 III) through the gov.br signature API with a
PSC cloud ICP-Brasil certificate (scope `icp_brasil`), against the local fake: the
level stored is the one the certificate's chain gives (issued by a trusted ICP-Brasil
CA ⇒ qualified), checked against the document type's minimum before anything is
stored. Per the spec's table (peticionamento.md §6) any gov.br level may sign with an
ICP-Brasil certificate: a bronze account is not stopped for it."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from django.test import Client

from core.models import Signature
from core.services import documents as docs
from core.services.processes import create_process
from fakes import iti as fake
from signatures.models import ItiAuthorization, SignatureEvidence
from tests.signatures import test_govbr as _govbr_tests
from tests.signatures.test_govbr import (
    CLERK_CPF,
    START,
    _counters,
    _fake,
    authorize,
    back,
    govbr_client,
)

stored = _govbr_tests.stored  # fixtures shared with the advanced signature's tests
two_documents = _govbr_tests.two_documents

pytestmark = pytest.mark.django_db
QUALIFIED = "Assinatura eletrônica qualificada (ICP-Brasil)"


def _level_url(document_type) -> str:
    return f"/api/v1/document-types/{document_type.uuid}/signature-level/"


@pytest.fixture
def portaria(city, client_for):
    """An Ofício whose type requires the qualified level."""
    admin = client_for(city.tenant, city.admin_user)
    response = admin.put(_level_url(city.oficio), {"minimum_level": "qualified"},
                         content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    with city.ctx():
        process = create_process(
            staff=city.clerk, process_type=city.process_type, summary="x", access_level="public"
        )
        return docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>Portaria</p>"
        )


def _start(client, document, level="qualified"):
    return client.post(
        START, {"documents": [str(document.uuid)], "level": level}, content_type="application/json"
    )


def _with_scope(url: str, scope: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query["scope"] = scope
    return urlunsplit(parts._replace(query=urlencode(query)))


def _choose(url: str, certificate: str, *, level="silver", fault="") -> str:
    """The person on the ITI's screen, choosing the certificate (both scopes)."""
    page = _fake_get(url)
    assert "<select name='certificate'>" in page
    form = dict(parse_qsl(urlsplit(url).query))
    form.update(persona="custom", cpf=CLERK_CPF, name="Bruno Servidor", level=level,
                fault=fault, certificate=certificate)  # fmt: skip
    answer = _fake("/oauth2.0/authorize", data=form)
    assert answer.status_code == 302
    return answer.headers["location"]


def _fake_get(url: str) -> str:
    import httpx

    page = httpx.get(url, timeout=10)
    assert page.status_code == 200, page.text
    return page.text


def test_a_qualified_signature_is_stored_with_level_qualified(city, portaria, client_for, stored):
    client = govbr_client(client_for, city)
    started = _start(client, portaria)
    assert started.status_code == 201, started.content
    url = started.json()["authorize_url"]
    assert dict(parse_qsl(urlsplit(url).query))["scope"] == "signature_session icp_brasil"
    assert "ICP-Brasil em nuvem" in _fake_get(url)
    done = back(client, authorize(url))
    assert done.status_code == 302, done.content.decode()
    with city.ctx():
        signature = Signature.objects.get()
        evidence = SignatureEvidence.objects.get(signature=signature)
        assert evidence.level == "qualified"
        assert "ICP-Brasil" in evidence.certificate_issuer
        assert CLERK_CPF in evidence.certificate_subject
        code = portaria.authenticity
    assert len(stored()) == 2  # the .p7s and the certificate
    public = (
        Client(HTTP_HOST="extrema.localhost")
        .get("/api/v1/public/authenticity/", {"code": code.code, "crc": code.crc})
        .json()
    )
    assert public["signatures"][0]["level"] == "qualified"
    assert public["signatures"][0]["level_label"] == QUALIFIED
    page = Client(HTTP_HOST="extrema.localhost").get(
        "/conferir-autenticidade/", {"codigo": code.code, "crc": code.crc}
    )
    assert QUALIFIED in page.content.decode()
    staff_view = client.get(f"/api/v1/documents/{portaria.uuid}/authenticity/").json()
    assert staff_view["signatures"][0]["level_label"] == QUALIFIED
    assert staff_view["signatures"][0]["method_label"] == (
        "Certificado digital ICP-Brasil em nuvem (API de assinatura do ITI)"
    )
    from tests.signatures.test_pdf import _flat, _text

    pdf = client.get(f"/api/v1/documents/{portaria.uuid}/pdf/")
    text = _flat(_text(b"".join(pdf.streaming_content)))
    assert QUALIFIED in text and "certificado digital icp-brasil em nuvem" in text


def test_a_type_requiring_qualified_refuses_advanced_before_the_iti(city, portaria, client_for):
    client = govbr_client(client_for, city)
    before = _counters()
    response = _start(client, portaria, level="advanced")
    assert response.status_code == 403
    assert response.json()["code"] == "signature_level_required"
    assert "certificado em nuvem" in response.json()["detail"]
    assert _counters()["authorize"] == before["authorize"]
    with city.ctx():
        assert not ItiAuthorization.objects.exists()


def test_the_level_comes_from_the_certificate_not_from_what_was_asked(
    city, portaria, client_for, stored
):
    """The browser asked for qualified, but (both scopes on the ITI's screen) the person
    chose the gov.br certificate: that is advanced, refused for this type, nothing
    stored, and no hash sent to be signed."""
    client = govbr_client(client_for, city)
    url = _start(client, portaria).json()["authorize_url"]
    before = _counters()
    location = _choose(_with_scope(url, "signature_session govbr icp_brasil"), "govbr")
    response = back(client, location)
    assert response.status_code == 403, response.content.decode()
    text = response.content.decode()
    assert "exige assinatura eletrônica qualificada" in text
    assert _counters()["sign"] == before["sign"]
    with city.ctx():
        assert not Signature.objects.exists() and not SignatureEvidence.objects.exists()
        assert ItiAuthorization.objects.get().result == "signature_level_required"
    assert stored() == []


def test_choosing_icp_brasil_on_the_screen_gives_qualified(city, portaria, client_for):
    client = govbr_client(client_for, city)
    url = _start(client, portaria).json()["authorize_url"]
    location = _choose(_with_scope(url, "signature_session govbr icp_brasil"), "icp_brasil")
    assert back(client, location).status_code == 302
    with city.ctx():
        assert SignatureEvidence.objects.get().level == "qualified"


def test_a_certificate_from_an_unknown_ca_is_refused(city, portaria, client_for, stored):
    client = govbr_client(client_for, city)
    url = _start(client, portaria).json()["authorize_url"]
    response = back(client, authorize(url, fault="untrusted_ca"))
    assert response.status_code == 400
    assert "não foi emitido pela autoridade" in response.content.decode()
    with city.ctx():
        assert not Signature.objects.exists() and not SignatureEvidence.objects.exists()
    assert stored() == []


def test_an_icp_ca_not_in_the_settings_is_not_qualified(
    city, portaria, client_for, stored, settings, tmp_path
):
    """Trust comes from settings: with another ICP-Brasil CA configured, the fake's ICP
    certificate is neither qualified nor gov.br — refused."""
    _key, other = fake.make_ca("Outra AC ICP-Brasil", "ICP-Brasil")
    from cryptography.hazmat.primitives import serialization

    bundle = tmp_path / "icp.pem"
    bundle.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    settings.ITI_ICP_CA_FILE = str(bundle)
    client = govbr_client(client_for, city)
    url = _start(client, portaria).json()["authorize_url"]
    response = back(client, authorize(url))
    assert response.status_code == 400
    with city.ctx():
        assert not Signature.objects.exists()
    assert stored() == []


def test_a_qualified_signature_satisfies_a_lower_minimum(city, client_for, two_documents):
    """A type with no minimum (simple) takes a qualified signature too."""
    _, _, despacho = two_documents
    client = govbr_client(client_for, city)
    url = _start(client, despacho).json()["authorize_url"]
    assert back(client, authorize(url)).status_code == 302
    with city.ctx():
        assert SignatureEvidence.objects.get().level == "qualified"


def test_bronze_may_sign_qualified_but_not_advanced(
    city, portaria, two_documents, client_for, settings
):
    """Decision (spec table, peticionamento.md §6: qualified is open to "any" gov.br
    level): bronze is stopped before the ITI for the advanced signature only."""
    settings.GOVBR_MIN_LEVEL = {**settings.GOVBR_MIN_LEVEL, "staff": "bronze"}
    _, _, despacho = two_documents
    client = govbr_client(client_for, city, level="bronze")
    refused = _start(client, despacho, level="advanced")
    assert refused.status_code == 403 and refused.json()["code"] == "trust_level_too_low"
    started = _start(client, portaria)
    assert started.status_code == 201, started.content
    done = back(client, authorize(started.json()["authorize_url"], level="bronze"))
    assert done.status_code == 302, done.content.decode()
    with city.ctx():
        assert SignatureEvidence.objects.get().level == "qualified"


def test_qualified_still_needs_a_govbr_login(city, portaria, client_for):
    client = client_for(city.tenant, city.clerk_user)  # password login
    response = _start(client, portaria)
    assert response.status_code == 403
    assert "entre no sistema com a sua conta gov.br" in response.json()["detail"]


def test_bad_level_is_a_pt_br_400(city, portaria, client_for):
    client = govbr_client(client_for, city)
    response = _start(client, portaria, level="ouro")
    assert response.status_code == 400
    with city.ctx():
        assert not ItiAuthorization.objects.exists()


def test_isolation_of_the_qualified_start(city, city_b, portaria, client_for):
    from accounts.models import User

    body = {"documents": [str(portaria.uuid)], "level": "qualified"}
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
    with city.ctx():
        assert not ItiAuthorization.objects.exists()
