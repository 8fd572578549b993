"""The citizen side in the browser (issue 16): a citizen signs in with gov.br on a city
host, lands on the Área do cidadão (no 403 anywhere), files a petition with two
documents, reads the recibo and downloads its PDF, opens the new process; a second
citizen sees none of it. Headless Chromium against the real stack, axe and screenshots."""

import re

import pytest

from tests.browser.conftest import axe, shot
from tests.browser.test_process_view import text_pdf
from tests.core.conftest import city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOSE = "Cidadão (bronze) — José Cidadão"
OTHER = re.compile(r"^Extrema — GAB \(prata\)")  # a demo persona: no staff record here


def make_petition_type(city):  # noqa: F811 (the fixture imported above)
    from citizens.services.admin import save_petition_type
    from core.models import DocumentType

    with city.ctx():
        requerimento = DocumentType.objects.get(name="Requerimento")
        pt = save_petition_type(
            admin=city.admin,
            process_type=city.process_type,
            unit=city.obras,
            guidance="<p>Envie o requerimento assinado e, se quiser, fotos ou anexos.</p>",
            max_file_mb=5,
            formats=["application/pdf"],
            documents=[
                {"document_type": requerimento, "required": True, "access_level": ""},
                {"document_type": city.anexo, "required": False, "access_level": ""},
            ],
        )
    return pt, requerimento


