"""The process screen as clerks see it (issue 15): the document viewer shows what is
inside each document (the signed ofício's HTML in its frame, the uploaded PDF's text in
the pdf.js text layer, the image), the toolbar offers only what the person may do now,
concluding asks first and every action says what it did — in headless Chromium against
the real stack, with axe-core and screenshots at 1366 and 375 px."""

import io
import re
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.browser.conftest import SCREENSHOTS, WIDTHS, axe, shot
from tests.core.conftest import PASSWORD, city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFICIO_TEXT = "Senhor Secretário, solicito a poda da árvore da Rua das Flores."
PDF_TEXT = "Planta baixa aprovada pela engenharia"


def text_pdf(line: str) -> bytes:
    """A one-page PDF whose page says `line` in Helvetica (real text, not an image)."""
    stream = f"BT /F1 18 Tf 72 760 Td ({line}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def png(width: int = 40, height: int = 30) -> bytes:
    """A small blue PNG."""
    raw = b"".join(b"\x00" + b"\x13\x51\xb4" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def build_process(city):  # noqa: F811 (the fixture imported above)
    """GAB's open process: a signed ofício, a PDF, an image and an unsigned despacho."""
    from core.services.documents import create_internal, sign, upload_external
    from core.services.processes import create_process

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Poda de árvore na Rua das Flores",
            access_level="public",
            parties=[{"document": "529.982.247-25", "name": "Maria Requerente"}],
        )
        oficio = create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.oficio,
            html=f"<p>{OFICIO_TEXT}</p>",
        )
        sign(staff=city.clerk, user=city.clerk_user, documents=[oficio], password=PASSWORD)
        upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("planta.pdf", text_pdf(PDF_TEXT), "application/pdf"),
            description="Planta baixa",
        )
        upload_external(
            staff=city.clerk,
            process=process,
            document_type=city.anexo,
            upload=SimpleUploadedFile("foto.png", png(), "image/png"),
            description="Foto da árvore",
        )
        despacho = create_internal(
            staff=city.clerk,
            process=process,
            document_type=city.despacho,
            html="<p>Encaminhe-se à Secretaria de Obras.</p>",
        )
        return process, str(oficio), str(despacho)


