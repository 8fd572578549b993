"""Authenticity check: code + CRC or a copy's SHA-256, on the city's host and on the
state host (routed by the public index); público shows content, restrito/sigiloso only
that the document is authentic."""

import hashlib

import pytest
from django.test import Client

from core.services import documents as docs
from core.services.processes import create_process
from signatures.index.models import AuthenticityIndex
from signatures.models import DocumentAuthenticity
from signatures.services.authenticity import crc_of
from signatures.services.signing import sign_documents

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/api/v1/public/authenticity/"


def signed_document(city, access="public", basis=None, html="<p>Ofício de teste</p>"):
    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Reforma da praça",
            access_level=access,
            legal_basis=basis,
        )
        document = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html=html
        )
        sign_documents(
            staff=city.clerk,
            user=city.clerk_user,
            documents=[document],
            password=PASSWORD,
            role="Assessor",
        )
        auth = DocumentAuthenticity.objects.get(document=document)
    return process, document, auth


def ask(host, **params):
    return Client(HTTP_HOST=host).get(URL, params)


def test_signing_gives_a_code_and_the_crc_of_the_signed_content(city):
    _, document, auth = signed_document(city)
    with city.ctx():
        version = document.versions.get()
    assert len(auth.code) == 10 and auth.code.isdigit()
    assert auth.sha256 == version.sha256 == hashlib.sha256(version.html.encode()).hexdigest()
    assert auth.crc == crc_of(version.sha256) and len(auth.crc) == 8
    index = AuthenticityIndex.objects.get(kind="code", key=auth.code)
    assert index.tenant == city.tenant
    assert AuthenticityIndex.objects.filter(kind="sha256", key=auth.sha256).exists()


