"""The staff screens about citizens (issue 16, task E): Administração / Peticionamento
(an admin publishes a type, a citizen sees it in Peticionar with its orientações),
Política do cidadão, Calendário, and the process screen's Acesso externo (a clerk grants
a citizen access, the citizen sees the restrito document, the clerk revokes it). Headless
Chromium against the real stack, axe and screenshots at 1366 and 375 px."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, shot
from tests.browser.test_citizens import JOSE, sign_in_govbr
from tests.browser.test_screens import ADMIN, CLERK, _base, open_section, sign_in
from tests.core.conftest import city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOSE_CPF = "86288366757"  # the persona's CPF (fakes/personas.py)


def _port(live_server) -> int:
    return int(live_server.url.rsplit(":", 1)[1])


def _admin_section(page, name: str) -> None:
    open_section(page, "Administração")
    page.locator(".pm-admin-nav").get_by_role("link", name=name, exact=True).click()


@pytest.mark.allow_http((409, "/api/v1/petition-types/"))  # the same process type twice
def test_admin_publishes_a_petition_type_and_a_citizen_sees_it(
    browser,
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811  (its TRUNCATE of core_unit empties petition types)
):
    base = _base(live_server)
    sign_in(page, base, ADMIN)
    _admin_section(page, "Peticionamento")
    page.get_by_role("heading", name="Tipos de processo para peticionamento").wait_for()

    # Nothing chosen: each field says what is missing, in Portuguese, beside it.
    page.get_by_role("button", name="Publicar tipo").click()
    page.locator("#pt-process-type-error").wait_for()
    assert page.locator("#pt-process-type-error").inner_text() == "Escolha o tipo de processo."
    assert page.locator("#pt-unit-error").inner_text() == "Escolha a unidade que recebe."
    assert page.locator("#pt-doc-0-type-error").inner_text() == "Escolha o tipo de documento."
    assert page.evaluate("document.activeElement.id") == "pt-process-type"

    page.locator("#pt-process-type").select_option(label=city.process_type.name)
    page.locator("#pt-unit").select_option(label="SEOB — Secretaria de Obras")
    page.get_by_label("Orientações ao cidadão").fill(
        "Envie a planta do imóvel em PDF.\nO prazo de análise é de 15 dias úteis."
    )
    # Padrão pré-definido restrito needs its hipótese legal.
    page.get_by_label("Padrão pré-definido").check()
    page.locator("#pt-fixed-level").select_option("restricted")
    page.get_by_role("button", name="Publicar tipo").click()
    page.locator("#pt-legal-basis-error").wait_for()
    assert (
        page.locator("#pt-legal-basis-error").inner_text()
        == "Escolha a hipótese legal do nível restrito padrão."
    )
    page.get_by_label("O usuário indica (público ou restrito)").check()
    page.locator("#pt-max").fill("5")
    page.get_by_label("PNG", exact=True).check()
    page.locator("#pt-doc-0-type").select_option(label="Requerimento")
    page.get_by_role("button", name="Adicionar documento").click()
    page.locator("#pt-doc-1-type").select_option(label="Requerimento")
    page.get_by_role("button", name="Publicar tipo").click()
    page.locator("#pt-doc-1-type-error").wait_for()
    assert (
        page.locator("#pt-doc-1-type-error").inner_text()
        == "Este tipo de documento já está na lista."
    )
    page.locator("#pt-doc-1-type").select_option(label="Anexo")
    axe(page)
    shot(page, "admin-petitioning-form")
    page.get_by_role("button", name="Publicar tipo").click()
    page.get_by_text(f"Tipo de peticionamento “{city.process_type.name}” publicado.").wait_for()
    table = page.get_by_test_id("admin-petition-types")
    row = table.get_by_role("row").filter(has_text=city.process_type.name)
    row.wait_for()
    assert "SEOB" in row.inner_text() and "1 essencial(is), 1 complementar(es)" in row.inner_text()
    assert "simples ou avançada" in row.inner_text()

    # Publishing the same process type again is refused beside the field.
    page.locator("#pt-process-type").select_option(label=city.process_type.name)
    page.locator("#pt-unit").select_option(label="SEOB — Secretaria de Obras")
    page.locator("#pt-doc-0-type").select_option(label="Anexo")
    page.get_by_role("button", name="Publicar tipo").click()
    page.get_by_text(
        "Já existe um tipo de peticionamento ativo para este tipo de processo."
    ).wait_for()

    # Edit: the form takes the row; "exige assinatura avançada" is saved.
    row.get_by_role("button", name="Editar").click()
    page.get_by_role(
        "heading", name=f"Editar o peticionamento de “{city.process_type.name}”"
    ).wait_for()
    expect(page.get_by_label("Orientações ao cidadão")).to_have_value(
        "Envie a planta do imóvel em PDF.\nO prazo de análise é de 15 dias úteis."
    )
    expect(page.locator("#pt-max")).to_have_value("5")
    page.get_by_label("Exige assinatura avançada (conta gov.br prata ou ouro)").check()
    page.get_by_role("button", name="Salvar", exact=True).click()
    page.get_by_text(f"Tipo de peticionamento “{city.process_type.name}” alterado.").wait_for()
    row.filter(has_text="avançada").wait_for()
    axe(page)
    shot(page, "admin-petitioning")

    # The citizen sees it in Peticionar, with its orientações, formats and documents.
    context, citizen = sign_in_govbr(browser, _port(live_server), JOSE)
    citizen.get_by_role("link", name="Peticionar", exact=True).click()
    citizen.get_by_role("link", name=f"Peticionar: {city.process_type.name}").click()
    citizen.get_by_test_id("petition-form").wait_for()
    form = citizen.get_by_test_id("petition-form")
    form.get_by_text("Envie a planta do imóvel em PDF.").wait_for()
    text = form.inner_text()
    assert "O prazo de análise é de 15 dias úteis." in text
    assert "Formatos aceitos: PDF, PNG. Até 5 MB por arquivo." in text
    assert "Requerimento — Documento essencial" in text
    assert "Anexo — Documento complementar (opcional)" in text
    assert "Unidade que recebe: SEOB — Secretaria de Obras" in text
    shot(citizen, "citizen-petition-from-admin")

    # Deactivated: citizens no longer see it.
    row.get_by_role("button", name="Desativar").click()
    page.get_by_text("desativado: os cidadãos não o veem mais.").wait_for()
    row.filter(has_text="Inativo").wait_for()
    citizen.goto(f"{base}/cidadao/peticionar")
    citizen.get_by_text("Este município ainda não publicou tipos de processo").wait_for()
    context.close()


@pytest.mark.allow_http((400, "/api/v1/citizen-policy/"))
def test_admin_sets_the_citizen_policy_and_the_calendar(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    from citizens.models import CitizenPolicy, MunicipalHoliday, Outage

    base = _base(live_server)
    next_year = dt.date.today().year + 1
    try:
        sign_in(page, base, ADMIN)
        # Política do cidadão: the decree, explained; the tacit deadline bounded.
        _admin_section(page, "Política do cidadão")
        policy = page.get_by_test_id("citizen-policy")
        policy.wait_for()
        simple = page.get_by_label(
            "O decreto admite assinatura eletrônica simples em petições com documentos públicos"
        )
        assert simple.is_checked()
        assert "conta gov.br bronze pode peticionar" in policy.inner_text()
        simple.uncheck()
        page.locator("#policy-adhesion").select_option("ouro")
        page.locator("#policy-tacit").fill("70")
        page.get_by_role("button", name="Salvar política").click()
        page.locator("#policy-tacit-error").wait_for()
        assert page.locator("#policy-tacit-error").inner_text() == (
            "Informe um número de dias entre 1 e 60."
        )
        page.locator("#policy-tacit").fill("10")
        page.get_by_role("button", name="Salvar política").click()
        page.get_by_text("Política do cidadão salva.").wait_for()
        with city.ctx():
            row = CitizenPolicy.objects.get()
            assert not row.simple_signature_allowed
            assert row.adhesion_level == "ouro" and row.tacit_days == 10
        page.reload()
        page.get_by_test_id("citizen-policy").wait_for()
        expect(page.locator("#policy-tacit")).to_have_value("10")
        expect(page.locator("#policy-adhesion")).to_have_value("ouro")
        expect(page.locator("#policy-simple")).not_to_be_checked()
        axe(page)
        shot(page, "admin-citizen-policy")

        # Calendário: the year's national and state holidays, read-only.
        page.locator(".pm-admin-nav").get_by_role("link", name="Calendário").click()
        page.get_by_role("heading", name="Calendário de prazos").wait_for()
        state = page.get_by_test_id("state-holidays")
        state.get_by_text("Natal").wait_for()
        assert "Confraternização Universal" in state.inner_text()
        page.get_by_role("button", name="Próximo ano").click()
        page.get_by_test_id("calendar-year").filter(has_text=str(next_year)).wait_for()
        page.get_by_role(
            "heading", name=f"Feriados nacionais e estaduais (MG) de {next_year}"
        ).wait_for()

        # A municipal holiday: bad date refused in Portuguese, then added and removed.
        page.locator("#holiday-date").fill("31/02/2030")
        page.get_by_role("button", name="Registrar feriado").click()
        page.locator("#holiday-name-error").wait_for()
        assert page.locator("#holiday-date-error").inner_text() != ""
        page.locator("#holiday-date").fill(f"19/03/{next_year}")
        page.locator("#holiday-name").fill("Aniversário da cidade")
        page.get_by_role("button", name="Registrar feriado").click()
        page.get_by_text(
            f"Feriado “Aniversário da cidade” (19/03/{next_year}) registrado."
        ).wait_for()
        municipal = page.get_by_test_id("municipal-holidays")
        assert "Feriado municipal" in municipal.inner_text()

        # An outage: the end before the start is refused; com prorrogação is the default.
        page.locator("#outage-start").fill(f"10/06/{next_year}")
        page.locator("#outage-end").fill(f"09/06/{next_year}")
        page.get_by_role("button", name="Registrar indisponibilidade").click()
        page.locator("#outage-end-error").wait_for()
        assert page.locator("#outage-end-error").inner_text() == "O fim vem antes do início."
        page.locator("#outage-end").fill(f"11/06/{next_year}")
        page.locator("#outage-description").fill("Falha no data center")
        page.get_by_role("button", name="Registrar indisponibilidade").click()
        page.get_by_text("Indisponibilidade registrada.", exact=True).wait_for()
        outages = page.get_by_test_id("outages")
        assert "Com prorrogação" in outages.inner_text()
        assert "Falha no data center" in outages.inner_text()
        axe(page)
        shot(page, "admin-calendar")

        # Removing asks first; the day then counts as a business day again.
        municipal.get_by_role("button", name="Remover Aniversário da cidade").click()
        dialog = page.get_by_test_id("confirm-dialog")
        dialog.get_by_text("Os prazos passam a contar este dia como útil.").wait_for()
        axe(page)
        dialog.get_by_role("button", name="Remover").click()
        page.get_by_text("Feriado “Aniversário da cidade” removido.").wait_for()
        page.get_by_text("Nenhum feriado municipal registrado.").wait_for()
        outages.get_by_role(
            "button", name=f"Remover indisponibilidade de 10/06/{next_year}"
        ).click()
        page.get_by_test_id("confirm-dialog").get_by_role("button", name="Remover").click()
        page.get_by_text("Indisponibilidade removida.", exact=True).wait_for()
        page.get_by_text("Nenhuma indisponibilidade registrada.").wait_for()
        with city.ctx():
            assert not MunicipalHoliday.objects.exists() and not Outage.objects.exists()
    finally:  # browser tests share one database
        with city.ctx():
            CitizenPolicy.objects.all().delete()
            MunicipalHoliday.objects.all().delete()
            Outage.objects.all().delete()


def test_clerk_grants_external_access_and_revokes_it(
    browser,
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811  (AccessGrant cascades from core_process)
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.files import blank_pdf
    from core.services import documents as document_services
    from core.services.processes import create_process

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Laudo médico do servidor",
            access_level="restricted",
            legal_basis=city.personal,
            parties=[{"document": "52601815906", "name": "Maria Requerente"}],
        )
        document_services.upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("laudo.pdf", blank_pdf(), content_type="application/pdf"),
        )
        number = str(process)
    base = _base(live_server)
    sign_in(page, base, CLERK)
    page.goto(f"{base}/processos/{process.uuid}")
    toolbar = page.get_by_role("toolbar", name="Ações do processo")
    toolbar.get_by_role("button", name="Acesso externo").click()
    dialog = page.get_by_test_id("access-grants-dialog")
    dialog.get_by_text("Nenhum cidadão tem acesso externo a este processo.").wait_for()
    dialog.get_by_role("button", name="Conceder acesso externo").click()
    dialog.locator("#grant-cpf-error").wait_for()
    dialog.get_by_label("CPF do cidadão").fill("111.111.111-11")
    dialog.get_by_role("button", name="Conceder acesso externo").click()
    dialog.get_by_text("CPF inválido: confira os 11 dígitos.").wait_for()
    axe(page)
    shot(page, "process-access-grants-dialog")
    dialog.get_by_label("CPF do cidadão").fill("862.883.667-57")
    dialog.get_by_role("button", name="Conceder acesso externo").click()
    page.get_by_test_id("process-notice").get_by_text(
        "Acesso externo concedido a ***.883.667-**."
    ).wait_for()

    # José (a citizen, no party to it) now has it in Meus processos, restrito included.
    context, citizen = sign_in_govbr(browser, _port(live_server), JOSE)
    citizen.get_by_test_id("my-processes").get_by_role("link", name=number).click()
    citizen.get_by_test_id("citizen-documents").get_by_text("laudo.pdf").wait_for()

    # The clerk lists the grant and revokes it after confirming.
    toolbar.get_by_role("button", name="Acesso externo").click()
    grants = page.get_by_test_id("access-grants")
    grants.get_by_text("***.883.667-**").wait_for()
    assert "Processo integral" in grants.inner_text()
    expect(grants).to_contain_text("José Cidadão")  # he has signed in since the grant
    shot(page, "process-access-grants-list")
    grants.get_by_role("button", name="Revogar o acesso de ***.883.667-**").click()
    confirm = page.get_by_test_id("confirm-dialog")
    confirm.get_by_text(f"ao processo {number}?").wait_for()
    axe(page)
    confirm.get_by_role("button", name="Revogar").click()
    page.get_by_test_id("process-notice").get_by_text(
        "Acesso externo de ***.883.667-** revogado."
    ).wait_for()

    # José no longer reaches it.
    citizen.goto(f"{base}/cidadao")
    citizen.get_by_text("Você ainda não tem processos neste município.").wait_for()
    assert number not in citizen.content()

    # A grant of one document only says so in the list.
    toolbar.get_by_role("button", name="Acesso externo").click()
    dialog.get_by_label("CPF do cidadão").fill("862.883.667-57")
    dialog.get_by_label("Alcance").select_option(label="Somente o documento Anexo")
    dialog.get_by_role("button", name="Conceder acesso externo").click()
    page.get_by_test_id("process-notice").get_by_text("Acesso externo concedido").wait_for()
    toolbar.get_by_role("button", name="Acesso externo").click()
    page.get_by_test_id("access-grants").get_by_role("cell", name="Anexo", exact=True).wait_for()
    page.get_by_role("button", name="Fechar", exact=True).click()
    citizen.reload()
    citizen.get_by_test_id("my-processes").get_by_role("link", name=number).wait_for()
    context.close()

    # The clerk has no admin role: Administração's citizen sections are not his.
    for section in ("peticionamento", "politica-do-cidadao", "calendario"):
        page.goto(f"{base}/administracao/{section}")
        page.get_by_text("A administração é restrita aos administradores do município.").wait_for()
