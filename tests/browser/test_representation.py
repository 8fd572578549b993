"""Representation in the browser (issue 16 item 5): a prata citizen whom gov.br names
responsável legal of the demo company links herself to it, grants a procuração simples
for one of the company's processes to a second citizen, who sees the company's process
and the procuração's scope, then renounces it; a bronze citizen reads why he may not
and how to raise his level. Headless Chromium against the real stack, axe, screenshots
(also at 375 px)."""

import datetime as dt

import pytest

from tests.browser.conftest import axe, shot
from tests.browser.test_citizens import sign_in_govbr
from tests.core.conftest import city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARTA = "Responsável legal de empresa (prata) — Marta Empresária"
PEDRO = "Cidadão (prata) — Pedro Procurador"
JOSE = "Cidadão (bronze) — José Cidadão"
COMPANY = "Padaria Pão de Minas Ltda"
CNPJ = "11222333000181"


@pytest.fixture
def representations_cleanup(city):  # noqa: F811
    """The browser tests share one database: the representation rows (which reference
    no process, so the process TRUNCATE leaves them) go after the test."""
    yield
    from citizens.models import (
        CompanyLinkRequest,
        Representation,
        RepresentationAct,
        RepresentationControl,
    )

    with city.ctx():
        CompanyLinkRequest.objects.all().delete()
        RepresentationAct.objects.all().delete()
        RepresentationControl.objects.all().delete()
        Representation.objects.all().delete()


def test_link_as_responsavel_legal_grant_a_procuracao_and_the_outorgado_renounces_it(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    representations_cleanup,
    page_watch,
):
    from core.numbering import format_number
    from core.services.processes import create_process

    with city.ctx():
        company_process = create_process(
            staff=city.clerk, process_type=city.process_type, summary="Alvará de funcionamento",
            access_level="public", parties=[{"document": CNPJ, "name": COMPANY}],
        )  # fmt: skip
    number = format_number(company_process.number)
    port = int(live_server.url.rsplit(":", 1)[1])

    # Marta: gov.br says she is the company's responsável legal; she links herself.
    context, page = sign_in_govbr(browser, port, MARTA)
    page.get_by_role("link", name="Representações").click()
    page.get_by_role("heading", name="Representações", exact=True).wait_for()
    govbr = page.get_by_test_id("govbr-companies")
    govbr.get_by_text("Mercearia Boa Vista Ltda").wait_for()
    assert "não indica você como responsável legal (atuação: sócio)" in govbr.inner_text()
    axe(page)
    shot(page, "representation-companies")
    govbr.get_by_role("button", name=f"Vincular-se como responsável legal de {COMPANY}").click()
    dialog = page.get_by_test_id("confirm-dialog")
    dialog.get_by_text("CNPJ 11.222.333/0001-81").wait_for()
    axe(page)
    dialog.get_by_role("button", name="Vincular-me").click()
    page.get_by_text(f"Você agora é responsável legal de {COMPANY} neste município.").wait_for()
    govbr.get_by_text("Vinculado").wait_for()
    assert COMPANY in page.get_by_test_id("companies").inner_text()

    # Meus processos "em nome de" the company shows its process.
    page.get_by_role("link", name="Meus processos").click()
    page.get_by_label("Processos de").select_option(CNPJ)
    page.get_by_test_id("my-processes").get_by_role("link", name=number).wait_for()
    axe(page)
    shot(page, "representation-acting-for-company")

    # Outorgar procuração simples, for that process only, until a date.
    page.get_by_role("link", name="Representações").click()
    page.get_by_role("link", name="Outorgar procuração").click()
    form = page.get_by_test_id("grant-form")
    form.get_by_role("heading", name="Outorgar procuração eletrônica").wait_for()
    # Nothing filled: the form says what is missing, in Portuguese.
    form.get_by_role("button", name="Outorgar procuração").click()
    form.get_by_text("Escolha ao menos um poder.").wait_for()
    axe(page)
    form.get_by_label("Outorgante (em nome de quem)").select_option(CNPJ)
    form.get_by_label("CPF do procurador").fill("25814736909")
    assert form.get_by_label("CPF do procurador").input_value() == "258.147.369-09"
    form.get_by_label("Nome do procurador").fill("Pedro")
    form.get_by_label("Peticionar (processo novo e intercorrente)").check()
    form.get_by_label("Até uma data").check()
    until = dt.date.today() + dt.timedelta(days=60)
    form.get_by_label("Válida até").fill(until.strftime("%d%m%Y"))
    form.get_by_label("Apenas os processos escolhidos").check()
    form.get_by_label(f"{number} — {city.process_type.name}").check()
    axe(page)
    shot(page, "representation-grant-form")
    form.get_by_role("button", name="Outorgar procuração").click()
    page.get_by_text("Procuração outorgada.").wait_for()
    granted = page.get_by_test_id("representations-granted")
    text = granted.inner_text()
    for expected in ("Pedro (", COMPANY, "Procurador simples", "Ativa", number,
                     until.strftime("%d/%m/%Y"), "Emissão de procuração eletrônica"):  # fmt: skip
        assert expected in text, expected
    axe(page)
    shot(page, "representation-granted")
    context.close()

    # Pedro: the procuração received, its scope, and the company's process.
    context, page = sign_in_govbr(browser, port, PEDRO)
    page.get_by_test_id("my-processes").get_by_role("link", name=number).wait_for()
    page.get_by_role("link", name="Representações").click()
    received = page.get_by_test_id("representations-received")
    received.get_by_text(COMPANY).wait_for()
    text = received.inner_text()
    assert f"Processos específicos (1): {number}" in text
    assert "Receber, cumprir" not in text and "Peticionar" in text
    axe(page)
    shot(page, "representation-received")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "representation-received-375")
    page.set_viewport_size({"width": 1280, "height": 800})
    received.get_by_role("link", name=number).click()
    page.get_by_role("heading", name=f"Processo {number}").wait_for()
    page.get_by_role("link", name="Representações").click()
    received.get_by_role("button", name=f"Renunciar: {COMPANY}").click()
    dialog = page.get_by_test_id("confirm-dialog")
    dialog.get_by_text("Você deixa de representá-lo(a) imediatamente").wait_for()
    axe(page)
    dialog.get_by_role("button", name="Renunciar").click()
    page.get_by_text("Você renunciou à procuração.").wait_for()
    received.get_by_text("Renunciada").wait_for()
    assert "Renúncia de procuração eletrônica" in received.inner_text()
    assert received.get_by_role("button", name=f"Renunciar: {COMPANY}").count() == 0
    shot(page, "representation-renounced")
    # The company's process is gone from his list.
    page.get_by_role("link", name="Meus processos").click()
    page.get_by_text("Você ainda não tem processos neste município.").wait_for()
    context.close()

    # José (bronze): told why, with the link to raise his level; the server says so too.
    page_watch.allow(403, "/api/v1/citizen/representations/")
    context, page = sign_in_govbr(browser, port, JOSE)
    page.get_by_role("link", name="Representações").click()
    notice = page.get_by_test_id("representation-level")
    notice.wait_for()
    assert "nível prata ou ouro" in notice.inner_text()
    link = page.get_by_role("link", name="Como aumentar o nível da conta gov.br")
    assert link.get_attribute("href") == "https://confiabilidades.acesso.gov.br/"
    axe(page)
    shot(page, "representation-bronze")
    page.get_by_role("link", name="Outorgar procuração").click()
    form = page.get_by_test_id("grant-form")
    form.get_by_label("CPF do procurador").fill("25814736909")
    form.get_by_label("Nome do procurador").fill("Pedro")
    form.get_by_label("Peticionar (processo novo e intercorrente)").check()
    form.get_by_role("button", name="Outorgar procuração").click()
    # The server's refusal (the page's own notice says the same in other words).
    refusal = form.get_by_text("Para emitir ou aceitar procuração")
    refusal.wait_for()
    assert "sua conta gov.br precisa do nível prata" in refusal.inner_text()
    axe(page)
    shot(page, "representation-bronze-refused")
    context.close()


