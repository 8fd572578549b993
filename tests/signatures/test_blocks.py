"""Blocos de assinatura (issue 17 item 4): GAB builds a block of its drafts, makes it
available to SEAD, SEAD's people read and sign every document in one action (password,
or one gov.br signature API authorisation for the whole block), annotate and return it,
GAB sees each document's signatures and concludes it. Who may do what, from every side:
another municipality, a unit the block was not made available to, a citizen, anonymous;
bad input refused in pt-BR with nothing written."""

from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from core.files import blank_pdf
from core.models import ProcessEvent, Signature, Unit
from core.services import documents as docs
from core.services.processes import create_process
from core.services.staff import add_staff
from signatures.models import (
    SignatureBlock,
    SignatureBlockDocument,
    SignatureBlockEvent,
    SignatureEvidence,
    SignaturePolicy,
)
from signatures.services import blocks
from tests.signatures.test_govbr import authorize, back, stored  # noqa: F401 (fixture)

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/v1/signature-blocks/"
SEAD_CPF = "98765432100"
SEAD2_CPF = "45317828791"


def _person(cpf: str, name: str) -> User:
    return User.objects.create_user(cpf=cpf, name=name, password=PASSWORD, email="x@example.org")


class World:
    """GAB (city.root, Bruno) with a public and a restricted process, each with a draft;
    SEAD with Diana (and Elias); SEOB (Carla) gets nothing."""

    def __init__(self, city, make_user):
        self.city = city
        with city.ctx():
            self.sead = Unit.objects.get_or_create(
                acronym="SEAD",
                defaults={"name": "Secretaria de Administração", "parent": city.root},
            )[0]
            self.diana_user = _person(SEAD_CPF, "Diana Sead")
            self.diana = add_staff(admin=city.admin, cpf=SEAD_CPF, name="Diana Sead",
                                   email="diana@example.org", unit=self.sead)  # fmt: skip
            self.elias_user = _person(SEAD2_CPF, "Elias Sead")
            self.elias = add_staff(admin=city.admin, cpf=SEAD2_CPF, name="Elias Sead",
                                   email="elias@example.org", unit=self.sead)  # fmt: skip
            self.process = create_process(
                staff=city.clerk,
                process_type=city.process_type,
                summary="Obra",
                access_level="public",
            )
            self.restricted = create_process(
                staff=city.clerk,
                process_type=city.process_type,
                summary="Pessoal",
                access_level="restricted",
                legal_basis=city.personal,
            )
            self.oficio = docs.create_internal(
                staff=city.clerk, process=self.process, document_type=city.oficio,
                html="<p>Ofício ao Estado</p>",
            )  # fmt: skip
            self.despacho = docs.create_internal(
                staff=city.clerk, process=self.restricted, document_type=city.despacho,
                html="<p>Despacho reservado</p>",
            )  # fmt: skip

    def client(self, client_for, user):
        return client_for(self.city.tenant, user)


@pytest.fixture
def world(city, make_user):
    return World(city, make_user)


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _built(world, client_for, *, available=True):
    """The block with both drafts (through the API), made available to SEAD."""
    gab = world.client(client_for, world.city.clerk_user)
    created = _post(gab, API, {"description": "Ofícios da semana"})
    assert created.status_code == 201, created.content
    block = created.json()
    assert block["state"] == "open" and block["state_label"] == "Aberto"
    url = f"{API}{block['id']}/"
    added = _post(gab, f"{url}documents/", {"documents": [str(world.oficio.uuid),
                                                          str(world.despacho.uuid)]})  # fmt: skip
    assert added.status_code == 201, added.content
    assert [d["state"] for d in added.json()["documents"]] == ["draft", "draft"]
    if available:
        made = _post(gab, f"{url}make-available/", {"units": [str(world.sead.uuid)]})
        assert made.status_code == 200, made.content
        assert made.json()["state"] == "available"
        assert made.json()["state_label"] == "Disponibilizado"
    return gab, url


