"""Blocos de assinatura in the browser (issue 17 item 4): GAB builds a block of two
drafts from the process screen and makes it available to SEAD; SEAD's servidora reads
them and signs both with one gov.br authorisation (the local fake ITI); she returns the
block; GAB sees both documents signed (level avançada) and the block returned, and the
documents' editor is gone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, shot
from tests.browser.test_screens import CLERK, _base, open_section, sign_in
from tests.browser.test_signatures import govbr_sign_in
from tests.core.conftest import PASSWORD, city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEAD_CPF = "98765432100"
LEVEL = "Assinatura eletrônica avançada (gov.br)"
INCLUDE = "Incluir em bloco de assinatura"


def _setup(city):  # noqa: F811
    from accounts.models import User
    from core.models import Unit
    from core.services.documents import create_internal
    from core.services.processes import create_process
    from core.services.staff import add_staff

    User.objects.create_user(cpf=SEAD_CPF, name="Diana Sead", password=PASSWORD)
    with city.ctx():
        sead = Unit.objects.create(name="Secretaria de Administração", acronym="SEAD",
                                   parent=city.root)  # fmt: skip
        add_staff(admin=city.admin, cpf=SEAD_CPF, name="Diana Sead", email="diana@example.org",
                  unit=sead)  # fmt: skip
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Convênio com o Estado",
            access_level="public",
        )
        oficio = create_internal(staff=city.clerk, process=process, document_type=city.oficio,
                                 html="<p>Ofício ao Estado sobre o convênio.</p>")  # fmt: skip
        despacho = create_internal(staff=city.clerk, process=process, document_type=city.despacho,
                                   html="<p>De acordo com o convênio.</p>")  # fmt: skip
    return process, str(oficio), str(despacho)


def _include(page, label: str, *, new_block: str = "") -> None:
    page.get_by_test_id("tree").get_by_role("button", name=label).click()
    page.get_by_test_id("document-pane").get_by_role("heading", name=label).wait_for()
    page.get_by_test_id("toolbar").get_by_role("button", name=INCLUDE).click()
    dialog = page.get_by_role("dialog", name=INCLUDE)
    if new_block:
        dialog.get_by_label("Descrição do novo bloco").fill(new_block)
    dialog.get_by_role("button", name=INCLUDE).click()
    dialog.get_by_text(f"{label} incluído no bloco de assinatura nº").wait_for()


def test_gab_builds_a_block_sead_signs_it_with_one_govbr_authorisation_and_returns_it(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    process, oficio, despacho = _setup(city)
    base = _base(live_server)

    # GAB: both drafts into a new block, from the process screen
    gab = browser.new_context().new_page()
    sign_in(gab, base, CLERK)
    gab.goto(f"{base}/processos/{process.uuid}")
    gab.get_by_test_id("tree").get_by_role("button", name=oficio).click()
    gab.locator(".pm-editor-box").wait_for()  # a draft of GAB: its editor is there
    _include(gab, oficio, new_block="Convênio: ofício e despacho")
    axe(gab)
    shot(gab, "blocks-include-dialog", full_page=False)
    dialog = gab.get_by_role("dialog", name=INCLUDE)
    dialog.get_by_role("button", name="Fechar").click()
    gab.get_by_test_id("process-notice").get_by_text(f"{oficio} incluído no bloco").wait_for()
    _include(gab, despacho)  # the open block is offered first
    gab.get_by_role("dialog", name=INCLUDE).get_by_role("link", name="Abrir o bloco").click()

    # the block: two documents, not signed; make it available to SEAD
    detail = gab.get_by_test_id("block-detail")
    detail.get_by_role("heading", name="Bloco de assinatura nº").wait_for()
    assert detail.get_by_test_id("block-state").inner_text() == "Aberto"
    rows = detail.get_by_test_id("block-document")
    assert rows.count() == 2 and rows.nth(0).get_attribute("data-state") == "draft"
    detail.get_by_role("button", name="Disponibilizar").click()
    available = gab.get_by_role("dialog", name="Disponibilizar bloco")
    available.get_by_role("button", name="Disponibilizar").click()
    available.get_by_text("Escolha ao menos uma unidade.").wait_for()
    available.get_by_label("SEAD — Secretaria de Administração").check()
    axe(gab)
    available.get_by_role("button", name="Disponibilizar").click()
    detail.get_by_text("Bloco disponibilizado para SEAD.").wait_for()
    assert detail.get_by_test_id("block-state").inner_text() == "Disponibilizado"
    axe(gab)
    shot(gab, "blocks-detail-available")

    # SEAD: received, read, sign both with one gov.br authorisation, return
    sead_context = browser.new_context()
    sead = sead_context.new_page()
    govbr_sign_in(sead, base, cpf=SEAD_CPF, name="Diana Sead", level="gold")
    open_section(sead, "Blocos de assinatura")
    sead.get_by_role("tab", name="Recebidos").click()
    listing = sead.get_by_test_id("block-list")
    listing.get_by_role("link", name="Convênio: ofício e despacho").wait_for()
    assert "Disponibilizado" in listing.inner_text() and "GAB" in listing.inner_text()
    axe(sead)
    shot(sead, "blocks-list-received")
    listing.get_by_role("link", name="Convênio: ofício e despacho").click()
    block = sead.get_by_test_id("block-detail")
    block.get_by_text("2 documentos aguardam a sua assinatura.").wait_for()
    block.get_by_role("button", name=f"Ler {despacho}").click()
    frame = sead.frame_locator("[data-testid=block-reader] iframe")
    frame.get_by_text("De acordo com o convênio.").wait_for()
    axe(sead)
    shot(sead, "blocks-received")
    block.get_by_role("button", name="Assinar bloco").click()
    sign = sead.get_by_role("dialog", name="Assinar bloco")
    sign.get_by_text("Você vai assinar os 2 documentos deste bloco.").wait_for()
    axe(sead)
    shot(sead, "blocks-sign-dialog", full_page=False)
    sign.get_by_label("Cargo ou função").fill("Secretária de Administração")
    sign.get_by_role("button", name="Assinar com gov.br (assinatura avançada)").click()
    # the fake ITI's authorisation screen: who signs (one authorisation, two hashes)
    sead.get_by_role("textbox", name="CPF").fill(SEAD_CPF)
    sead.get_by_role("textbox", name="Nome").fill("Diana Sead")
    sead.get_by_label("Nível").select_option("gold")
    sead.get_by_role("button", name="Autorizar").click()
    block = sead.get_by_test_id("block-detail")
    block.get_by_text(
        "2 documentos do bloco assinados com gov.br (assinatura avançada)."
    ).wait_for()
    assert "assinatura=" not in sead.url
    block.get_by_text("Você já assinou todos os documentos deste bloco.").wait_for()
    block.get_by_role("button", name="Retornar bloco").click()
    give_back = sead.get_by_role("dialog", name="Retornar bloco")
    give_back.get_by_label("Anotação (opcional)").fill("Assinados pela SEAD.")
    give_back.get_by_role("button", name="Retornar bloco").click()
    block.get_by_text("Bloco retornado à unidade geradora.").wait_for()
    assert block.get_by_test_id("block-state").inner_text() == "Retornado"
    axe(sead)
    sead_context.close()

    # GAB: both signed by SEAD (avançada), the block returned with SEAD's note
    gab.reload()
    detail = gab.get_by_test_id("block-detail")
    detail.get_by_test_id("block-state").get_by_text("Retornado").wait_for()
    rows = detail.get_by_test_id("block-document")
    for i in range(2):
        assert rows.nth(i).get_attribute("data-state") == "signed"
        text = rows.nth(i).get_by_test_id("block-signatures").inner_text()
        assert "Diana Sead (SEAD)" in text and LEVEL in text
    detail.get_by_test_id("block-notes").get_by_text("Assinados pela SEAD.").wait_for()
    history = detail.get_by_test_id("block-history").inner_text()
    assert "Diana Sead assinou 2 documento(s) do bloco" in history
    assert "Bloco retornado pela unidade SEAD" in history
    axe(gab)
    shot(gab, "blocks-detail-returned")

    # the documents: signed in the block, their editor gone, the history says so
    gab.goto(f"{base}/processos/{process.uuid}")
    gab.get_by_test_id("tree").get_by_role("button", name=oficio).click()
    pane = gab.get_by_test_id("document-pane")
    pane.get_by_test_id("signature").first.wait_for()
    assert gab.locator(".pm-editor-box").count() == 0
    assert gab.get_by_test_id("toolbar").get_by_role("button", name=INCLUDE).count() == 0
    gab.get_by_role("tab", name="Histórico").click()
    gab.get_by_test_id("history").get_by_text(
        f"Documento {oficio} assinado em bloco por Diana Sead"
    ).first.wait_for()
    gab.context.close()


def test_the_city_makes_the_advanced_signature_the_default_and_turns_passwords_off(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    from tenants.models import Tenant
    from tests.browser.test_screens import ADMIN

    process, oficio, _ = _setup(city)
    base = _base(live_server)
    try:
        admin = browser.new_context().new_page()
        sign_in(admin, base, ADMIN)
        open_section(admin, "Administração")
        admin.locator(".pm-admin-nav").get_by_role("link", name="Tipos de documento").click()
        card = admin.get_by_test_id("signing-defaults")
        card.get_by_role("heading", name="Como se assina nesta prefeitura").wait_for()
        card.get_by_label("Assinatura avançada gov.br como padrão").check()
        card.get_by_label("Permitir assinatura com a senha do sistema").uncheck()
        card.get_by_role("button", name="Salvar").click()
        card.get_by_text("Forma de assinatura salva.").wait_for()
        axe(admin)
        shot(admin, "signatures-admin-defaults")
        admin.context.close()
        tenant = Tenant.objects.get(pk=city.tenant.pk)
        assert tenant.advanced_signing_default and not tenant.allow_password_signing

        # the clerk's sign dialog: gov.br avançada first, no password
        clerk = browser.new_context().new_page()
        sign_in(clerk, base, CLERK)  # (logging in with the password is still allowed)
        clerk.goto(f"{base}/processos/{process.uuid}")
        clerk.get_by_test_id("tree").get_by_role("button", name=oficio).click()
        clerk.get_by_test_id("document-pane").get_by_role("heading", name=oficio).wait_for()
        clerk.get_by_role("button", name="Assinar documento").click()
        dialog = clerk.get_by_role("dialog", name="Assinar documento")
        advanced = dialog.get_by_role("button", name="Assinar com gov.br (assinatura avançada)")
        advanced.wait_for()
        expect(advanced).to_have_class(re.compile(r"\bprimary\b"))  # once the city's choice is read
        expect(dialog.get_by_label("Senha")).to_have_count(0)
        assert dialog.get_by_role("button", name="Confirmar assinatura").count() == 0
        axe(clerk)
        shot(clerk, "signatures-sign-dialog-advanced-default", full_page=False)
        clerk.context.close()
    finally:
        Tenant.objects.filter(pk=city.tenant.pk).update(
            advanced_signing_default=False, allow_password_signing=True
        )
