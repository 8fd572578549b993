"""Every screen of the shell as a person sees it: the gov.br header and menu, the
breadcrumb, forms with our own pt-BR messages, visible file inputs, axe-core with no
serious or critical violation, and a screenshot at 1366 and 375 px."""

import pytest

from tests.browser.conftest import axe, shot
from tests.core.conftest import PASSWORD, city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLERK = "111.444.777-35"  # Bruno Servidor, GAB
ADMIN = "529.982.247-25"  # Alice Admin


def _base(live_server, host="extrema.localhost") -> str:
    return f"http://{host}:{live_server.url.rsplit(':', 1)[1]}"


def sign_in(page, base: str, cpf: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/entrar")
    page.get_by_label("CPF").fill(cpf)
    page.get_by_label("Senha").fill(password)
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.get_by_test_id("user-name").wait_for()


def open_section(page, name: str) -> None:
    """Through the br-menu, as a person would."""
    page.get_by_role("button", name="Abrir o menu").click()
    page.locator("#main-navigation").get_by_role("link", name=name, exact=True).click()


def test_clerk_screens_have_the_shell_and_pass_axe(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    base = _base(live_server)
    sign_in(page, base, CLERK)
    page.get_by_role("heading", name="Controle de processos").wait_for()
    header = page.locator("header.br-header")
    assert "Prefeitura Municipal de Extrema" in header.inner_text()
    assert "Processo Municipal" in header.inner_text()
    axe(page)
    shot(page, "inbox-empty")

    for section, heading, name in [
        ("Pesquisa", "Pesquisar processos", "search"),
        ("Processos", "Processos", "process-list"),
        ("Acompanhamento", "Acompanhamento especial", "watch-list"),
    ]:
        open_section(page, section)
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        crumb = page.locator(".br-breadcrumb [aria-current='page']")
        assert crumb.inner_text() == section
        axe(page)
        shot(page, name)

    page.goto(f"{base}/processos/novo")
    page.get_by_role("heading", name="Iniciar processo").wait_for()
    axe(page)
    shot(page, "new-process")
