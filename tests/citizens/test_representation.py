"""Representation (issue 16 item 5; spec §1, §7 #178 #182 #208 #209): a person becomes
responsável legal of a company from what gov.br says (scope govbr_empresa), procurações
are issued, revoked and renounced, each act leaving a document + recibo in the
outorgante's Processo de Controle de Representação. Isolation and bad input."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from citizens.models import Representation, RepresentationAct, RepresentationControl
from core.models import Document
from core.services.processes import create_process
from tests.citizens.conftest import JOSE_CPF, govbr_client
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

CNPJ = "11222333000181"
VOUCHED = [
    {
        "cnpj": CNPJ,
        "name": "Padaria Pão de Minas Ltda",
        "role": "REPRESENTANTE_LEGAL",
        "legal": True,
    },
    {"cnpj": "45997418000153", "name": "Mercearia", "role": "SOCIO", "legal": False},
]


def _with_companies(client, companies=VOUCHED):
    session = client.session
    session["govbr_companies"] = companies
    session.save()
    return client


def _link(client, cnpj=CNPJ):
    return client.post(
        "/api/v1/citizen/companies/link/", {"cnpj": cnpj}, content_type="application/json"
    )


def _grant(client, **body):
    data = {"grantee_cpf": "", "grantee_name": "Pedro", "kind": "S", "powers": ["peticionar"]}
    return client.post(
        "/api/v1/citizen/representations/", {**data, **body}, content_type="application/json"
    )


def _s3_keys(process) -> set[str]:
    try:
        _dirs, files = default_storage.listdir(f"processes/{process.uuid}")
    except FileNotFoundError:
        return set()
    return set(files)


@pytest.fixture
def ana(city, citizens):
    return _with_companies(govbr_client(city.tenant, citizens["ana"]))


def test_linking_as_responsavel_legal_from_govbr_leaves_a_document_and_recibo(city, ana):
    offered = ana.get("/api/v1/citizen/companies/").json()
    assert [c["legal"] for c in offered["from_govbr"]] == [True, False]
    assert offered["represented"] == []
    response = _link(ana)
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "L"
    with city.ctx():
        rep = Representation.objects.get(grantor=CNPJ, state="A")
        [act] = rep.acts.all()
        assert act.kind == RepresentationAct.Kind.LINKED
        control = RepresentationControl.objects.get(grantor=CNPJ).process
        docs = list(Document.objects.filter(process=control).order_by("position"))
        assert [d.document_type.name for d in docs] == [
            "Termo de Vinculação de Responsável Legal",
            "Recibo Eletrônico de Protocolo",
        ]
        assert act.receipt["documento"]["sha256"] == docs[0].sha256
        assert default_storage.open(docs[0].file.name).read()[:4] == b"%PDF"
    listing = ana.get("/api/v1/citizen/companies/").json()
    assert [c["name"] for c in listing["represented"]] == ["Padaria Pão de Minas Ltda"]
    assert listing["from_govbr"][0]["linked"] is True
    # Linking again changes nothing; the company's control process is in her area.
    assert _link(ana).status_code == 201
    with city.ctx():
        assert Representation.objects.filter(grantor=CNPJ).count() == 1
    # The control file is the city's: in nobody's "meus processos" (a procurador of the
    # company would otherwise reach its other procurações); its acts are read from
    # Representações.
    numbers = {p["id"] for p in ana.get("/api/v1/citizen/processes/").json()["results"]}
    assert str(control.uuid) not in numbers
    url = f"/api/v1/citizen/representation-documents/{act.receipt_document.uuid}/content/"
    assert ana.get(url).status_code == 200


def test_a_new_responsavel_legal_replaces_the_old_one_history_kept(city, citizens, ana):
    assert _link(ana).status_code == 201
    jose = _with_companies(govbr_client(city.tenant, citizens["jose"]))
    assert _link(jose).status_code == 201
    with city.ctx():
        states = dict(Representation.objects.filter(grantor=CNPJ).values_list("grantee", "state"))
        assert states == {citizens["ana"].cpf: "T", citizens["jose"].cpf: "A"}
        assert RepresentationControl.objects.count() == 1  # one control process
    # The replaced one can no longer act for the company.
    refused = _grant(ana, grantee_cpf=citizens["pedro"].cpf, grantor=CNPJ)
    assert refused.status_code == 403


def test_refusals_bronze_unvouched_and_unknown_company_write_nothing(city, citizens):
    bronze = _with_companies(govbr_client(city.tenant, citizens["ana"], level="bronze"))
    response = _link(bronze)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "trust_level_too_low"
    assert "https://confiabilidades.acesso.gov.br/" in body["detail"]
    prata = _with_companies(govbr_client(city.tenant, citizens["ana"]))
    socio = _link(prata, "45997418000153")  # sócio, not responsável legal
    assert socio.status_code == 403 and socio.json()["code"] == "company_not_vouched"
    assert "responsável legal" in socio.json()["detail"]
    assert _link(prata, "00000000000191").status_code == 403  # not in this login
    bad = _link(prata, "")
    assert bad.status_code == 400
    with city.ctx():
        assert not Representation.objects.exists()
        assert not RepresentationControl.objects.exists()


def test_grant_revoke_and_renounce_each_leave_their_act(city, city_b, citizens, ana):
    assert _link(ana).status_code == 201
    with city.ctx():
        process = create_process(
            staff=city.clerk, process_type=city.process_type, summary="Alvará da padaria",
            access_level="public", parties=[{"document": CNPJ, "name": "Padaria"}],
        )  # fmt: skip
    pedro = govbr_client(city.tenant, citizens["pedro"])
    until = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    granted = _grant(
        ana, grantee_cpf=citizens["pedro"].cpf, grantor=CNPJ, valid_until=until,
        powers=["peticionar", "intimacao"], process_ids=[str(process.uuid)],
    )  # fmt: skip
    assert granted.status_code == 201, granted.content
    body = granted.json()
    assert body["grantee_name"] == "Pedro Procurador"  # gov.br's name, not the typed one
    assert body["scope_processes"][0]["number"]
    assert [a["kind"] for a in body["acts"]] == ["granted"]
    # Pedro sees the procuração, its scope and the company's process (against #182).
    [received] = pedro.get("/api/v1/citizen/representations/").json()["received"]
    assert received["grantor_name"] == "Padaria Pão de Minas Ltda"
    assert [p["id"] for p in received["reached_processes"]] == [str(process.uuid)]
    mine = {p["id"] for p in pedro.get("/api/v1/citizen/processes/").json()["results"]}
    assert str(process.uuid) in mine
    # Ana, as the company's L, sees it among those granted.
    [given] = ana.get("/api/v1/citizen/representations/").json()["granted"]
    assert given["id"] == body["id"] and given["active"] is True
    # Pedro reads the procuração's document and recibo, not the outorgante's control file.
    act = received["acts"][0]
    for doc in (act["document"], act["receipt_document"]):
        url = f"/api/v1/citizen/representation-documents/{doc}/content/"
        assert pedro.get(url).status_code == 200
        assert ana.get(url).status_code == 200  # the company's L
        other = govbr_client(city.tenant, citizens["jose"])
        assert other.get(url).status_code == 404
        assert govbr_client(city_b["tenant"], citizens["pedro"]).get(url).status_code == 404
    with city.ctx():
        control_id = str(RepresentationControl.objects.get(grantor=CNPJ).process.uuid)
    pedros = {p["id"] for p in pedro.get("/api/v1/citizen/processes/").json()["results"]}
    assert control_id not in pedros
    # Renúncia by Pedro: at once, with its act; he loses the company's process.
    renounced = pedro.post(f"/api/v1/citizen/representations/{body['id']}/renounce/")
    assert renounced.status_code == 200, renounced.content
    assert renounced.json()["state"] == "Renunciada"
    assert [a["kind"] for a in renounced.json()["acts"]] == ["granted", "renounced"]
    mine = {p["id"] for p in pedro.get("/api/v1/citizen/processes/").json()["results"]}
    assert str(process.uuid) not in mine
    # A new one to the same person is possible (no unique key on history: #178) and
    # the outorgante revokes it.
    again = _grant(ana, grantee_cpf=citizens["pedro"].cpf, grantor=CNPJ)
    assert again.status_code == 201, again.content
    revoked = ana.post(f"/api/v1/citizen/representations/{again.json()['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["state"] == "Revogada"
    with city.ctx():
        kinds = list(RepresentationAct.objects.values_list("kind", flat=True))
        assert sorted(kinds) == ["granted", "granted", "linked", "renounced", "revoked"]
        control = RepresentationControl.objects.get(grantor=CNPJ).process
        assert Document.objects.filter(process=control).count() == 10


def test_vencida_is_derived_and_shown(city, citizens):
    jose = govbr_client(city.tenant, citizens["jose"])
    granted = _grant(jose, grantee_cpf=citizens["pedro"].cpf)
    assert granted.status_code == 201, granted.content
    with city.ctx():
        Representation.objects.filter(uuid=granted.json()["id"]).update(
            valid_until=timezone.localdate() - dt.timedelta(days=1)
        )
    [row] = jose.get("/api/v1/citizen/representations/").json()["granted"]
    assert row["state"] == "Vencida" and row["active"] is False and row["expired"] is True


def test_bad_input_is_a_pt_br_400_and_nothing_half_written(city, citizens, monkeypatch):
    jose = govbr_client(city.tenant, citizens["jose"])
    for body, code in [
        ({"grantee_cpf": "123"}, "cpf_invalid"),
        ({"grantee_cpf": citizens["pedro"].cpf, "powers": []}, "powers_invalid"),
        ({"grantee_cpf": citizens["pedro"].cpf, "valid_until": "2000-01-01"}, "validity_invalid"),
        ({"grantee_cpf": citizens["pedro"].cpf, "kind": "E"}, "special_needs_company"),
        ({"grantee_cpf": JOSE_CPF}, "self_representation"),
        (
            {"grantee_cpf": citizens["pedro"].cpf,
             "process_ids": ["7d8a2d8e-9b0c-4a5f-8d1e-2f3a4b5c6d7e"]},
            "scope_invalid",
        ),
    ]:  # fmt: skip
        response = _grant(jose, **body)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["code"] == code
        assert response.json()["detail"]
    garbage = _grant(jose, grantee_cpf=citizens["pedro"].cpf, valid_until="amanhã")
    assert garbage.status_code == 400
    # A failure after the files were stored leaves neither rows nor S3 objects.
    from citizens.services import representation

    created = []
    original = representation._store_pdf

    def store_then_remember(process, pdf, keys):
        key = original(process, pdf, keys)
        created.append(key)
        return key

    monkeypatch.setattr(representation, "_store_pdf", store_then_remember)
    monkeypatch.setattr(
        RepresentationAct.objects, "create", lambda **kw: (_ for _ in ()).throw(RuntimeError())
    )
    with pytest.raises(RuntimeError):
        _grant(jose, grantee_cpf=citizens["pedro"].cpf)
    with city.ctx():
        assert not Representation.objects.exists()
        assert not RepresentationControl.objects.exists()
        assert created and not any(default_storage.exists(k) for k in created)


def test_isolation_other_city_other_citizen_anonymous(city, city_b, citizens, ana):
    assert _link(ana).status_code == 201
    granted = _grant(ana, grantee_cpf=citizens["pedro"].cpf, grantor=CNPJ)
    rep_id = granted.json()["id"]
    # Another municipality: nothing of it, and it cannot be revoked or renounced there.
    ana_b = _with_companies(govbr_client(city_b["tenant"], citizens["ana"]))
    assert ana_b.get("/api/v1/citizen/representations/").json() == {"granted": [], "received": []}
    assert ana_b.get("/api/v1/citizen/companies/").json()["represented"] == []
    assert ana_b.post(f"/api/v1/citizen/representations/{rep_id}/revoke/").status_code == 404
    pedro_b = govbr_client(city_b["tenant"], citizens["pedro"])
    assert pedro_b.post(f"/api/v1/citizen/representations/{rep_id}/renounce/").status_code == 404
    # Another citizen (and staff of this city, a citizen here too) cannot end it.
    jose = govbr_client(city.tenant, citizens["jose"])
    assert jose.post(f"/api/v1/citizen/representations/{rep_id}/revoke/").status_code == 404
    assert jose.post(f"/api/v1/citizen/representations/{rep_id}/renounce/").status_code == 404
    assert jose.get("/api/v1/citizen/representations/").json() == {"granted": [], "received": []}
    clerk = govbr_client(city.tenant, city.clerk_user)
    assert clerk.post(f"/api/v1/citizen/representations/{rep_id}/revoke/").status_code == 404
    # Staff of another city, a citizen here.
    outsider = govbr_client(city.tenant, city_b["user"])
    assert outsider.post(f"/api/v1/citizen/representations/{rep_id}/revoke/").status_code == 404
    # The outorgado cannot revoke (only renounce); the outorgante cannot renounce.
    pedro = govbr_client(city.tenant, citizens["pedro"])
    assert pedro.post(f"/api/v1/citizen/representations/{rep_id}/revoke/").status_code == 404
    assert ana.post(f"/api/v1/citizen/representations/{rep_id}/renounce/").status_code == 404
    # Without gov.br companies in the session (or a password login) nothing is offered.
    assert jose.get("/api/v1/citizen/companies/").json()["from_govbr"] == []
    assert _link(jose).status_code == 403
    # Anonymous: refused everywhere.
    anonymous = Client(HTTP_HOST=host_of(city.tenant))
    for method, url in [
        ("get", "/api/v1/citizen/representations/"),
        ("get", "/api/v1/citizen/companies/"),
        ("post", "/api/v1/citizen/companies/link/"),
        ("post", f"/api/v1/citizen/representations/{rep_id}/revoke/"),
    ]:
        assert getattr(anonymous, method)(url).status_code in (401, 403)
    with city.ctx():
        assert Representation.objects.get(uuid=rep_id).state == "A"


def test_govbr_login_brings_the_companies_to_the_city_session(public_tenant, tenant_a, tenant_b):
    """Through the fake IdP: scope govbr_empresa asked, the companies API read with the
    access token during the login, the result handed to the city's session."""
    from fakes.personas import PERSONAS
    from tests.accounts.test_govbr import Flow

    marta = next(i for i, p in enumerate(PERSONAS) if p["name"] == "Marta Empresária")
    flow = Flow()
    url, params = flow.to_idp("/cidadao/representacoes")
    assert "govbr_empresa" in params["scope"].split()
    query = flow.pick(url, params, marta)
    handoff = flow.callback(query)["Location"]
    flow.city.get(handoff.split("extrema.localhost", 1)[1])
    companies = flow.city.get("/api/v1/citizen/companies/").json()["from_govbr"]
    assert [(c["cnpj"], c["legal"], c["role"]) for c in companies] == [
        (CNPJ, True, "REPRESENTANTE_LEGAL"),
        ("45997418000153", False, "SOCIO"),
    ]
    # Another persona (no company) gets none.
    flow = Flow()
    url, params = flow.to_idp("/cidadao")
    handoff = flow.callback(flow.pick(url, params, 2))["Location"]
    flow.city.get(handoff.split("extrema.localhost", 1)[1])
    assert flow.city.get("/api/v1/citizen/companies/").json()["from_govbr"] == []


