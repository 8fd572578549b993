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


@pytest.mark.allow_http((400, "/api/v1/auth/login/"))
def test_login_and_public_lookup_speak_portuguese_and_pass_axe(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    base = _base(live_server)
    page.goto(f"{base}/")
    page.get_by_test_id("tenant-name").wait_for()
    axe(page)
    shot(page, "home-city")

    page.get_by_role("link", name="Entrar com CPF e senha").click()
    page.get_by_role("button", name="Entrar", exact=True).click()
    # Our own messages under each field, never the browser's English tooltip.
    assert page.locator("#login-cpf-error").inner_text() == "Informe o seu CPF."
    assert page.locator("#login-password-error").inner_text() == "Informe a sua senha."
    assert page.evaluate("document.activeElement.id") == "login-cpf"
    page.get_by_label("CPF").fill("111.444.777-35")
    page.get_by_label("Senha").fill("errada")
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.get_by_text("CPF ou senha incorretos.").wait_for()
    axe(page)
    shot(page, "login")

    page.get_by_role("link", name="Consulta pública").click()
    page.get_by_role("button", name="Consultar").click()
    assert page.locator("#lookup-number-error").inner_text() == "Informe o número do processo."
    axe(page)
    shot(page, "public-lookup")


def test_inbox_works_with_the_keyboard_alone(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    from core.services.processes import create_process

    with city.ctx():
        number = str(
            create_process(
                staff=city.clerk,
                process_type=city.process_type,
                summary="Troca de lâmpadas da escola",
                access_level="public",
            )
        )
        other = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Pintura do posto de saúde",
            access_level="public",
        )
        other_number, other_id = str(other), other.uuid
    base = _base(live_server)
    sign_in(page, base, CLERK)
    page.get_by_role("button", name="Gerados").click()
    page.get_by_test_id("inbox").get_by_text("Troca de lâmpadas").wait_for()
    axe(page)
    shot(page, "inbox")

    def tab_to(predicate: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"Tab never reached: {predicate}")

    # From a fresh page, keyboard only: the skip link first, then the filters, the row.
    page.reload()
    page.get_by_test_id("unit-bar").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Ir para o conteúdo"
    tab_to("document.activeElement.textContent.trim() === 'Gerados'")
    page.keyboard.press("Enter")
    page.get_by_test_id("inbox").get_by_text("Troca de lâmpadas").wait_for()
    label = f"Selecionar o processo {number}"
    tab_to(f"document.activeElement.getAttribute('aria-label') === '{label}'")
    page.keyboard.press("Space")
    page.get_by_text("1 processo selecionado.").wait_for()
    tab_to("document.activeElement.textContent.trim() === 'Concluir na minha unidade'")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Concluir na minha unidade")
    dialog.wait_for()
    assert number in dialog.inner_text() and "GAB" in dialog.inner_text()
    axe(page)
    # Esc closes it and nothing happens; focus is back on the button.
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Concluir na minha unidade"
    page.keyboard.press("Enter")
    dialog.wait_for()
    tab_to("document.activeElement.textContent.trim() === 'Concluir'", limit=5)
    page.keyboard.press("Enter")
    page.get_by_text(f"Processo {number} concluído na unidade GAB.").wait_for()
    page.get_by_test_id("inbox").get_by_text("Troca de lâmpadas").wait_for(state="detached")

    # The row's link opens the process with Enter.
    page.reload()
    page.get_by_test_id("unit-bar").wait_for()
    tab_to("document.activeElement.textContent.trim() === 'Gerados'")
    page.keyboard.press("Enter")
    page.get_by_test_id("inbox").get_by_text("Pintura do posto").wait_for()
    tab_to(f"document.activeElement.textContent === '{other_number}'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/processos/{other_id}")
    # Let the process screen finish loading before the test (and its data) goes away.
    page.wait_for_load_state("networkidle")


def test_state_coordinator_screens_and_the_case_upload(
    page, live_server, public_tenant, catalogue, make_user
):
    make_user(cpf="11144477735", name="Carla Coordenadora", is_coordinator=True, password=PASSWORD)
    base = _base(live_server, "localhost")
    page.goto(f"{base}/")
    page.get_by_test_id("tenant-name").wait_for()
    axe(page)
    shot(page, "home-state")
    sign_in(page, base, CLERK)
    page.get_by_role("heading", name="Implantação nos municípios").wait_for()
    page.wait_for_load_state("networkidle")
    axe(page)
    shot(page, "onboarding-dashboard")

    page.get_by_label("Buscar município").fill("congonhas")
    page.get_by_role("button", name="Congonhas/MG (3118007)").click()
    page.get_by_role("button", name="Registrar", exact=True).click()
    page.get_by_test_id("case-title").wait_for()

    # The PDF input is visible, and says which file was chosen, with its size.
    upload = page.get_by_label("Arquivo PDF")
    assert upload.is_visible()
    page.get_by_role("button", name="Anexar").click()
    assert page.locator("#document-file-error").inner_text() == "Escolha um arquivo."
    upload.set_input_files(
        {"name": "acordo-adesao.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
    )
    chosen = page.get_by_test_id("upload-chosen")
    assert "acordo-adesao.pdf" in chosen.inner_text()
    assert "bytes" in chosen.inner_text() or "KB" in chosen.inner_text()
    axe(page)
    shot(page, "onboarding-case")
    page.get_by_role("button", name="Anexar").click()
    page.get_by_text("Documento acordo-adesao.pdf anexado").wait_for()
    page.get_by_test_id("documents").get_by_text("acordo-adesao.pdf").wait_for()

    open_section(page, "Trâmites externos")
    page.get_by_role("heading", name="Trâmites externos (Tramita GOV.BR)").wait_for()
    page.wait_for_load_state("networkidle")
    axe(page)
    shot(page, "tramita-coordinator")


def _pdf() -> bytes:
    from tests.onboarding.conftest import pdf_bytes

    return pdf_bytes()