def viewer_shot(page, name: str) -> None:
    """The document viewer itself at each width: Chromium paints a framed document only
    while it is on screen, so full-page shots show an empty frame below the fold."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.get_by_test_id("document-pane").screenshot(
                path=str(SCREENSHOTS / f"{name}-{width}.png")
            )
    finally:
        page.set_viewport_size(original)


def sign_in(browser, port, cpf):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"http://extrema.localhost:{port}/entrar")
    page.get_by_label("CPF").fill(cpf)
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("heading", name="Controle de processos").wait_for()
    return context, page


def toolbar_actions(page) -> set[str]:
    toolbar = page.get_by_role("toolbar", name="Ações do processo")
    toolbar.wait_for()
    return {b.get_attribute("data-action") for b in toolbar.get_by_role("button").all()}


def select_document(page, label: str):
    page.get_by_test_id("tree").get_by_role("button", name=label).click()
    pane = page.get_by_test_id("document-pane")
    pane.get_by_role("heading", name=label).wait_for()
    return pane


def test_generating_unit_sees_every_document_and_only_its_actions(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    process, oficio, despacho = build_process(city)
    port = int(live_server.url.rsplit(":", 1)[1])
    context, page = sign_in(browser, port, "111.444.777-35")  # Bruno, GAB
    page.goto(f"http://extrema.localhost:{port}/processos/{process.uuid}")
    page.get_by_test_id("process-number").wait_for()

    header = page.get_by_test_id("process-header").inner_text()
    assert str(process) in header and "Poda de árvore na Rua das Flores" in header
    assert "Maria Requerente" in header and "Público" in header
    assert "GAB" in page.get_by_test_id("open-units").inner_text()
    tree = page.get_by_test_id("tree").inner_text()
    assert oficio in tree and despacho in tree and "Anexo" in tree
    assert re.search(r"\d{2}/\d{2}/\d{4}", tree)  # dates as dd/mm/aaaa
    assert "(assinado)" in tree and "(minuta, sem assinatura)" in tree
    assert "(documento externo)" in tree

    # Open, generating unit, nothing locked: it may add, send, conclude — not reopen.
    actions = toolbar_actions(page)
    for action in ("add_document", "upload_document", "send", "conclude", "assign"):
        assert action in actions, actions
    assert "reopen" not in actions and "resume" not in actions

    # The signed ofício: its text inside the viewer's frame.
    pane = select_document(page, oficio)
    frame = page.frame_locator("[data-testid=html-view]")
    frame.get_by_text(OFICIO_TEXT).wait_for()
    assert "Assinado por Bruno Servidor" in pane.get_by_test_id("signature").inner_text()
    assert "sign" not in toolbar_actions(page)  # signed already by him
    pane.get_by_role("link", name=f"Baixar {oficio}").wait_for()
    pane.get_by_role("button", name=f"Imprimir {oficio}").wait_for()
    axe(page)
    shot(page, "process-view-oficio")
    viewer_shot(page, "process-view-oficio-viewer")

    # The PDF: drawn by pdf.js, its text in the text layer.
    pane = select_document(page, "Anexo (Planta baixa)")
    pdf = pane.get_by_test_id("pdf-view")
    pdf.locator(".textLayer", has_text=PDF_TEXT).wait_for()
    assert pdf.locator("canvas").count() == 1
    assert "planta.pdf" in pane.inner_text()
    shot(page, "process-view-pdf")

    # The image.
    page.get_by_test_id("tree").get_by_role("button", name="Anexo (Foto da árvore)").click()
    image = page.get_by_test_id("image-view")
    image.wait_for()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=image-view]')?.naturalWidth === 40"
    )

    # Including a file: the chosen file's name and size are shown before sending.
    page.get_by_role("button", name="Incluir documento externo").click()
    upload = page.get_by_role("dialog", name="Incluir documento externo")
    upload.get_by_role("button", name="Enviar arquivo").click()
    upload.get_by_text("Escolha o arquivo a incluir.").wait_for()
    upload.get_by_label("Arquivo").set_input_files(
        {"name": "parecer.pdf", "mimeType": "application/pdf", "buffer": text_pdf("Parecer")}
    )
    assert "parecer.pdf" in upload.get_by_test_id("upload-chosen").inner_text()
    axe(page)
    shot(page, "process-view-upload-dialog", full_page=False)
    upload.get_by_role("button", name="Cancelar").click()
    upload.wait_for(state="detached")

    # The unsigned despacho: a draft, edited in place, signed from the toolbar.
    pane = select_document(page, despacho)
    pane.get_by_test_id("unsigned").get_by_text("Documento sem assinatura").wait_for()
    pane.locator(".ql-editor").get_by_text("Encaminhe-se à Secretaria de Obras.").wait_for()
    assert "sign" in toolbar_actions(page)
    page.get_by_role("button", name="Assinar documento").click()
    dialog = page.get_by_role("dialog", name="Assinar documento")
    dialog.get_by_role("button", name="Confirmar assinatura").click()
    dialog.get_by_text("Informe sua senha para assinar.").wait_for()  # our own message
    axe(page)
    shot(page, "process-view-sign-dialog", full_page=False)
    dialog.get_by_label("Senha").fill(PASSWORD)
    dialog.get_by_role("button", name="Confirmar assinatura").click()
    page.get_by_test_id("process-notice").get_by_text(f"{despacho} assinado.").wait_for()
    page.frame_locator("[data-testid=html-view]").get_by_text(
        "Encaminhe-se à Secretaria de Obras."
    ).wait_for()

    # Concluding asks first; Voltar leaves it open.
    page.get_by_role("button", name="Concluir na minha unidade").click()
    confirm = page.get_by_role("dialog", name="Concluir na minha unidade")
    assert str(process) in confirm.inner_text() and "unidade GAB" in confirm.inner_text()
    axe(page)
    confirm.get_by_role("button", name="Voltar").click()
    confirm.wait_for(state="detached")
    page.get_by_role("button", name="Concluir na minha unidade").click()
    page.get_by_role("dialog").get_by_role("button", name="Concluir", exact=True).click()
    page.get_by_test_id("process-notice").get_by_text(
        f"Processo {process} concluído na unidade GAB."
    ).wait_for()
    page.get_by_role("button", name="Reabrir na minha unidade").wait_for()
    actions = toolbar_actions(page)
    assert "conclude" not in actions and "add_document" not in actions

    # Keyboard: the toolbar is one tab stop; arrows move along it.
    toolbar = page.get_by_role("toolbar", name="Ações do processo")
    toolbar.get_by_role("button").first.focus()
    first = page.evaluate("() => document.activeElement.dataset.action")
    page.keyboard.press("End")
    last = page.evaluate("() => document.activeElement.dataset.action")
    assert first != last or len(actions) == 1
    assert toolbar.locator("button[tabindex='0']").count() == 1
    context.close()


def test_a_unit_where_it_is_not_open_reads_but_cannot_change_it(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    process, oficio, despacho = build_process(city)
    port = int(live_server.url.rsplit(":", 1)[1])
    context, page = sign_in(browser, port, "390.533.447-05")  # Carla, SEOB
    page.goto(f"http://extrema.localhost:{port}/processos/{process.uuid}")
    page.get_by_test_id("process-number").wait_for()

    actions = toolbar_actions(page)
    for action in ("add_document", "upload_document", "send", "conclude", "reopen", "sign"):
        assert action not in actions, actions

    # The signed ofício is readable; GAB's draft is listed without its content.
    select_document(page, oficio)
    page.frame_locator("[data-testid=html-view]").get_by_text(OFICIO_TEXT).wait_for()
    pane = select_document(page, despacho)
    pane.get_by_test_id("content-unavailable").get_by_text(
        "Minuta de outra unidade — conteúdo disponível apenas na unidade geradora"
    ).wait_for()
    assert pane.locator(".ql-editor").count() == 0
    assert "sign" not in toolbar_actions(page) and "cancel" not in toolbar_actions(page)
    axe(page)
    shot(page, "process-view-other-unit")
    select_document(page, oficio)
    page.frame_locator("[data-testid=html-view]").get_by_text(OFICIO_TEXT).wait_for()
    viewer_shot(page, "process-view-other-unit-viewer")
    context.close()


def test_cancel_relate_annex_markers_and_watch_ask_and_say_what_they_did(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    from core.services.markers import save_marker
    from core.services.processes import create_process

    process, _oficio, despacho = build_process(city)
    with city.ctx():
        others = [
            create_process(
                staff=city.clerk,
                process_type=city.process_type,
                summary=summary,
                access_level="public",
            )
            for summary in ("Pedido de poda — vizinho", "Pedido de poda — duplicado")
        ]
        save_marker(staff=city.clerk, name="Urgente", color="red")
    related, annexed = (str(p) for p in others)
    port = int(live_server.url.rsplit(":", 1)[1])
    context, page = sign_in(browser, port, "111.444.777-35")  # Bruno, GAB
    page.goto(f"http://extrema.localhost:{port}/processos/{process.uuid}")
    page.get_by_test_id("process-number").wait_for()
    notice = page.get_by_test_id("process-notice")

    # Cancelling the draft despacho: asks (with a reason), then the tree says "cancelado"
    # and the viewer no longer shows its content.
    pane = select_document(page, despacho)
    pane.locator(".ql-editor").get_by_text("Encaminhe-se à Secretaria de Obras.").wait_for()
    page.get_by_role("button", name="Cancelar documento").click()
    dialog = page.get_by_role("dialog", name="Cancelar documento")
    assert f"Cancelar {despacho}?" in dialog.inner_text()
    dialog.get_by_role("button", name="Cancelar documento").click()
    dialog.get_by_label("Motivo do cancelamento").wait_for()
    axe(page)
    dialog.get_by_label("Motivo do cancelamento").fill("Gerado por engano.")
    dialog.get_by_role("button", name="Cancelar documento").click()
    notice.get_by_text(f"{despacho} cancelado.").wait_for()
    tree = page.get_by_test_id("tree")
    tree.locator("li[data-state=cancelled]").get_by_text("(cancelado)").wait_for()
    pane = page.get_by_test_id("document-pane")
    pane.get_by_text("Documento cancelado — conteúdo indisponível").wait_for()
    assert pane.locator(".ql-editor").count() == 0
    assert page.locator("[data-testid=html-view]").count() == 0
    assert "Encaminhe-se" not in pane.inner_text()
    axe(page)

    # Relacionar: find the other process by number, confirm.
    page.get_by_role("button", name="Relacionar", exact=True).click()
    dialog = page.get_by_role("dialog", name="Relacionar a outro processo")
    dialog.get_by_label("Número do outro processo").fill(related)
    dialog.get_by_role("button", name="Localizar").click()
    dialog.get_by_test_id("found-process").get_by_text("Pedido de poda — vizinho").wait_for()
    axe(page)
    dialog.get_by_role("button", name="Relacionar", exact=True).click()
    notice.get_by_text(f"Processo relacionado a {related}.").wait_for()

    # Anexar: the dialog says it cannot be undone; Anexar confirms.
    page.get_by_role("button", name="Anexar processo").click()
    dialog = page.get_by_role("dialog", name="Anexar outro processo a este")
    dialog.get_by_label("Número do outro processo").fill(annexed)
    dialog.get_by_role("button", name="Localizar").click()
    dialog.get_by_text(
        f"Anexar o processo {annexed} ao processo {process}? Esta operação não pode ser desfeita."
    ).wait_for()
    axe(page)
    dialog.get_by_role("button", name="Anexar", exact=True).click()
    notice.get_by_text(f"Processo {annexed} anexado a este.").wait_for()

    # Marcadores: apply the unit's marker.
    page.get_by_role("button", name="Marcadores").click()
    dialog = page.get_by_role("dialog", name="Marcadores da unidade")
    dialog.get_by_label("Marcador", exact=True).select_option(label="Urgente (Vermelho)")
    dialog.get_by_label("Texto (opcional)").fill("Prazo curto")
    axe(page)
    dialog.get_by_role("button", name="Aplicar marcador").click()
    notice.get_by_text("Marcador aplicado.").wait_for()
    page.get_by_test_id("process-header").get_by_text("Urgente").wait_for()

    # Acompanhamento especial.
    page.get_by_role("button", name="Acompanhamento especial").click()
    dialog = page.get_by_role("dialog", name="Acompanhamento especial")
    dialog.get_by_label("Observação (opcional)").fill("Ver com a Obras")
    axe(page)
    dialog.get_by_role("button", name="Acompanhar").click()
    notice.get_by_text("Processo incluído no seu acompanhamento especial.").wait_for()
    shot(page, "process-view-after-actions")

    # Enviar processo: the return date is typed as dd/mm/aaaa (not the browser's
    # mm/dd/yyyy), checked by our own message, and reaches the destination's inbox.
    page.get_by_role("button", name="Enviar processo").click()
    dialog = page.get_by_role("dialog", name="Enviar processo")
    dialog.get_by_label("Unidades de destino").select_option(label="SEOB — Secretaria de Obras")
    date = dialog.get_by_label("Retorno programado (opcional)")
    assert date.get_attribute("type") != "date"
    assert date.get_attribute("placeholder") == "dd/mm/aaaa"
    date.press_sequentially("31022027")
    assert date.input_value() == "31/02/2027"
    dialog.get_by_role("button", name="Enviar", exact=True).click()
    dialog.get_by_text("Data inválida: use o formato dd/mm/aaaa.").wait_for()
    axe(page)
    date.fill("")
    date.press_sequentially("10122027")
    dialog.get_by_role("button", name="Enviar", exact=True).click()
    notice.get_by_text("Processo enviado para SEOB.").wait_for()
    with city.ctx():
        from core.models import OpenIn

        row = OpenIn.objects.get(process=process, unit=city.obras)
        assert row.return_date.isoformat() == "2027-12-10"
    context.close()