def test_gab_builds_sead_signs_everything_with_a_password_and_returns_gab_concludes(
    world, client_for
):
    city = world.city
    gab, url = _built(world, client_for)
    sead = world.client(client_for, world.diana_user)

    # SEAD sees it among the received blocks, reads the drafts (only through the block)
    received = sead.get(API, {"kind": "received"}).json()
    assert [b["description"] for b in received] == ["Ofícios da semana"]
    assert sead.get(API, {"kind": "generated"}).json() == []
    detail = sead.get(url).json()
    assert detail["received"] is True and detail["to_sign"] == 2
    assert set(detail["allowed_actions"]) == {"sign", "annotate", "return"}
    content = sead.get(f"{url}documents/{world.despacho.uuid}/content/")
    assert content.status_code == 200 and b"Despacho reservado" in content.content
    assert sead.get(f"/api/v1/documents/{world.despacho.uuid}/content/").status_code == 404
    assert sead.get(f"/api/v1/documents/{world.oficio.uuid}/content/").status_code == 404

    # while available, GAB cannot change the documents (and is not offered to)
    listed = gab.get(f"/api/v1/processes/{world.process.uuid}/").json()["documents"][0]
    assert "edit" not in listed["allowed_actions"] and "cancel" not in listed["allowed_actions"]
    assert "add_to_block" not in listed["allowed_actions"]
    edit = _post(gab, f"/api/v1/documents/{world.oficio.uuid}/versions/", {"html": "<p>x</p>"})
    assert edit.status_code == 409 and edit.json()["code"] == "document_in_block"
    assert "disponibilizado no bloco de assinatura" in edit.json()["detail"]

    # one action signs both (one wrong password first: nothing signed)
    wrong = _post(sead, f"{url}sign/", {"password": "errada", "role": "Secretária"})
    assert wrong.status_code == 403 and "Senha incorreta" in wrong.json()["detail"]
    with city.ctx():
        assert not Signature.objects.exists()
    signed = _post(sead, f"{url}sign/", {"password": PASSWORD, "role": "Secretária"})
    assert signed.status_code == 201, signed.content
    assert len(signed.json()["signatures"]) == 2
    assert {s["unit"] for s in signed.json()["signatures"]} == {"SEAD"}
    again = _post(sead, f"{url}sign/", {"password": PASSWORD})
    assert again.status_code == 409 and "já assinou todos" in again.json()["detail"]
    with city.ctx():
        for document in (world.oficio, world.despacho):
            [signature] = Signature.objects.filter(document=document)
            assert signature.signer_name == "Diana Sead" and signature.unit.acronym == "SEAD"
            event = ProcessEvent.objects.get(
                action="document_signed", data__document=str(document.uuid)
            )
            assert "assinado em bloco por Diana Sead" in event.description
            assert event.data["block"] == SignatureBlock.objects.get().pk
            assert document.authenticity.code  # checkable by anyone

    # annotate and return
    noted = _post(sead, f"{url}note/", {"note": "Assinados."})
    assert noted.status_code == 200
    returned = _post(sead, f"{url}return/", {"note": "Assinados, devolvo."})
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert _post(sead, f"{url}sign/", {"password": PASSWORD}).status_code == 409

    # GAB: both signed, who signed, the state and the note
    seen = gab.get(url).json()
    assert seen["state"] == "returned" and seen["state_label"] == "Retornado"
    assert [d["state"] for d in seen["documents"]] == ["signed", "signed"]
    assert seen["documents"][0]["signatures"][0]["signer_name"] == "Diana Sead"
    assert seen["documents"][0]["signatures"][0]["level_label"].startswith(
        "Assinatura eletrônica simples"
    )
    assert seen["recipients"][0]["note"] == "Assinados, devolvo."
    assert "Bloco retornado pela unidade SEAD" in [e["description"] for e in seen["events"]]
    # a signed document is never edited again
    listed = gab.get(f"/api/v1/processes/{world.process.uuid}/").json()["documents"][0]
    assert "edit" not in listed["allowed_actions"]
    edit = _post(gab, f"/api/v1/documents/{world.oficio.uuid}/versions/", {"html": "<p>x</p>"})
    assert edit.status_code == 409 and edit.json()["code"] == "document_signed"
    concluded = _post(gab, f"{url}conclude/")
    assert concluded.status_code == 200 and concluded.json()["state"] == "concluded"
    with city.ctx():
        assert not SignatureBlockDocument.objects.filter(active=True).exists()