def test_the_signature_endpoint_also_gives_the_code(city, client_for):
    with city.ctx():
        process = create_process(
            staff=city.clerk, process_type=city.process_type, summary="x", access_level="public"
        )
        document = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>a</p>"
        )
    clerk = client_for(city.tenant, city.clerk_user)
    response = clerk.post(
        "/api/v1/signatures/",
        {"documents": [str(document.uuid)], "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = clerk.get(f"/api/v1/documents/{document.uuid}/authenticity/").json()
    with city.ctx():
        auth = DocumentAuthenticity.objects.get(document=document)
    assert body["code"] == auth.code and body["crc"] == auth.crc
    assert body["url"].endswith(f"?codigo={auth.code}&crc={auth.crc}")


def test_public_document_shows_number_process_signers_and_content(city):
    process, document, auth = signed_document(city)
    response = ask("extrema.localhost", code=auth.code, crc=auth.crc)
    assert response.status_code == 200
    body = response.json()
    assert body["authentic"] is True and body["municipality"]["name"] == "Extrema"
    assert body["document"]["title"] == str(document)
    assert body["document"]["process"] == str(process)
    [sig] = body["signatures"]
    assert sig["signer_name"] == "Bruno Servidor" and sig["signer_role"] == "Assessor"
    assert sig["method"] == "password" and sig["level"] == "simple"
    assert sig["level_label"] == "Assinatura eletrônica simples"
    assert "Ofício de teste" in body["html"]
    assert body["content_path"] == f"/api/v1/public/documents/{document.uuid}/content/"
    # lower-case CRC and a formatted code are accepted
    again = ask("extrema.localhost", code=f"{auth.code[:5]}.{auth.code[5:]}", crc=auth.crc.lower())
    assert again.status_code == 200


@pytest.mark.parametrize("level", ["restricted", "secret"])
def test_restricted_and_secret_confirm_only_authenticity(city, level):
    basis = city.personal if level == "restricted" else city.secret_basis
    process, _, auth = signed_document(city, access=level, basis=basis, html="<p>CPF 1</p>")
    body = ask("extrema.localhost", code=auth.code, crc=auth.crc).json()
    assert body["authentic"] is True and body["document"]["access_level"] == level
    text = str(body)
    assert "CPF 1" not in text and "html" not in body and "content_path" not in body
    assert "process" not in body["document"] and str(process) not in text
    assert "Reforma" not in text
    # ...and the page says so, without the content
    page = Client(HTTP_HOST="extrema.localhost").get(
        "/conferir-autenticidade/", {"codigo": auth.code, "crc": auth.crc}
    )
    assert page.status_code == 200 and "Documento autêntico" in page.content.decode()
    assert "CPF 1" not in page.content.decode()


def test_wrong_crc_or_unknown_code_is_one_not_found(city):
    _, _, auth = signed_document(city)
    wrong_crc = "00000000" if auth.crc != "00000000" else "11111111"
    wrong = ask("extrema.localhost", code=auth.code, crc=wrong_crc)
    unknown = ask("extrema.localhost", code="0000000001", crc=auth.crc)
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()  # no oracle for whether a code exists
    assert "código verificador" in wrong.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [{"code": "123", "crc": "ABCDEF12"}, {"code": "1234567890", "crc": "XYZ"}, {},
     {"sha256": "abc"}, {"sha256": "g" * 64}],
)  # fmt: skip
def test_malformed_questions_are_a_clear_400(city, params):
    response = ask("extrema.localhost", **params)
    assert response.status_code == 400
    assert response.json()["code"] == "authenticity_invalid_query"
    assert "código" in response.json()["detail"] or "SHA-256" in response.json()["detail"]


def test_another_citys_code_is_not_found_on_a_city_host_but_the_state_routes_it(city, city_b):
    process, _, auth = signed_document(city)
    assert ask("ipatinga.localhost", code=auth.code, crc=auth.crc).status_code == 404
    state = ask("localhost", code=auth.code, crc=auth.crc)
    assert state.status_code == 200
    body = state.json()
    assert body["municipality"] == {"name": "Extrema", "host": "extrema.localhost"}
    assert body["document"]["process"] == str(process)
    # wrong CRC on the state host: the same 404
    assert ask("localhost", code=auth.code, crc="0000000F").status_code == 404


def test_copy_by_sha256_identical_and_one_byte_changed(city, city_b):
    # The copy is the exact bytes signed (only internal documents are signed: an upload is
    # never signed, core.services.permissions.check_sign).
    html = "<p>Ofício de teste</p>"
    _, document, _auth = signed_document(city, html=html)
    with city.ctx():
        signed = document.versions.order_by("-version").first().html.encode()
    same = hashlib.sha256(signed).hexdigest()
    changed = bytearray(signed)
    changed[len(changed) // 2] ^= 0x01
    other = hashlib.sha256(bytes(changed)).hexdigest()
    ok = ask("extrema.localhost", sha256=same)
    assert ok.status_code == 200 and ok.json()["matched_by"] == "sha256"
    assert ok.json()["document"]["title"].startswith("Ofício")
    assert ask("extrema.localhost", sha256=other).status_code == 404
    assert ask("extrema.localhost", sha256=same.upper()).status_code == 200
    # state host routes the hash; another city does not have it
    assert ask("localhost", sha256=same).json()["municipality"]["name"] == "Extrema"
    assert ask("ipatinga.localhost", sha256=same).status_code == 404
    assert ask("localhost", sha256=other).status_code == 404


def test_an_unsigned_document_is_not_authentic(city):
    with city.ctx():
        process = create_process(
            staff=city.clerk, process_type=city.process_type, summary="x", access_level="public"
        )
        draft = docs.create_internal(
            staff=city.clerk, process=process, document_type=city.oficio, html="<p>draft</p>"
        )
        sha = draft.versions.get().sha256
    assert ask("extrema.localhost", sha256=sha).status_code == 404
    with city.ctx():
        assert not DocumentAuthenticity.objects.exists()


def test_the_page_answers_on_city_and_state_hosts(city):
    _, _, auth = signed_document(city)
    for host in ("extrema.localhost", "localhost"):
        page = Client(HTTP_HOST=host).get(
            "/conferir-autenticidade/", {"codigo": auth.code, "crc": auth.crc}
        )
        text = page.content.decode()
        assert page.status_code == 200 and "Documento autêntico" in text, host
        assert "Bruno Servidor" in text and "Assinatura eletrônica simples" in text
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    empty = Client(HTTP_HOST="extrema.localhost").get("/conferir-autenticidade/")
    assert empty.status_code == 200 and "Conferir autenticidade" in empty.content.decode()
    bad = Client(HTTP_HOST="extrema.localhost").get(
        "/conferir-autenticidade/", {"codigo": auth.code, "crc": "00000000"}
    )
    assert bad.status_code == 404 and "Nenhum documento" in bad.content.decode()


def test_public_check_is_rate_limited(city, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "public", "3/min")
    codes = [ask("extrema.localhost", code="0000000001", crc="00000000").status_code
             for _ in range(5)]  # fmt: skip
    assert codes[:3] == [404, 404, 404] and codes[3:] == [429, 429]
    page = Client(HTTP_HOST="extrema.localhost").get(
        "/conferir-autenticidade/", {"codigo": "0000000001", "crc": "00000000"}
    )
    assert page.status_code == 429 and "Aguarde" in page.content.decode()


def test_staff_authenticity_endpoint_isolation(city, city_b, client_for, make_user):
    _, document, _ = signed_document(city)
    url = f"/api/v1/documents/{document.uuid}/authenticity/"
    assert client_for(city_b["tenant"], city_b["user"]).get(url).status_code == 404
    assert client_for(city.tenant).get(url).status_code in (401, 403)
    from accounts.models import User

    citizen = User.objects.create_user(cpf="12345678909", name="Cidadão")
    assert client_for(city.tenant, citizen).get(url).status_code in (401, 403)
    # a person with no role in this city (staff of Ipatinga only)
    assert client_for(city.tenant, city_b["user"]).get(url).status_code in (401, 403)