def govbr_as(browser, base: str, *, cpf: str, name: str, level: str):
    """Through the fake gov.br Login Único, as "another person" with the given level."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_text("Entrar com gov.br").click()
    page.get_by_label("CPF").fill(cpf)
    page.get_by_label("Nome").fill(name)
    page.get_by_label("Nível").select_option(level)
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.get_by_role("heading", name="Área do cidadão").wait_for()
    return context, page


def sign_in_govbr(browser, port, persona):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"http://extrema.localhost:{port}/")
    page.get_by_text("Entrar com gov.br").click()
    page.get_by_role("button", name=persona).click()
    page.get_by_role("heading", name="Área do cidadão").wait_for()
    return context, page


def test_a_citizen_files_a_petition_and_downloads_the_recibo_and_another_sees_none(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    tmp_path,
    page_watch,
):
    from core.files import blank_pdf

    _pt, requerimento = make_petition_type(city)
    port = int(live_server.url.rsplit(":", 1)[1])

    # José lands on his area, not on "Você não faz parte da equipe".
    context, page = sign_in_govbr(browser, port, JOSE)
    assert page.url.endswith("/cidadao")
    assert page.get_by_text("Você não faz parte da equipe").count() == 0
    page.get_by_text("Você ainda não tem processos neste município.").wait_for()
    axe(page)
    shot(page, "citizen-area-empty")

    # Peticionar: the city's types, then the form.
    page.get_by_role("link", name="Peticionar", exact=True).click()
    page.get_by_role("link", name=f"Peticionar: {city.process_type.name}").click()
    page.get_by_test_id("petition-form").wait_for()
    page.get_by_text("Envie o requerimento assinado").wait_for()
    axe(page)
    # Nothing chosen: the form says what is missing, nothing is sent.
    page.get_by_role("button", name="Assinar e enviar").click()
    page.get_by_text("Escolha o arquivo de “Requerimento”.").wait_for()
    page.get_by_text("Marque “Assinar” para enviar a petição.").wait_for()

    first, second = tmp_path / "requerimento-poda.pdf", tmp_path / "fotos-da-arvore.pdf"
    first.write_bytes(text_pdf("Pedido de poda na Rua das Flores"))
    second.write_bytes(blank_pdf() + b"\n% fotos\n")
    page.get_by_label("Especificação do pedido").fill("Poda de árvore na Rua das Flores")
    page.locator(f"#file-{requerimento.uuid}").set_input_files(str(first))
    page.locator(f"#file-{city.anexo.uuid}").set_input_files(str(second))
    page.get_by_label("Assinar: li e concordo com a declaração acima").check()
    shot(page, "citizen-petition-form")

    # A restrito document needs prata: José (bronze) reads why and how to raise his level.
    page_watch.allow(403, "/api/v1/citizen/uploads/")
    page.locator(f"#level-{city.anexo.uuid}").select_option("restricted")
    page.get_by_role("button", name="Assinar e enviar").click()
    page.get_by_text("sua conta gov.br precisa do nível prata").wait_for()
    # the server's refusal (the signature step above warns too)
    raise_link = page.get_by_role("link", name="Como aumentar o nível da conta gov.br").last
    assert raise_link.get_attribute("href") == "https://confiabilidades.acesso.gov.br/"
    axe(page)
    shot(page, "citizen-petition-level-refused")
    page.locator(f"#level-{city.anexo.uuid}").select_option("public")
    page.get_by_role("button", name="Assinar e enviar").click()

    # The recibo: every document with its SHA-256, and the PDF to download.
    receipt = page.get_by_test_id("receipt")
    receipt.get_by_role("heading", name="Recibo eletrônico de protocolo").wait_for()
    number = page.get_by_test_id("receipt-number").inner_text()
    assert re.match(r"^\d", number)
    text = receipt.inner_text()
    for expected in ("requerimento-poda.pdf", "fotos-da-arvore.pdf", "José Cidadão", "SEOB"):
        assert expected in text
    assert len(re.findall(r"\b[0-9a-f]{64}\b", text)) >= 3  # two documents + the seal
    axe(page)
    shot(page, "citizen-receipt")
    with page.expect_download() as download:
        page.get_by_role("link", name="Baixar recibo").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    # Meus processos lists it; the process page shows his documents and opens one.
    page.get_by_role("link", name="Meus processos").click()
    page.get_by_test_id("my-processes").get_by_role("link", name=number).click()
    page.get_by_role("heading", name=f"Processo {number}").wait_for()
    documents = page.get_by_test_id("citizen-documents")
    assert "requerimento-poda.pdf" in documents.inner_text()
    assert "fotos-da-arvore.pdf" in documents.inner_text()
    documents.get_by_role("button", name="Abrir Requerimento").click()
    pane = page.get_by_test_id("document-pane")
    pane.get_by_test_id("pdf-view").locator(
        ".textLayer", has_text="Pedido de poda na Rua das Flores"
    ).wait_for()
    # The shared PdfView's scrolling page box has no tabindex (components/PdfView.tsx,
    # owned by the process screen): judged there, not here.
    axe(page)
    shot(page, "citizen-process")

    # Intimações: none for him yet, said in words.
    page.get_by_role("link", name="Intimações").click()
    page.get_by_text("Você não tem intimações neste município.").wait_for()

    # Recibos lists it.
    page.get_by_role("link", name="Recibos").click()
    page.get_by_test_id("receipts").get_by_text(number).wait_for()
    receipt_url = f"http://extrema.localhost:{port}" + page.get_by_test_id("receipts").get_by_role(
        "link"
    ).first.get_attribute("href")
    process_url = None
    with city.ctx():
        from core.models import Process

        process_url = (
            f"http://extrema.localhost:{port}/cidadao/processos/{Process.objects.get().uuid}"
        )

    # The state host: "meus processos em todos os municípios", Extrema linking to its area.
    page.goto(f"http://localhost:{port}/")
    page.get_by_text("Entrar com gov.br").click()
    page.get_by_role("button", name=JOSE).click()
    page.get_by_role("heading", name="Meus processos em todos os municípios").wait_for()
    link = page.get_by_role("link", name="Abrir a área do cidadão de Extrema")
    assert link.get_attribute("href").startswith(f"http://extrema.localhost:{port}/")
    assert link.get_attribute("href").endswith("next=/cidadao")
    axe(page)
    shot(page, "citizen-state-host")
    context.close()

    # Another citizen sees none of it, not even by URL.
    page_watch.allow(404, "/api/v1/citizen/receipts/")
    page_watch.allow(404, "/api/v1/citizen/processes/")
    context, page = sign_in_govbr(browser, port, OTHER)
    page.get_by_text("Você ainda não tem processos neste município.").wait_for()
    assert number not in page.content()
    page.get_by_role("link", name="Recibos").click()
    page.get_by_text("Você ainda não fez petições neste município.").wait_for()
    page.goto(receipt_url)
    page.get_by_text("Recibo não encontrado.").wait_for()
    page.goto(process_url)
    page.get_by_text("Processo não encontrado ou indisponível para você.").wait_for()
    assert "requerimento-poda.pdf" not in page.content()
    axe(page)
    context.close()
