"""A state coordinator takes a municipality from interest to live, in the browser."""

import re

import pytest

from tests.onboarding.conftest import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.allow_http(
    (409, "/sign-agreement/"),  # refused before the agreement's PDF is attached
    (400, "/documents/"),  # a renamed non-PDF
)
def test_coordinator_takes_a_city_from_interest_to_live(
    page, live_server, public_tenant, catalogue, celery_worker_process, drop_new_schemas, make_user
):
    make_user(cpf="11144477735", name="Carla Coordenadora", is_coordinator=True,
              password="senha-forte-2026")  # fmt: skip
    port = int(live_server.url.rsplit(":", 1)[1])
    state = f"http://localhost:{port}"
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)

    page.goto(f"{state}/")
    page.get_by_text("Entrar com CPF e senha").first.click()
    page.get_by_label("CPF").fill("111.444.777-35")
    page.get_by_label("Senha").fill("senha-forte-2026")
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("heading", name="Implantação nos municípios").wait_for()
    assert "853 municípios no catálogo" in page.get_by_test_id("summary-total").inner_text()

    # Interest: pick the municipality from the IBGE catalogue.
    page.get_by_label("Buscar município").fill("congonhas")
    page.get_by_role("button", name="Congonhas/MG (3118007)").click()
    page.get_by_label("Observação (opcional)").fill("Ofício 45/2026 do prefeito")
    page.get_by_role("button", name="Registrar", exact=True).click()
    page.get_by_test_id("case-title").wait_for()
    assert page.get_by_test_id("case-status").inner_text() == "Manifestação de interesse"

    # The agreement cannot be registered before its PDF is attached...
    page.get_by_role("button", name="Registrar acordo de adesão assinado").click()
    page.get_by_text("Anexe o acordo de adesão assinado").wait_for()
    # ...and a renamed non-PDF is refused with a clear message.
    page.get_by_label("Arquivo PDF").set_input_files(
        {"name": "acordo.pdf", "mimeType": "application/pdf", "buffer": b"PK\x03\x04zip"}
    )
    page.get_by_role("button", name="Anexar").click()
    page.get_by_text("O arquivo não é um PDF válido").wait_for()
    page.get_by_label("Arquivo PDF").set_input_files(
        {"name": "acordo-adesao.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Anexar").click()
    page.get_by_test_id("documents").get_by_text("acordo-adesao.pdf").wait_for()

    page.get_by_role("button", name="Registrar acordo de adesão assinado").click()
    _wait_status(page, "Acordo de adesão assinado")

    page.get_by_label("Nome completo").fill("Ana Gestora")
    page.get_by_label("CPF").fill("390.533.447-05")
    page.get_by_label("E-mail").fill("ana@congonhas.example")
    page.get_by_role("button", name="Designar gestor municipal").click()
    _wait_status(page, "Gestor municipal designado")
    assert page.get_by_label("Identificador do endereço").input_value() == "congonhas"

    page.get_by_role("button", name="Provisionar o município").click()
    _wait_status(page, "Em capacitação", timeout=60000)
    assert page.get_by_test_id("tenant-domain").inner_text() == "congonhas.localhost"

    page.get_by_role("button", name="Colocar em produção").click()
    _wait_status(page, "Em produção")
    timeline = page.get_by_test_id("timeline").inner_text()
    for line in (
        "Manifestação de interesse registrada",
        "Acordo de adesão registrado",
        "Gestor municipal designado",
        "Ambiente provisionado",
        "Município em produção",
    ):
        assert line in timeline  # fmt: skip

    # Back on the dashboard the funnel counts it as live; the city answers on its host.
    page.get_by_text("Voltar ao painel").click()
    page.get_by_test_id("funnel-live").wait_for()
    assert page.get_by_test_id("funnel-live").inner_text() == "1"
    page.goto(f"http://congonhas.localhost:{port}/")
    page.get_by_test_id("tenant-name").wait_for()
    assert page.get_by_test_id("tenant-name").inner_text() == "Congonhas"
    assert failed == []


def _wait_status(page, text: str, timeout: int = 15000) -> None:
    page.get_by_test_id("case-status").filter(has_text=re.compile(f"^{text}$")).wait_for(
        timeout=timeout
    )
