"""Signatures anyone can check (issue 17), in the browser: a clerk signs a draft with the
gov.br advanced signature through the local fake ITI, sees its level and the código
verificador, and the public page confirms the document; a password session is refused
with the server's pt-BR message; the municipal admin sets a type's minimum level."""

import re

import pytest

from tests.browser.conftest import axe, shot
from tests.browser.test_screens import ADMIN, CLERK, _base, open_section, sign_in
from tests.core.conftest import city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADVANCED = "Assinar com gov.br (assinatura avançada)"
LEVEL = "Assinatura eletrônica avançada (gov.br)"


def draft_process(city):  # noqa: F811 (the fixture imported above)
    """GAB's open process with an unsigned despacho."""
    from core.services.documents import create_internal
    from core.services.processes import create_process

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Licença para evento na praça",
            access_level="public",
        )
        despacho = create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.despacho,
            html="<p>Autorizo o evento na praça central.</p>",
        )
        return process, str(despacho)


def govbr_sign_in(page, base: str, *, cpf: str, name: str, level: str) -> None:
    """Through the fake gov.br Login Único, as "another person" with the given level."""
    page.goto(f"{base}/")
    page.get_by_text("Entrar com gov.br").click()
    page.get_by_label("CPF").fill(cpf)
    page.get_by_label("Nome").fill(name)
    page.get_by_label("Nível").select_option(level)
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.get_by_test_id("user-name").wait_for()


def open_sign_dialog(page, base: str, process, label: str):
    page.goto(f"{base}/processos/{process.uuid}")
    page.get_by_test_id("tree").get_by_role("button", name=label).click()
    page.get_by_test_id("document-pane").get_by_role("heading", name=label).wait_for()
    page.get_by_role("button", name="Assinar documento").click()
    return page.get_by_role("dialog", name="Assinar documento")