def test_without_govbr_a_citizen_asks_for_the_link_and_the_clerk_approves_it(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    representations_cleanup,
    tmp_path,
    page_watch,
):
    from core.files import blank_pdf
    from tests.browser.test_process_view import sign_in

    port = int(live_server.url.rsplit(":", 1)[1])
    contract = tmp_path / "contrato-social.pdf"
    contract.write_bytes(blank_pdf())

    # Pedro: gov.br names no company of his; he sends the contrato social.
    context, page = sign_in_govbr(browser, port, PEDRO)
    page.get_by_role("link", name="Representações").click()
    section = page.get_by_test_id("link-request")
    section.get_by_role("button", name="Pedir vinculação a uma empresa").click()
    section.get_by_role("button", name="Enviar pedido").click()
    section.get_by_text("CNPJ inválido.").wait_for()
    section.get_by_text("Escolha o arquivo do ato constitutivo.").wait_for()
    axe(page)
    section.get_by_label("CNPJ da empresa").fill(CNPJ)
    assert section.get_by_label("CNPJ da empresa").input_value() == "11.222.333/0001-81"
    section.get_by_label("Razão social").fill(COMPANY)
    section.locator("#link-file-main").set_input_files(str(contract))
    shot(page, "representation-link-request-form")
    section.get_by_role("button", name="Enviar pedido").click()
    section.get_by_text("Pedido enviado.").wait_for()
    requests = page.get_by_test_id("link-requests")
    requests.get_by_text("Em análise").wait_for()
    axe(page)
    shot(page, "representation-link-request-sent")
    context.close()

    # The clerk of the root unit reviews it and approves.
    context, page = sign_in(browser, port, city.clerk_user.cpf)
    page.goto(f"http://extrema.localhost:{port}/vinculacoes")
    table = page.get_by_test_id("company-link-table")
    table.get_by_text(COMPANY).wait_for()
    axe(page)
    shot(page, "representation-staff-review")
    table.get_by_role("button", name="Aprovar: Pedro Procurador").click()
    page.get_by_test_id("confirm-dialog").get_by_role("button", name="Aprovar").click()
    page.get_by_text("Vinculação aprovada.").wait_for()
    page.get_by_text("Nenhum pedido de vinculação aguardando análise.").wait_for()
    context.close()

    # Pedro now represents the company.
    context, page = sign_in_govbr(browser, port, PEDRO)
    page.get_by_role("link", name="Representações").click()
    represented = page.get_by_test_id("represented-companies")  # not the request's card
    represented.get_by_text(f"{COMPANY} — CNPJ 11.222.333/0001-81").wait_for()
    page.get_by_test_id("link-requests").get_by_text("Aprovada").wait_for()
    context.close()
