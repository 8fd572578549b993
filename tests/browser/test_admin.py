"""Administração: one page per section, each with search and paging, forms that say in
Portuguese what is missing, and messages (success or refusal) where the action was."""

import pytest

from tests.browser.conftest import axe, shot
from tests.browser.test_screens import ADMIN, _base, open_section, sign_in
from tests.core.conftest import city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.allow_http((409, "/api/v1/units/"), (400, "/api/v1/process-types/"))  # duplicates
def test_municipal_admin_works_section_by_section(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    base = _base(live_server)
    sign_in(page, base, ADMIN)
    open_section(page, "Administração")
    page.get_by_role("heading", name="Administração do município").wait_for()
    axe(page)
    shot(page, "admin-home")

    # Unidades: empty required fields get our messages, in Portuguese, under each field.
    page.locator(".pm-admin-nav").get_by_role("link", name="Unidades").click()
    page.get_by_role("heading", name="Unidades", exact=True).wait_for()
    page.get_by_role("button", name="Criar unidade").click()
    name_error = page.locator("#unit-name-error")
    name_error.wait_for()
    assert name_error.inner_text() == "Informe o nome."
    assert page.locator("#unit-acronym-error").inner_text() == "Informe a sigla."
    assert page.locator("#unit-name").get_attribute("aria-describedby") == "unit-name-error"
    assert page.evaluate("document.activeElement.id") == "unit-name"  # focus on the first
    page.locator("#unit-name").fill("Secretaria de Saúde")
    page.locator("#unit-acronym").fill("sms")
    page.get_by_label("Unidade superior").select_option(label="GAB — Gabinete do Prefeito")
    page.get_by_role("button", name="Criar unidade").click()
    page.get_by_text("Unidade SMS — Secretaria de Saúde criada.").wait_for()
    page.get_by_test_id("admin-units").get_by_text("Secretaria de Saúde").wait_for()
    # A taken acronym is refused beside the field, in Portuguese.
    page.locator("#unit-name").fill("Secretaria de Serviços")
    page.locator("#unit-acronym").fill("SMS")
    page.get_by_role("button", name="Criar unidade").click()
    taken = page.locator("#unit-acronym-error")
    taken.wait_for()
    assert taken.inner_text() == "Já existe uma unidade com esta sigla."
    axe(page)
    shot(page, "admin-units")

    # Servidores: the CPF is checked here; the new person is listed with their unit.
    page.locator(".pm-admin-nav").get_by_role("link", name="Servidores").click()
    page.locator("#staff-cpf").fill("111.111.111-11")
    page.locator("#staff-name").fill("Eva Nova")
    page.locator("#staff-email").fill("eva@example.org")
    page.locator("#staff-unit").select_option(label="SMS — Secretaria de Saúde")
    page.get_by_role("button", name="Incluir servidor").click()
    page.get_by_text("CPF inválido: confira os 11 dígitos.").wait_for()
    page.locator("#staff-cpf").fill("526.018.159-06")
    page.get_by_role("button", name="Incluir servidor").click()
    page.get_by_text("Servidor Eva Nova incluído na unidade SMS.").wait_for()
    staff_table = page.get_by_test_id("admin-staff")
    staff_table.get_by_text("Eva Nova").wait_for()
    assert "SMS (Básico)" in staff_table.inner_text()
    page.locator("#staff-search").fill("eva")
    assert page.get_by_test_id("admin-staff").locator("tbody tr").count() == 1
    axe(page)
    shot(page, "admin-staff")

    # Tipos de processo: search, page, deactivate — with a message naming what changed.
    page.locator(".pm-admin-nav").get_by_role("link", name="Tipos de processo").click()
    table = page.get_by_test_id("admin-process-types")
    table.wait_for()
    total = page.get_by_test_id("admin-process-types-count").inner_text()
    if table.locator("tbody tr").count() == 10:  # more than one page of the seed catalogue
        page.get_by_role("button", name="Próxima").click()
        page.get_by_test_id("pager-status").get_by_text("Página 2").wait_for()
    page.locator("#ptype-name").fill("legislação: decreto")
    page.get_by_role("button", name="Incluir", exact=True).click()
    duplicate = page.locator("#ptype-name-error")
    duplicate.wait_for()
    assert duplicate.inner_text() == "Já existe um tipo de processo com este nome."
    page.locator("#ptypes-search").fill("decreto")
    row = table.locator("tbody tr", has_text="Legislação: Decreto")
    row.get_by_role("button", name="Desativar").click()
    page.get_by_text("Tipo de processo “Legislação: Decreto” desativado.").wait_for()
    row.get_by_text("Inativo").wait_for()
    assert "de" in page.get_by_test_id("admin-process-types-count").inner_text() or total
    axe(page)
    shot(page, "admin-process-types")

    for section, name in [
        ("Tipos de documento", "admin-document-types"),
        ("Hipóteses legais", "admin-legal-bases"),
        ("Modelos de documento", "admin-templates"),
        ("Trâmites externos", "admin-external"),
    ]:
        page.locator(".pm-admin-nav").get_by_role("link", name=section).click()
        page.locator(".br-breadcrumb [aria-current='page']").get_by_text(section).wait_for()
        page.wait_for_load_state("networkidle")
        axe(page)
        shot(page, name)

    # Hipóteses legais: required reference in Portuguese.
    page.locator(".pm-admin-nav").get_by_role("link", name="Hipóteses legais").click()
    page.locator("#basis-name").fill("Segredo industrial")
    page.get_by_role("button", name="Incluir").click()
    assert (
        page.locator("#basis-ref-error").inner_text() == "Informe a base legal (ex.: artigo e lei)."
    )