def test_the_process_screen_offers_include_in_block_for_an_own_unsigned_draft(world, client_for):
    gab = world.client(client_for, world.city.clerk_user)
    doc = gab.get(f"/api/v1/processes/{world.process.uuid}/").json()["documents"][0]
    assert "add_to_block" in doc["allowed_actions"]
    other = world.client(client_for, world.diana_user)
    doc = other.get(f"/api/v1/processes/{world.process.uuid}/").json()["documents"][0]
    assert "add_to_block" not in doc["allowed_actions"]
    # addable blocks of my unit
    _post(gab, API, {"description": "B1"})
    assert [b["description"] for b in gab.get(API, {"state": "open,returned"}).json()] == ["B1"]


def test_cancel_availability_hides_it_from_sead_and_frees_the_documents(world, client_for):
    gab, url = _built(world, client_for)
    sead = world.client(client_for, world.diana_user)
    cancelled = _post(gab, f"{url}cancel-availability/")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "open"
    assert sead.get(url).status_code == 404
    assert sead.get(API, {"kind": "received"}).json() == []
    assert sead.get(f"{url}documents/{world.oficio.uuid}/content/").status_code == 404
    edit = _post(gab, f"/api/v1/documents/{world.oficio.uuid}/versions/", {"html": "<p>v2</p>"})
    assert edit.status_code == 201
    removed = gab.delete(f"{url}documents/{world.oficio.uuid}/")
    assert removed.status_code == 200 and len(removed.json()["documents"]) == 1
    with world.city.ctx():
        assert ProcessEvent.objects.filter(action="document_removed_from_block").count() == 1


def test_nobody_else_sees_or_touches_the_block(world, client_for, city_b):
    city = world.city
    gab, url = _built(world, client_for)
    block_doc = f"{url}documents/{world.oficio.uuid}/content/"
    seob = world.client(client_for, city.other_user)  # a unit it was not made available to
    assert seob.get(url).status_code == 404
    assert seob.get(block_doc).status_code == 404
    assert _post(seob, f"{url}sign/", {"password": PASSWORD}).status_code == 404
    assert _post(seob, f"{url}return/").status_code == 404
    assert seob.get(API, {"kind": "received"}).json() == []
    # SEAD may not do what only GAB does, and vice versa
    sead = world.client(client_for, world.diana_user)
    for path in ("cancel-availability/", "conclude/"):
        answer = _post(sead, f"{url}{path}")
        assert answer.status_code == 403 and answer.json()["code"] == "block_not_your_unit"
    answer = _post(gab, f"{url}sign/", {"password": PASSWORD})
    assert answer.status_code == 403 and answer.json()["code"] == "block_not_recipient"
    # another municipality's staff, on its own host and on ours
    other_city = client_for(city_b["tenant"], city_b["user"])
    assert other_city.get(url).status_code == 404
    assert other_city.get(block_doc).status_code == 404
    assert _post(other_city, f"{url}sign/", {"password": PASSWORD}).status_code == 404
    citizen = User.objects.create_user(cpf="12345678909", name="Cidadão")
    for client in (client_for(city.tenant), client_for(city.tenant, citizen),
                   client_for(city.tenant, city_b["user"])):  # fmt: skip
        assert client.get(API).status_code in (401, 403)
        assert client.get(url).status_code in (401, 403)
        assert client.get(block_doc).status_code in (401, 403)
        assert _post(client, API, {"description": "x"}).status_code in (401, 403)
        assert _post(client, f"{url}sign/", {"password": PASSWORD}).status_code in (401, 403)
        assert _post(client, f"{url}sign/govbr/").status_code in (401, 403)
        assert client.get("/api/v1/signature-settings/").status_code in (401, 403)
    with city.ctx():
        assert not Signature.objects.exists()
        assert SignatureBlock.objects.get().state == "available"