def test_clerk_signs_with_govbr_advanced_signature_and_anyone_can_check_it(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    process, despacho = draft_process(city)
    base = _base(live_server)
    context = browser.new_context()
    page = context.new_page()
    govbr_sign_in(page, base, cpf="11144477735", name="Bruno Servidor", level="gold")

    dialog = open_sign_dialog(page, base, process, despacho)
    dialog.get_by_role("button", name=ADVANCED).wait_for()
    axe(page)
    shot(page, "signatures-sign-dialog", full_page=False)
    dialog.get_by_label("Cargo").fill("Secretário de Governo")
    dialog.get_by_role("button", name=ADVANCED).click()

    # The fake ITI's authorisation screen (gov.br's in production): who signs.
    page.get_by_role("button", name="Bruno Servidor (gold)").click()

    # Back on the process, with the signed document selected and named.
    page.get_by_test_id("signed-advanced").get_by_text(
        f"{despacho} assinado com gov.br (assinatura avançada)."
    ).wait_for()
    assert page.url.startswith(f"{base}/processos/{process.uuid}")
    assert "assinatura=" not in page.url
    pane = page.get_by_test_id("document-pane")
    signature = pane.get_by_test_id("signature")
    signature.get_by_text(LEVEL).wait_for()
    assert "Bruno Servidor" in signature.inner_text()
    block = pane.get_by_test_id("authenticity")
    block.get_by_role("heading", name="Autenticidade").wait_for()
    text = block.inner_text()
    assert "Código verificador" in text and "Código CRC" in text
    code = block.get_by_test_id("verification-code").inner_text().strip()
    crc = block.get_by_test_id("verification-crc").inner_text().strip()
    assert re.fullmatch(r"\d{10}", code), code
    assert re.fullmatch(r"[0-9A-F]{8}", crc, re.IGNORECASE), crc
    block.get_by_role("link", name=f"Baixar PDF assinado de {despacho}").wait_for()
    check = block.get_by_role("link", name=re.compile("Conferir autenticidade"))
    assert code in (check.get_attribute("href") or "")
    axe(page)
    shot(page, "signatures-signed-advanced")

    # "Baixar PDF assinado" is the signed PDF (fetched the way the link would).
    href = block.get_by_test_id("signed-pdf").get_attribute("href")
    head = page.evaluate(
        """async (url) => { const r = await fetch(url);
            const bytes = new Uint8Array(await r.arrayBuffer());
            return [r.status, r.headers.get("content-type"),
                    String.fromCharCode(...bytes.slice(0, 5))]; }""",
        href,
    )
    assert head == [200, "application/pdf", "%PDF-"], head

    # Anyone: the public page, with the code and CRC typed in.
    public = browser.new_context().new_page()
    public.goto(f"{base}/conferir-autenticidade/")
    public.get_by_label("Código verificador").fill(code)
    public.get_by_label("Código CRC").fill(crc)
    public.get_by_role("button", name="Conferir", exact=True).click()
    public.get_by_text("Documento autêntico.").wait_for()
    answer = public.locator("body").inner_text()
    assert "Bruno Servidor" in answer and LEVEL in answer
    public.context.close()
    context.close()


@pytest.mark.allow_http((403, "/api/v1/signatures/govbr/"))
def test_password_session_is_told_to_sign_in_with_govbr(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    process, despacho = draft_process(city)
    base = _base(live_server)
    sign_in(page, base, CLERK)
    dialog = open_sign_dialog(page, base, process, despacho)
    dialog.get_by_role("button", name=ADVANCED).click()
    dialog.get_by_text(
        "Para assinar com o certificado gov.br, entre no sistema com a sua conta gov.br."
    ).wait_for()
    assert page.url.startswith(f"{base}/processos/")  # nothing left the page
    axe(page)


def test_admin_sets_the_minimum_signature_level_of_a_document_type(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    from signatures.models import SignaturePolicy

    try:
        base = _base(live_server)
        sign_in(page, base, ADMIN)
        open_section(page, "Administração")
        page.locator(".pm-admin-nav").get_by_role("link", name="Tipos de documento").click()
        card = page.get_by_test_id("signature-levels")
        card.get_by_role("heading", name="Nível mínimo de assinatura").wait_for()
        card.get_by_role("button", name="Salvar nível").click()
        card.get_by_text("Escolha o tipo de documento.").wait_for()
        card.get_by_label("Tipo de documento").select_option(label="Ofício")
        card.get_by_label("Nível mínimo").select_option(label=LEVEL)
        card.get_by_role("button", name="Salvar nível").click()
        card.get_by_text(f"Nível mínimo de “Ofício”: {LEVEL}.").wait_for()
        axe(page)
        shot(page, "signatures-admin-levels")
        with city.ctx():
            policy = SignaturePolicy.objects.get(document_type=city.oficio)
            assert policy.minimum_level == "advanced"
    finally:
        # The browser tests share one database: later tests sign ofícios with a password.
        with city.ctx():
            SignaturePolicy.objects.filter(document_type=city.oficio).delete()


QUALIFIED = "Assinatura qualificada (ICP-Brasil, certificado em nuvem)"
QUALIFIED_LEVEL = "Assinatura eletrônica qualificada (ICP-Brasil)"


def test_clerk_signs_a_type_requiring_qualified_with_an_icp_brasil_certificate(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    """A Despacho set to qualified: the clerk picks the qualified option, authorises it on
    the (fake) ITI with the ICP-Brasil cloud certificate, and the viewer's Autenticidade
    block shows the qualified level — which the server took from the certificate."""
    from signatures.models import Level, SignatureEvidence, SignaturePolicy

    process, despacho = draft_process(city)
    with city.ctx():
        SignaturePolicy.objects.create(
            document_type=city.despacho, minimum_level=Level.QUALIFIED, updated_by_id=0
        )
    context = browser.new_context()
    try:
        base = _base(live_server)
        page = context.new_page()
        govbr_sign_in(page, base, cpf="11144477735", name="Bruno Servidor", level="gold")
        dialog = open_sign_dialog(page, base, process, despacho)
        dialog.get_by_role("button", name=QUALIFIED).wait_for()
        axe(page)
        shot(page, "signatures-sign-dialog-qualified", full_page=False)
        dialog.get_by_role("button", name=QUALIFIED).click()

        # The fake ITI's authorisation screen: the ICP-Brasil cloud certificate.
        page.get_by_text("ICP-Brasil em nuvem").wait_for()
        page.get_by_role("button", name="Bruno Servidor (gold)").click()

        page.get_by_test_id("signed-advanced").get_by_text(
            f"{despacho} assinado com certificado ICP-Brasil (assinatura qualificada)."
        ).wait_for()
        assert "nivel=" not in page.url and "assinatura=" not in page.url
        pane = page.get_by_test_id("document-pane")
        pane.get_by_test_id("signature").get_by_text(QUALIFIED_LEVEL).wait_for()
        block = pane.get_by_test_id("authenticity")
        block.get_by_role("heading", name="Autenticidade").wait_for()
        assert QUALIFIED_LEVEL in block.inner_text()
        axe(page)
        shot(page, "signatures-signed-qualified")
        with city.ctx():
            assert SignatureEvidence.objects.get().level == "qualified"
    finally:
        context.close()
        with city.ctx():
            SignaturePolicy.objects.filter(document_type=city.despacho).delete()
