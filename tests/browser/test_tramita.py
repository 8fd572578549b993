"""A clerk of Extrema sends a process to Ipatinga through Tramita GOV.BR (the local fake),
in headless Chromium: the destination is found by name, the external status shows on the
process, and once the trâmite completes the process is read-only."""

import re

import pytest

from accounts.models import User
from tests.browser.conftest import axe, shot
from tests.core.conftest import PASSWORD, truncate_processes  # noqa: F401 (fixtures)
from tests.tramita.conftest import (  # noqa: F401 (fixtures)
    FEDERAL_REPO,
    INSS,
    city,
    city_b,
    drive,
    fake,
    mapped,
)
from tests.tramita.test_flows import ready_process, send
from tramita.models import Envelope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_sends_a_process_to_another_body_and_follows_it(
    page,
    live_server,
    public_tenant,
    mapped,  # noqa: F811 (the fixtures imported above)
    city_b,  # noqa: F811
    fake,  # noqa: F811
    truncate_processes,  # noqa: F811
    client_for,
):
    extrema = mapped
    process = ready_process(extrema, summary="Convênio de obras com Ipatinga")
    port = int(live_server.url.rsplit(":", 1)[1])
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)
    page.goto(f"http://extrema.localhost:{port}/entrar")
    page.get_by_label("CPF").fill("111.444.777-35")
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("heading", name="Processos").wait_for()

    page.goto(f"http://extrema.localhost:{port}/processos/{process.uuid}")
    page.get_by_test_id("process-number").wait_for()
    page.get_by_role("button", name="Enviar para outro órgão").click()
    dialog = page.get_by_role("dialog", name="Enviar para outro órgão (Tramita GOV.BR)")
    dialog.get_by_label("Repositório de estruturas").select_option(
        label="Municípios de Minas Gerais"
    )
    dialog.get_by_label("Buscar órgão ou unidade pelo nome").fill("Ipatinga")
    dialog.get_by_role("button", name=re.compile("Prefeitura Municipal de Ipatinga")).click()
    assert "PM-IPATINGA" in dialog.get_by_test_id("send-external-chosen").inner_text()
    dialog.get_by_label("Envio urgente").check()
    dialog.get_by_label("Motivo da urgência").select_option(label="Risco à saúde ou à vida")
    dialog.get_by_role("button", name="Confirmar envio").click()
    page.get_by_text("Envio para Prefeitura Municipal de Ipatinga solicitado.").wait_for()
    assert dialog.count() == 0

    panel = page.get_by_test_id("external-status")
    panel.get_by_test_id("external-envelope").wait_for()
    assert "Prefeitura Municipal de Ipatinga" in panel.inner_text()
    label = panel.get_by_test_id("external-status-label").inner_text()
    assert label in {"Na fila", "Enviando", "Aguardando o destinatário"}
    page.get_by_text("Processo em trâmite externo: somente leitura").wait_for()
    assert page.get_by_role("button", name="Incluir documento", exact=True).count() == 0

    # The worker's loop, in process, until Ipatinga has received it.
    drive(lambda: Envelope.objects.filter(status="completed").count() == 2)
    out = Envelope.objects.get(direction=Envelope.Direction.OUTBOUND)
    assert (out.urgent, out.urgency_reason) == (True, "Risco à saúde ou à vida")

    page.reload()
    panel = page.get_by_test_id("external-status")
    panel.get_by_test_id("external-status-label").get_by_text("Concluído").wait_for()
    text = panel.inner_text()
    assert "Prefeitura Municipal de Ipatinga" in text and str(out.idt) in text
    assert "Processo em trâmite externo: somente leitura" in text
    assert page.get_by_role("button", name="Enviar para outro órgão").count() == 0
    assert page.get_by_role("button", name="Assinar").count() == 0

    # A second one, to the INSS, waits there for the receipt.
    pending = ready_process(extrema, summary="Pedido ao INSS")
    clerk = client_for(extrema.tenant, extrema.clerk_user)
    assert send(clerk, pending, INSS, FEDERAL_REPO).status_code == 202
    drive(lambda: Envelope.objects.filter(status="in_transit").exists())

    # The state coordination sees both ends of the first, with the log, and cancels the second.
    User.objects.create_user(cpf="12345678909", name="Carla Coordenadora", is_coordinator=True,
                             email="carla@example.org", password="senha-forte-2026")  # fmt: skip
    page.goto(f"http://localhost:{port}/entrar")
    page.get_by_label("CPF").fill("123.456.789-09")
    page.get_by_label("Senha").fill("senha-forte-2026")
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("heading", name="Implantação nos municípios").wait_for()
    page.get_by_role("link", name="Trâmites externos (Tramita GOV.BR)").click()
    page.get_by_role("heading", name="Trâmites externos (Tramita GOV.BR)").wait_for()
    completed = page.get_by_test_id("tramita-count-completed").inner_text()
    assert " ".join(completed.split()) == "Concluído: 2"
    table = page.get_by_test_id("envelope-table")
    row = table.get_by_role("row").filter(has_text="Envio").filter(has_text="Ipatinga")
    assert "Extrema" in row.inner_text() and "Prefeitura Municipal de Ipatinga" in row.inner_text()
    row.get_by_role("button").click()
    log = page.get_by_test_id("envelope-log")
    log.get_by_test_id("envelope-events").wait_for()
    assert log.get_by_role("button", name="Cancelar trâmite").count() == 0  # it ended

    row = table.get_by_role("row").filter(has_text="Instituto Nacional do Seguro Social")
    assert "Aguardando o destinatário" in row.inner_text()
    row.get_by_role("button").click()
    log.get_by_role("button", name="Cancelar trâmite").click()
    confirm = page.get_by_role("dialog", name="Cancelar trâmite")
    confirm.get_by_role("button", name="Confirmar").click()
    log.get_by_text("Trâmite cancelado.").wait_for()
    row.get_by_text("Cancelado").wait_for()
    assert confirm.count() == 0
    with extrema.ctx():
        pending.refresh_from_db()
        assert pending.lock == ""  # editable again in Extrema
    mappings = page.get_by_test_id("mappings").inner_text()
    assert "PM Extrema" in mappings and "PM Ipatinga" in mappings
    assert failed == []