def test_bad_input_is_refused_in_portuguese_and_nothing_is_written(world, client_for):
    city = world.city
    gab = world.client(client_for, city.clerk_user)
    assert _post(gab, API, {"description": "   "}).status_code == 400
    long = _post(gab, API, {"description": "x" * 201})
    assert long.status_code == 400
    assert gab.get(API, {"kind": "todos"}).status_code == 400
    assert gab.get(API, {"state": "fechado"}).status_code == 400
    block = _post(gab, API, {"description": "Bloco"}).json()
    url = f"{API}{block['id']}/"
    empty = _post(gab, f"{url}make-available/", {"units": [str(world.sead.uuid)]})
    assert empty.status_code == 400 and "Inclua ao menos um documento" in empty.json()["detail"]
    assert _post(gab, f"{url}documents/", {"documents": []}).status_code == 400
    assert _post(gab, f"{url}documents/", {"documents": ["nao-e-uuid"]}).status_code == 400
    with city.ctx():
        upload = docs.upload_external(
            staff=city.clerk, process=world.process, document_type=city.anexo,
            upload=SimpleUploadedFile("a.pdf", blank_pdf(1), "application/pdf"),
        )  # fmt: skip
        signed = docs.create_internal(
            staff=city.clerk, process=world.process, document_type=city.despacho, html="<p>s</p>"
        )
        docs.sign(staff=city.clerk, user=city.clerk_user, documents=[signed], password=PASSWORD)
        seob_process = create_process(
            staff=city.other, process_type=city.process_type, summary="SEOB", access_level="public"
        )
        seob_doc = docs.create_internal(
            staff=city.other, process=seob_process, document_type=city.despacho, html="<p>o</p>"
        )
        secret = create_process(
            staff=city.clerk, process_type=city.process_type, summary="S",
            access_level="secret", legal_basis=city.secret_basis,
        )  # fmt: skip
        secret_doc = docs.create_internal(
            staff=city.clerk, process=secret, document_type=city.despacho, html="<p>s</p>"
        )
    refusals = {
        upload: "Só documentos gerados no sistema",
        signed: "já foi assinado",
        seob_doc: "Só a unidade que gerou o documento",
        secret_doc: "processo sigiloso",
    }
    for document, text in refusals.items():
        answer = _post(gab, f"{url}documents/", {"documents": [str(world.oficio.uuid),
                                                               str(document.uuid)]})  # fmt: skip
        assert 400 <= answer.status_code < 500, (document, answer.content)
        if answer.status_code != 404:  # (SEOB's draft: GAB may see the public process)
            assert text in answer.json()["detail"], answer.json()
    with city.ctx():
        assert not SignatureBlockDocument.objects.exists()  # all or nothing
    assert (
        _post(gab, f"{url}documents/", {"documents": [str(world.oficio.uuid)]}).status_code == 201
    )
    twice = _post(gab, f"{url}documents/", {"documents": [str(world.oficio.uuid)]})
    assert twice.status_code == 409 and "já está neste bloco" in twice.json()["detail"]
    other = _post(gab, API, {"description": "Outro"}).json()
    elsewhere = _post(
        gab, f"{API}{other['id']}/documents/", {"documents": [str(world.oficio.uuid)]}
    )
    assert (
        elsewhere.status_code == 409
        and "já está no bloco de assinatura nº" in elsewhere.json()["detail"]
    )
    own = _post(gab, f"{url}make-available/", {"units": [str(city.root.uuid)]})
    assert own.status_code == 400 and "não à que o gerou" in own.json()["detail"]
    unknown = _post(
        gab, f"{url}make-available/", {"units": ["9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"]}
    )
    assert unknown.status_code == 400 and unknown.json()["detail"] == "Unidade não encontrada."
    assert _post(gab, f"{url}make-available/", {"units": []}).status_code == 400
    assert _post(gab, f"{url}return/").status_code == 403  # not a recipient
    assert _post(gab, f"{url}cancel-availability/").status_code == 409
    too_long = _post(gab, f"{url}make-available/", {"units": [str(world.sead.uuid)]})
    assert too_long.status_code == 200
    sead = world.client(client_for, world.diana_user)
    note = _post(sead, f"{url}note/", {"note": "x" * 1001})
    assert note.status_code == 400
    assert _post(sead, f"{url}sign/", {"method": "carimbo"}).status_code == 400
    with city.ctx():
        assert SignatureBlock.objects.get(uuid=block["id"]).recipients.get().note == ""
        assert not Signature.objects.exclude(document=signed).exists()


