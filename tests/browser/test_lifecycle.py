"""A clerk suspends a process (which then refuses a new document), resumes it, marks it
with a new marker of the unit and finds it in the inbox by that marker — in headless
Chromium against the real stack."""

import pytest

from tests.core.conftest import PASSWORD, city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.allow_http((409, "/documents/"))  # a suspended process refuses a document
def test_clerk_suspends_resumes_and_marks_a_process(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    from core.services.processes import create_process

    with city.ctx():
        create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Reforma da escola municipal",
            access_level="public",
        )
        create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Compra de cadeiras",
            access_level="public",
        )
    port = int(live_server.url.rsplit(":", 1)[1])
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)
    page.goto(f"http://extrema.localhost:{port}/entrar")
    page.get_by_label("CPF").fill("111.444.777-35")
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("heading", name="Controle de processos").wait_for()
    page.get_by_text("Gerados").click()
    page.locator("[data-testid=inbox] tr", has_text="Reforma da escola").get_by_role("link").click()
    page.get_by_test_id("process-number").wait_for()

    # Suspend: the process becomes read-only.
    page.get_by_role("button", name="Sobrestar", exact=True).click()
    page.get_by_label("Motivo do sobrestamento").fill("Aguardando parecer da procuradoria")
    page.get_by_role("button", name="Sobrestar processo").click()
    page.get_by_test_id("suspended-banner").get_by_text(
        "Motivo: Aguardando parecer da procuradoria"
    ).wait_for()
    # Suspended: no new document offered; resuming is.
    page.get_by_role("button", name="Remover sobrestamento").wait_for()
    assert page.get_by_role("button", name="Incluir documento", exact=True).count() == 0

    # Resume (after a confirmation).
    page.get_by_role("button", name="Remover sobrestamento").click()
    page.get_by_role("dialog").get_by_role("button", name="Remover sobrestamento").click()
    page.get_by_text("Sobrestamento removido.").wait_for()
    page.get_by_role("button", name="Incluir documento", exact=True).wait_for()
    page.get_by_test_id("suspended-banner").wait_for(state="detached")

    # A new marker of the unit, put on the process with a note.
    page.get_by_role("button", name="Marcadores").click()
    panel = page.get_by_test_id("marker-panel")
    panel.get_by_label("Nome do marcador").fill("Urgente")
    panel.get_by_label("Cor").select_option(label="Vermelho")
    panel.get_by_role("button", name="Criar marcador").click()
    panel.get_by_label("Marcador", exact=True).select_option(label="Urgente (Vermelho)")
    panel.get_by_label("Texto (opcional)").fill("Prazo na sexta")
    panel.get_by_role("button", name="Aplicar marcador").click()
    page.get_by_text("Marcador aplicado.").wait_for()
    assert "Urgente" in page.get_by_test_id("process-markers").inner_text()

    page.get_by_role("tab", name="Histórico").click()
    history = page.get_by_test_id("history").inner_text()
    for line in ("Processo sobrestado na unidade GAB", "Sobrestamento removido na unidade GAB",
                 "Marcador “Urgente” incluído na unidade GAB"):  # fmt: skip
        assert line in history

    # The inbox shows the marker and filters by it.
    page.get_by_role("link", name="Voltar aos processos").click()
    page.get_by_role("heading", name="Controle de processos").wait_for()
    page.get_by_text("Gerados").click()
    page.locator("[data-testid=inbox] tr", has_text="Compra de cadeiras").wait_for()
    page.get_by_label("Marcador", exact=True).select_option(label="Urgente")
    page.locator("[data-testid=inbox] tr", has_text="Compra de cadeiras").wait_for(state="detached")
    row = page.locator("[data-testid=inbox] tr", has_text="Reforma da escola")
    assert "Urgente" in row.get_by_test_id("marker").inner_text()
    assert failed == []