def _login(page, host: str, cpf: str, password: str, heading: str) -> None:
    page.goto(f"{host}/entrar")
    page.get_by_label("CPF").fill(cpf)
    page.get_by_label("Senha").fill(password)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("heading", name=heading).wait_for()


def test_clerk_sends_a_document_avulso_and_the_coordinator_filters_by_kind(
    page,
    browser,
    live_server,
    public_tenant,
    mapped,  # noqa: F811 (the fixtures imported above)
    city_b,  # noqa: F811
    fake,  # noqa: F811
    truncate_processes,  # noqa: F811
):
    extrema = mapped
    process = ready_process(extrema, summary="Ofício de cooperação com Ipatinga")
    with extrema.ctx():
        oficio = process.documents.get(kind="internal")
    port = int(live_server.url.rsplit(":", 1)[1])
    _login(page, f"http://extrema.localhost:{port}", "111.444.777-35", PASSWORD, "Processos")

    page.goto(f"http://extrema.localhost:{port}/processos/{process.uuid}?documento={oficio.uuid}")
    page.get_by_test_id("process-number").wait_for()
    page.get_by_role("button", name="Enviar documento para outro órgão").click()
    dialog = page.get_by_role("dialog", name="Enviar documento para outro órgão (Tramita GOV.BR)")
    assert "o processo continua nesta prefeitura" in dialog.inner_text()
    dialog.get_by_label("Repositório de estruturas").select_option(
        label="Municípios de Minas Gerais"
    )
    dialog.get_by_label("Buscar órgão ou unidade pelo nome").fill("Ipatinga")
    dialog.get_by_role("button", name=re.compile("Prefeitura Municipal de Ipatinga")).click()
    assert "PM-IPATINGA" in dialog.get_by_test_id("send-document-chosen").inner_text()
    # The uploaded planta goes as its anexo; the send is urgent, with Tramita's reason.
    attachments = dialog.get_by_role("group", name="Anexos (outros documentos do processo)")
    assert attachments.get_by_role("checkbox").count() == 1
    attachments.get_by_role("checkbox").check()
    dialog.get_by_label("Envio urgente").check()
    dialog.get_by_label("Motivo da urgência").select_option(label="Determinação judicial")
    axe(page)
    dialog.get_by_role("button", name="Confirmar envio").click()
    page.get_by_text(
        re.compile(r"Envio do documento .+ para Prefeitura Municipal de Ipatinga solicitado\.")
    ).wait_for()
    assert dialog.count() == 0
    panel = page.get_by_test_id("document-external")
    assert "Prefeitura Municipal de Ipatinga" in panel.inner_text()
    assert "Urgente" in panel.inner_text() and "Determinação judicial" in panel.inner_text()
    # The process stays here and editable.
    assert page.get_by_text("Processo em trâmite externo: somente leitura").count() == 0

    # The worker's loop, in process, until Ipatinga has received it; the page follows.
    drive(lambda: Envelope.objects.filter(status="completed").count() == 2)
    out = Envelope.objects.get(direction=Envelope.Direction.OUTBOUND)
    assert (out.kind, out.urgent) == ("document", True)
    panel.get_by_test_id("document-envelope-status").get_by_text("Concluído").wait_for(
        timeout=15_000
    )
    text = panel.inner_text()
    assert str(out.idt) in text and "Recibo de envio em" in text
    assert "Recibo de conclusão em" in text
    assert "Recibo de conclusão em\n—" not in text
    axe(page)
    shot(page, "tramita-document-sent")

    # Ipatinga: a new process holding the document, in the mapped unit's inbox.
    other = browser.new_context().new_page()
    _login(other, f"http://ipatinga.localhost:{port}", "862.883.667-57", PASSWORD, "Processos")
    row = other.get_by_role("row").filter(has_text="recebido de Prefeitura Municipal de Extrema")
    row.wait_for()
    assert "Documento avulso recebido de outro órgão" in row.inner_text()
    axe(other)
    # Its admin's "Trâmites externos": the kind shown and filtered; the repeat offered.
    other.goto(f"http://ipatinga.localhost:{port}/administracao/tramites-externos")
    other.get_by_label("Tipo").select_option(label="Documento avulso")
    mine = other.get_by_test_id("envelope-table").get_by_role("row").filter(has_text="Recebimento")
    assert "Documento avulso" in mine.inner_text()
    mine.get_by_role("button").click()
    other_log = other.get_by_test_id("envelope-log")
    other_log.get_by_role("button", name="Solicitar reprodução do trâmite").wait_for()
    assert other_log.get_by_role("button", name="Cancelar trâmite").count() == 0
    axe(other)
    other.context.close()

    # The state coordination filters documentos avulsos.
    User.objects.create_user(cpf="12345678909", name="Carla Coordenadora", is_coordinator=True,
                             email="carla@example.org", password="senha-forte-2026")  # fmt: skip
    _login(
        page,
        f"http://localhost:{port}",
        "123.456.789-09",
        "senha-forte-2026",
        "Implantação nos municípios",
    )
    page.get_by_role("link", name="Trâmites externos (Tramita GOV.BR)").click()
    page.get_by_role("heading", name="Trâmites externos (Tramita GOV.BR)").wait_for()
    page.get_by_label("Tipo").select_option(label="Documento avulso")
    table = page.get_by_test_id("envelope-table")
    rows = table.get_by_role("row").filter(has_text="Documento avulso")
    rows.nth(1).wait_for()
    assert table.locator("tbody tr").count() == 2
    received = rows.filter(has_text="Recebimento")
    assert "Ipatinga" in received.inner_text()
    assert "Prefeitura Municipal de Extrema" in received.inner_text()
    sent = rows.filter(has_text="Envio")
    assert "Extrema" in sent.inner_text() and "Urgente" in sent.inner_text()
    page.get_by_label("Tipo").select_option(label="Processo")
    page.get_by_text("Nenhum trâmite externo encontrado.").wait_for()

    # The receiving side may ask the sender to repeat it.
    page.get_by_label("Tipo").select_option(label="Documento avulso")
    received.get_by_role("button").click()
    log = page.get_by_test_id("envelope-log")
    log.get_by_role("button", name="Solicitar reprodução do trâmite").click()
    confirm = page.get_by_role("dialog", name="Solicitar reprodução do trâmite")
    confirm.get_by_role("button", name="Confirmar").click()
    log.get_by_text("Reprodução do trâmite solicitada ao remetente.").wait_for()
    axe(page)