def test_each_documents_minimum_level_holds_in_a_block(world, client_for):
    city = world.city
    _gab, url = _built(world, client_for)
    with city.ctx():
        SignaturePolicy.objects.create(
            document_type=city.oficio, minimum_level="advanced", updated_by_id=1
        )
    sead = world.client(client_for, world.diana_user)
    refused = _post(sead, f"{url}sign/", {"password": PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "signature_level_required"
    assert "exige assinatura eletrônica avançada" in refused.json()["detail"]
    with city.ctx():
        assert not Signature.objects.exists()
        assert not SignatureBlockEvent.objects.filter(action="signed").exists()


def _govbr(client, level="prata"):
    session = client.session
    session.update({"auth_method": "govbr", "auth_level": level, "auth_amr": ["passwd"]})
    session.save()
    return client


def _counters() -> dict:
    return httpx.get(f"{settings.ITI_AUTH_URL}/_fake/state", timeout=10).json()["counters"]


def test_sead_signs_the_whole_block_with_one_govbr_authorisation(world, client_for):
    city = world.city
    gab, url = _built(world, client_for)
    with city.ctx():
        SignaturePolicy.objects.create(
            document_type=city.oficio, minimum_level="advanced", updated_by_id=1
        )
    sead = _govbr(world.client(client_for, world.diana_user))
    before = _counters()
    started = _post(sead, f"{url}sign/govbr/", {"role": "Secretária", "return_path": "/blocos/x"})
    assert started.status_code == 201, started.content
    query = dict(parse_qsl(urlsplit(started.json()["authorize_url"]).query))
    assert query["scope"] == "signature_session govbr"
    done = back(sead, authorize(started.json()["authorize_url"], cpf=SEAD_CPF))
    assert done.status_code == 302 and done["Location"] == "/blocos/x?assinatura=2"
    after = _counters()
    assert after["token"] - before["token"] == 1  # one authorisation for the block
    with city.ctx():
        signatures = list(Signature.objects.all())
        assert len(signatures) == 2 and {s.method for s in signatures} == {"govbr_iti"}
        assert {s.unit.acronym for s in signatures} == {"SEAD"}
        assert SignatureEvidence.objects.count() == 2
        events = ProcessEvent.objects.filter(action="document_signed")
        assert all("assinado em bloco por Diana Sead" in e.description for e in events)
        assert SignatureBlockEvent.objects.filter(action="signed").count() == 1
    seen = gab.get(url).json()
    levels = {s["level"] for d in seen["documents"] for s in d["signatures"]}
    assert levels == {"advanced"}
    # a bronze account is stopped before the authorisation screen
    bronze = _govbr(world.client(client_for, world.elias_user), level="bronze")
    refused = _post(bronze, f"{url}sign/govbr/")
    assert refused.status_code == 403 and "prata" in refused.json()["detail"]
    # a password session is told to use gov.br
    plain = world.client(client_for, world.elias_user)
    refused = _post(plain, f"{url}sign/govbr/")
    assert refused.status_code == 403 and refused.json()["code"] == "govbr_login_required"


def test_a_block_signs_at_the_qualified_level_where_a_type_requires_it(world, client_for):
    """The block's sign action takes `level: qualified` (ICP-Brasil cloud certificate,
    scope icp_brasil); the level stored comes from the certificate."""
    city = world.city
    gab, url = _built(world, client_for)
    with city.ctx():
        SignaturePolicy.objects.create(
            document_type=city.oficio, minimum_level="qualified", updated_by_id=1
        )
    sead = _govbr(world.client(client_for, world.diana_user))
    refused = _post(sead, f"{url}sign/govbr/")  # advanced is not enough for the Ofício
    assert refused.status_code == 403 and "ICP-Brasil" in refused.json()["detail"]
    started = _post(sead, f"{url}sign/govbr/", {"level": "qualified", "return_path": "/b"})
    assert started.status_code == 201, started.content
    query = dict(parse_qsl(urlsplit(started.json()["authorize_url"]).query))
    assert query["scope"] == "signature_session icp_brasil"
    done = back(sead, authorize(started.json()["authorize_url"], cpf=SEAD_CPF))
    assert done.status_code == 302, done.content.decode()
    with city.ctx():
        assert Signature.objects.count() == 2
        assert set(SignatureEvidence.objects.values_list("level", flat=True)) == {"qualified"}
    seen = gab.get(url).json()
    assert {s["level"] for d in seen["documents"] for s in d["signatures"]} == {"qualified"}
    assert {s["method_label"] for d in seen["documents"] for s in d["signatures"]} == {
        "Certificado digital ICP-Brasil em nuvem (API de assinatura do ITI)"
    }
    bad = _post(sead, f"{url}sign/govbr/", {"level": "ouro"})
    assert bad.status_code == 400


def test_a_block_returned_while_an_authorisation_was_out_signs_nothing(
    world,
    client_for,
    stored,  # noqa: F811
):
    city = world.city
    _, url = _built(world, client_for)
    sead = _govbr(world.client(client_for, world.diana_user))
    started = _post(sead, f"{url}sign/govbr/").json()
    location = authorize(started["authorize_url"], cpf=SEAD_CPF)
    assert _post(world.client(client_for, world.elias_user), f"{url}return/").status_code == 200
    answer = back(sead, location)
    assert answer.status_code == 409
    assert "não está disponibilizado" in answer.content.decode()
    with city.ctx():
        assert not Signature.objects.exists()
        assert not SignatureEvidence.objects.exists()
    assert stored() == []  # the .p7s and certificate written meanwhile are gone


def test_signing_settings_are_set_by_the_municipal_admin(world, client_for, city_b):
    city = world.city
    url = "/api/v1/signature-settings/"
    clerk = world.client(client_for, city.clerk_user)
    assert clerk.get(url).json() == {
        "password_allowed": True, "advanced_default": False, "advanced_available": True,
        "qualified_available": True,
    }  # fmt: skip
    body = {"advanced_default": True, "password_allowed": False}
    refused = clerk.put(url, body, content_type="application/json")
    assert refused.status_code == 403 and "administrador municipal" in refused.json()["detail"]
    admin = world.client(client_for, city.admin_user)
    bad = admin.put(url, {"advanced_default": "talvez"}, content_type="application/json")
    assert bad.status_code == 400
    try:
        saved = admin.put(url, body, content_type="application/json")
        assert saved.status_code == 200 and saved.json()["advanced_default"] is True
        assert clerk.get(url).json()["password_allowed"] is False
        # the other city is untouched
        other = client_for(city_b["tenant"], city_b["user"]).get(url).json()
        assert other["advanced_default"] is False and other["password_allowed"] is True
        # password signing is now refused, in a block too
        _gab, block_url = _built(world, client_for)
        sead = world.client(client_for, world.diana_user)
        answer = _post(sead, f"{block_url}sign/", {"password": PASSWORD})
        assert answer.status_code == 403 and answer.json()["code"] == "password_signing_disabled"
    finally:
        from tenants.models import Tenant

        Tenant.objects.filter(pk=city.tenant.pk).update(
            advanced_signing_default=False, allow_password_signing=True
        )


def test_services_refuse_transitions_out_of_order(world):
    city = world.city
    with city.ctx():
        block = blocks.create_block(staff=city.clerk, description="Bloco")
        for action in ("cancel_availability", "return"):
            with pytest.raises(Exception) as refused:
                if action == "return":
                    blocks.return_block(staff=world.diana, block=block)
                else:
                    blocks.cancel_availability(staff=city.clerk, block=block)
            assert refused.value.http_status in (403, 409)
        blocks.add_documents(staff=city.clerk, block=block, documents=[world.oficio])
        blocks.conclude(staff=city.clerk, block=block)
        with pytest.raises(Exception) as refused:
            blocks.make_available(staff=city.clerk, block=block, units=[world.sead])
        assert refused.value.http_status == 409
        # concluded: the document may go to a new block
        again = blocks.create_block(staff=city.clerk, description="Outro")
        blocks.add_documents(staff=city.clerk, block=again, documents=[world.oficio])


def test_the_block_view_reads_a_fixed_number_of_queries(world, client_for):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    city = world.city
    gab, url = _built(world, client_for, available=False)

    def count():
        with CaptureQueriesContext(conn) as queries:
            assert gab.get(url).status_code == 200
        return len(queries)

    few = count()
    with city.ctx():
        more = [
            docs.create_internal(
                staff=city.clerk,
                process=world.process,
                document_type=city.despacho,
                html="<p>d</p>",
            )
            for _ in range(4)
        ]
    assert (
        _post(gab, f"{url}documents/", {"documents": [str(d.uuid) for d in more]}).status_code
        == 201
    )
    _post(gab, f"{url}make-available/", {"units": [str(world.sead.uuid)]})
    _post(world.client(client_for, world.diana_user), f"{url}sign/", {"password": PASSWORD})
    assert count() <= few