# --- the fallback: vinculação a pessoa jurídica with atos constitutivos, staff review ---


def _stage(client, name="contrato-social.pdf"):
    from urllib.parse import urlencode

    from core.files import blank_pdf

    response = client.generic(
        "POST",
        f"/api/v1/citizen/uploads/?{urlencode({'filename': name})}",
        blank_pdf(),
        content_type="application/pdf",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _request(client, uploads, cnpj=CNPJ, name="Padaria Pão de Minas Ltda"):
    return client.post(
        "/api/v1/citizen/company-link-requests/",
        {"cnpj": cnpj, "company_name": name, "uploads": uploads},
        content_type="application/json",
    )


def test_link_request_reviewed_by_staff_approve_replaces_refuse_keeps(city, city_b, citizens):
    from citizens.models import CompanyLinkRequest

    ana = govbr_client(city.tenant, citizens["ana"])
    response = _request(ana, [_stage(ana), _stage(ana, "ata.pdf")])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "pending" and body["cnpj"] == "11.222.333/0001-81"
    with city.ctx():
        row = CompanyLinkRequest.objects.get()
        names = list(
            Document.objects.filter(process=row.process).values_list("original_name", flat=True)
        )
        assert sorted(names) == ["ata.pdf", "contrato-social.pdf"]
        assert row.process.unit_id == city.root.pk
    assert _request(ana, [_stage(ana)]).status_code == 409  # one pending at a time
    # Staff of the receiving unit see it; staff of another unit or city do not.
    clerk = govbr_client(city.tenant, city.clerk_user)
    [pending] = clerk.get("/api/v1/company-link-requests/").json()["results"]
    assert pending["id"] == body["id"]
    other = govbr_client(city.tenant, city.other_user)
    assert other.get("/api/v1/company-link-requests/").json()["results"] == []
    url = f"/api/v1/company-link-requests/{body['id']}"
    assert other.post(f"{url}/approve/").status_code == 404
    outsider = govbr_client(city_b["tenant"], city_b["user"])
    assert outsider.post(f"{url}/approve/").status_code == 404
    # Citizens and anonymous cannot review.
    assert ana.post(f"{url}/approve/").status_code == 403
    assert Client(HTTP_HOST=host_of(city.tenant)).post(f"{url}/approve/").status_code in (401, 403)
    # Refusing needs a reason (pt-BR 400, nothing changed).
    bad = clerk.post(f"{url}/refuse/", {"reason": " "}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "reason_required"
    approved = clerk.post(f"{url}/approve/")
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "approved"
    assert (
        clerk.post(f"{url}/refuse/", {"reason": "x"}, content_type="application/json").status_code
        == 409
    )
    with city.ctx():
        rep = Representation.objects.get(grantor=CNPJ, state="A")
        assert rep.grantee == citizens["ana"].cpf
        assert rep.acts.get().kind == "linked"
    # José asks too; refused with a reason, Ana stays the L.
    jose = govbr_client(city.tenant, citizens["jose"])
    second = _request(jose, [_stage(jose)]).json()
    refused = clerk.post(
        f"/api/v1/company-link-requests/{second['id']}/refuse/",
        {"reason": "Contrato social sem a assinatura dos sócios."},
        content_type="application/json",
    )
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    [mine] = jose.get("/api/v1/citizen/company-link-requests/").json()["results"]
    assert mine["reason"] == "Contrato social sem a assinatura dos sócios."
    # A third person approved: Ana's link becomes substituída, history kept.
    pedro = govbr_client(city.tenant, citizens["pedro"])
    third = _request(pedro, [_stage(pedro)]).json()
    assert clerk.post(f"/api/v1/company-link-requests/{third['id']}/approve/").status_code == 200
    with city.ctx():
        states = dict(Representation.objects.filter(grantor=CNPJ).values_list("grantee", "state"))
        assert states == {citizens["ana"].cpf: "T", citizens["pedro"].cpf: "A"}
    # Nobody else's requests in one's own list.
    assert (
        ana.get("/api/v1/citizen/company-link-requests/").json()["results"][0]["id"] == body["id"]
    )
    assert len(ana.get("/api/v1/citizen/company-link-requests/").json()["results"]) == 1


def test_link_request_bad_input_and_bronze_write_nothing(city, citizens):
    from citizens.models import CompanyLinkRequest

    bronze = govbr_client(city.tenant, citizens["jose"], level="bronze")
    refused = _request(bronze, [])
    assert refused.status_code == 403 and refused.json()["code"] == "trust_level_too_low"
    ana = govbr_client(city.tenant, citizens["ana"])
    upload = _stage(ana)
    for kwargs, code in [
        ({"uploads": [upload], "cnpj": "11222333000100"}, "cnpj_invalid"),
        ({"uploads": [upload], "name": " "}, None),
        ({"uploads": []}, "documents_missing"),
        ({"uploads": ["7d8a2d8e-9b0c-4a5f-8d1e-2f3a4b5c6d7e"]}, "upload_missing"),
    ]:
        response = _request(ana, **kwargs)
        assert response.status_code == 400, (kwargs, response.content)
        if code:
            assert response.json()["code"] == code
    # Another citizen's staged file is not his to use.
    jose = govbr_client(city.tenant, citizens["jose"])
    assert _request(jose, [upload]).status_code == 400
    with city.ctx():
        assert not CompanyLinkRequest.objects.exists()
        assert not Representation.objects.exists()
    assert _request(ana, [upload]).status_code == 201  # still usable by its owner
