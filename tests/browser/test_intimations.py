"""Peticionamento and intimação eletrônica in the browser, both sides (issue 16): a
citizen (gov.br prata) adheres, files a petition with two documents and downloads the
recibo; the clerk of the receiving unit sees it in the inbox marked "Peticionamento",
opens it and its recibo, and issues an intimação ("Intimar") on a signed ofício; the
unit's "Intimações pendentes" lists it; the citizen reads the notice and the countdown,
confirms the consultation, opens the ofício and answers with a signed file; the clerk sees
"Respondida", the certidão and the response's recibo; a second citizen (bronze) sees none
of it and is told how to raise his level to adhere. Headless Chromium, axe, screenshots."""

import re

import pytest

from tests.browser.conftest import axe, shot
from tests.browser.test_citizens import JOSE, govbr_as, make_petition_type, sign_in_govbr
from tests.browser.test_process_view import sign_in as sign_in_staff
from tests.browser.test_process_view import text_pdf
from tests.core.conftest import PASSWORD, city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARIA_CPF = "18609139034"
MARIA = "Maria Prata"


def test_petition_then_intimation_consultation_and_response_across_both_sides(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    tmp_path,
    page_watch,
):
    from citizens.models import Adhesion

    _pt, requerimento = make_petition_type(city)
    port = int(live_server.url.rsplit(":", 1)[1])
    base = f"http://extrema.localhost:{port}"
    try:
        _flow(browser, port, base, city, requerimento, tmp_path, page_watch)
    finally:
        with city.ctx():  # the browser tests share one database
            Adhesion.objects.filter(person=MARIA_CPF).delete()


