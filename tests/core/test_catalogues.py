"""The catalogues (process types, document types, legal bases, templates): a duplicate
name is a pt-BR 400 on create and on update, and nothing is written."""

import pytest

from core.models import DocumentTemplate, DocumentType, LegalBasis, ProcessType

JSON = "application/json"


def _cases(city):
    oficio = str(city.oficio.uuid)
    return [
        (
            "/api/v1/process-types/",
            ProcessType,
            {"name": "Licença Ambiental", "default_access_level": "public"},
            {"name": "Alvará de Obra", "default_access_level": "public"},
            "tipo de processo",
        ),
        (
            "/api/v1/document-types/",
            DocumentType,
            {"name": "Laudo Técnico", "usage": "both"},
            {"name": "Certidão Negativa", "usage": "both"},
            "tipo de documento",
        ),
        (
            "/api/v1/legal-bases/",
            LegalBasis,
            {
                "name": "Segredo Industrial",
                "reference": "Lei 9.279/1996",
                "access_level": "restricted",
            },
            {
                "name": "Sigilo de Proposta",
                "reference": "Lei 14.133/2021",
                "access_level": "restricted",
            },
            "hipótese legal",
        ),
        (
            "/api/v1/templates/",
            DocumentTemplate,
            {"name": "Ofício padrão", "document_type": oficio, "html": "<p>Senhor(a),</p>"},
            {"name": "Ofício curto", "document_type": oficio, "html": "<p>Prezados,</p>"},
            "modelo",
        ),
    ]


@pytest.mark.parametrize("index", range(4))
def test_duplicate_name_is_a_portuguese_400_on_create_and_update(city, client_for, index):
    url, model, first, second, noun = _cases(city)[index]
    admin = client_for(city.tenant, city.admin_user)
    assert admin.post(url, first, content_type=JSON).status_code == 201
    with city.ctx():
        count = model.objects.count()
    same = admin.post(url, {**first, "name": first["name"].upper()}, content_type=JSON)
    assert same.status_code == 400, same.content
    assert same.json()["code"] == "name_taken"
    assert same.json()["detail"].startswith("Já existe") and noun in same.json()["detail"]
    with city.ctx():
        assert model.objects.count() == count
    other = admin.post(url, second, content_type=JSON).json()["id"]
    renamed = admin.patch(f"{url}{other}/", {"name": first["name"]}, content_type=JSON)
    assert renamed.status_code == 400 and renamed.json()["code"] == "name_taken"
    with city.ctx():
        assert model.objects.get(uuid=other).name == second["name"]
    # Saving an entry under its own name is not a duplicate.
    kept = admin.patch(f"{url}{other}/", {"name": second["name"]}, content_type=JSON)
    assert kept.status_code == 200


def test_same_name_allowed_where_the_scope_differs(city, client_for):
    admin = client_for(city.tenant, city.admin_user)
    basis = {
        "name": "Sigilo de Auditoria",
        "reference": "Lei 8.443/1992",
        "access_level": "restricted",
    }
    assert admin.post("/api/v1/legal-bases/", basis, content_type=JSON).status_code == 201
    secret = {**basis, "access_level": "secret"}
    assert admin.post("/api/v1/legal-bases/", secret, content_type=JSON).status_code == 201
    tpl = {"name": "Modelo geral", "html": "<p>Texto</p>"}
    for kind in (city.oficio, city.despacho):
        body = {**tpl, "document_type": str(kind.uuid)}
        assert admin.post("/api/v1/templates/", body, content_type=JSON).status_code == 201