def _flow(browser, port, base, city, requerimento, tmp_path, page_watch):  # noqa: F811
    # --- Maria adheres to intimação eletrônica (prata) -----------------------------------
    citizen, cpage = govbr_as(browser, base, cpf=MARIA_CPF, name=MARIA, level="silver")
    cpage.get_by_role("link", name="Intimações", exact=True).click()
    adhesion = cpage.get_by_test_id("adhesion")
    adhesion.get_by_role("button", name="Aderir à intimação eletrônica").click()
    adhesion.get_by_text("Você aderiu à intimação eletrônica em").wait_for()
    cpage.get_by_text("Você não tem intimações neste município.").wait_for()
    axe(cpage)

    # --- she files a petition with two documents and downloads the recibo ---------------
    cpage.get_by_role("link", name="Peticionar", exact=True).click()
    cpage.get_by_role("link", name=f"Peticionar: {city.process_type.name}").click()
    cpage.get_by_test_id("petition-form").wait_for()
    first, second = tmp_path / "requerimento-alvara.pdf", tmp_path / "planta-da-obra.pdf"
    first.write_bytes(text_pdf("Pedido de alvara de construcao"))
    second.write_bytes(text_pdf("Planta baixa da obra"))
    cpage.get_by_label("Especificação do pedido").fill("Alvará de construção na Rua A")
    cpage.locator(f"#file-{requerimento.uuid}").set_input_files(str(first))
    cpage.locator(f"#file-{city.anexo.uuid}").set_input_files(str(second))
    cpage.get_by_label("Assinar: li e concordo com a declaração acima").check()
    cpage.get_by_role("button", name="Assinar e enviar").click()
    receipt = cpage.get_by_test_id("receipt")
    receipt.get_by_role("heading", name="Recibo eletrônico de protocolo").wait_for()
    number = cpage.get_by_test_id("receipt-number").inner_text()
    assert "requerimento-alvara.pdf" in receipt.inner_text()
    assert "planta-da-obra.pdf" in receipt.inner_text()
    with cpage.expect_download() as download:
        cpage.get_by_role("link", name="Baixar recibo").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    # --- the clerk of SEOB: the inbox row marked "Peticionamento" ------------------------
    from core.models import Process
    from core.services.documents import create_internal, sign

    with city.ctx():
        process = Process.objects.get()
    clerk, spage = sign_in_staff(browser, port, "390.533.447-05")  # Carla, SEOB
    row = spage.locator("tr", has=spage.get_by_role("link", name=number))
    row.wait_for()
    assert "Peticionamento" in row.inner_text()
    shot(spage, "intimations-inbox-petition")
    row.get_by_role("link", name=number).click()
    spage.get_by_test_id("process-number").wait_for()

    # Its recibo, from the petitions panel, in the viewer (and as a PDF to download).
    petitions = spage.get_by_test_id("petitions-panel")
    assert "Processo novo" in petitions.inner_text() and MARIA in petitions.inner_text()
    petitions.get_by_role("button", name="Ver recibo").click()
    spage.get_by_test_id("document-pane").get_by_test_id("pdf-view").wait_for()
    with spage.expect_download() as download:
        petitions.get_by_role("link", name="Baixar PDF do recibo").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    axe(spage)
    shot(spage, "intimations-process-petition")

    # No signed document of the unit yet: "Intimar" is not offered.
    toolbar = spage.get_by_role("toolbar", name="Ações do processo")
    toolbar.wait_for()
    assert toolbar.locator("[data-action=intimate]").count() == 0
    # (The ofício is written and signed through the services: the editor and the
    # signature dialog have their own browser tests.)
    with city.ctx():
        oficio = create_internal(
            staff=city.other,
            process=process,
            document_type=city.oficio,
            html="<p>Apresente o projeto arquitetônico aprovado no prazo de 10 dias.</p>",
        )
        sign(staff=city.other, user=city.other_user, documents=[oficio], password=PASSWORD)
        label = str(oficio)
    spage.reload()
    spage.get_by_role("toolbar", name="Ações do processo").locator("[data-action=intimate]").click()
    dialog = spage.get_by_test_id("intimate-form")
    dialog.get_by_role("heading", name="Intimação eletrônica").wait_for()
    dialog.get_by_label(re.compile(MARIA)).wait_for()
    # Nothing filled in: the dialog says what is missing, in Portuguese, nothing is sent.
    dialog.get_by_role("button", name="Expedir intimação").click()
    for text in (
        "Escolha ao menos um destinatário que aderiu.",
        "Informe o tipo de intimação.",
        "Informe a finalidade.",
        "Informe os fatos e fundamentos legais.",
    ):
        dialog.get_by_text(text).wait_for()
    axe(spage)
    shot(spage, "intimations-dialog-errors")
    dialog.get_by_label("Documento principal (assinado)").select_option(label=label)
    dialog.get_by_label(re.compile(MARIA)).check()
    dialog.get_by_label("Tipo de intimação").fill("Intimação para apresentar documentos")
    dialog.get_by_label("Finalidade").fill("Apresentar o projeto arquitetônico aprovado")
    dialog.get_by_label("Fatos e fundamentos legais").fill(
        "Pedido de alvará sem projeto. Código de Obras, art. 12."
    )
    dialog.get_by_label("Resposta", exact=True).select_option("optional")
    dialog.get_by_label("Prazo de resposta").fill("")
    dialog.get_by_role("button", name="Expedir intimação").click()
    dialog.get_by_text("Informe o prazo de resposta").wait_for()
    dialog.get_by_label("Prazo de resposta").fill("10")
    shot(spage, "intimations-dialog")
    dialog.get_by_role("button", name="Expedir intimação").click()
    spage.get_by_test_id("process-notice").get_by_text(
        f"Intimação “Intimação para apresentar documentos” expedida a {MARIA}."
    ).wait_for()
    panel = spage.get_by_test_id("intimations-panel")
    panel.get_by_text("Pendente", exact=True).wait_for()
    axe(spage)
    shot(spage, "intimations-process-panel-pending")

    # The unit's pending list, from the menu, links to the process.
    spage.get_by_role("button", name="Abrir o menu").click()
    spage.locator("#main-navigation").get_by_role(
        "link", name="Intimações pendentes", exact=True
    ).click()
    pending = spage.get_by_test_id("pending-intimations")
    pending.get_by_role("link", name=number).wait_for()
    assert MARIA in pending.inner_text()
    axe(spage)
    shot(spage, "intimations-pending")

    # --- Maria: the notice, the countdown, the confirmed consultation --------------------
    cpage.get_by_role("link", name="Intimações", exact=True).click()
    cpage.get_by_test_id("notices").get_by_text("Nova intimação eletrônica").wait_for()
    table = cpage.get_by_test_id("intimations")
    table.get_by_text(number).wait_for()
    assert re.search(r"faltam \d+ dias", table.get_by_test_id("countdown").inner_text())
    axe(cpage)
    shot(cpage, "intimations-citizen-pending")
    table.get_by_role("button", name="Consultar").click()
    cpage.get_by_text("Ao consultar o documento, você confirma a ciência").wait_for()
    cpage.get_by_role("button", name="Confirmar consulta").click()
    cpage.get_by_test_id("consulted").get_by_text("Consulta confirmada.").wait_for()
    table.get_by_text("Cumprida por consulta direta").wait_for()
    cpage.get_by_test_id("consulted").get_by_role("link", name="Abrir o processo").click()
    documents = cpage.get_by_test_id("citizen-documents")
    documents.get_by_role("button", name=f"Abrir {label}").click()
    frame = cpage.frame_locator("[data-testid=html-view]")
    frame.get_by_text("Apresente o projeto arquitetônico aprovado").wait_for()
    shot(cpage, "intimations-citizen-document")

    # She answers within the deadline: a file, the signature, the recibo.
    cpage.get_by_role("link", name="Intimações", exact=True).click()
    cpage.get_by_test_id("intimations").get_by_role("button", name="Responder").click()
    form = cpage.get_by_test_id("respond-form")
    form.get_by_role("button", name="Assinar e enviar resposta").click()
    form.get_by_text("Escolha o arquivo.").wait_for()
    form.get_by_text("Marque “Assinar” para enviar a resposta.").wait_for()
    answer = tmp_path / "projeto-aprovado.pdf"
    answer.write_bytes(text_pdf("Projeto arquitetonico aprovado"))
    form.locator("input[type=file]").first.set_input_files(str(answer))
    form.get_by_label(re.compile("^Assinar: declaro")).check()
    axe(cpage)
    shot(cpage, "intimations-citizen-respond")
    form.get_by_role("button", name="Assinar e enviar resposta").click()
    receipt = cpage.get_by_test_id("receipt")
    receipt.get_by_role("heading", name="Recibo eletrônico de protocolo").wait_for()
    assert "projeto-aprovado.pdf" in receipt.inner_text()
    cpage.get_by_role("link", name="Intimações", exact=True).click()
    cpage.get_by_test_id("intimations").get_by_text("Respondida").wait_for()

    # --- the clerk sees it answered, with the certidão and the response's recibo --------
    spage.goto(f"{base}/processos/{process.uuid}")
    panel = spage.get_by_test_id("intimations-panel")
    panel.get_by_text("Respondida", exact=True).wait_for()
    panel.get_by_role("button", name=f"Ver certidão: {MARIA}").click()
    spage.get_by_test_id("document-pane").get_by_test_id("pdf-view").locator(
        ".textLayer", has_text="Certifico"
    ).wait_for()
    assert panel.get_by_role("button", name=f"Ver recibo da resposta: {MARIA}").count() == 1
    axe(spage)
    shot(spage, "intimations-process-panel-answered")
    clerk.close()
    citizen.close()

    # --- José (bronze) sees none of it, and reads how to raise his level ------------------
    page_watch.allow(403, "/api/v1/citizen/adhesion/")
    page_watch.allow(404, "/api/v1/citizen/processes/")
    context, page = sign_in_govbr(browser, port, JOSE)
    page.get_by_role("link", name="Intimações", exact=True).click()
    page.get_by_text("Você não tem intimações neste município.").wait_for()
    page.get_by_role("button", name="Aderir à intimação eletrônica").click()
    page.get_by_text("sua conta gov.br precisa do nível prata").wait_for()
    link = page.get_by_role("link", name="Como aumentar o nível da conta gov.br")
    assert link.get_attribute("href") == "https://confiabilidades.acesso.gov.br/"
    assert number not in page.content()
    axe(page)
    shot(page, "intimations-bronze-refused")
    page.goto(f"{base}/cidadao/processos/{process.uuid}")
    page.get_by_text("Processo não encontrado ou indisponível para você.").wait_for()
    context.close()
