"""A clerk creates a process, writes and signs an ofício, uploads a PDF, and sees both
in the tree — in headless Chromium against the real stack."""

import pytest

from core.files import blank_pdf
from tests.core.conftest import PASSWORD, city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.allow_http((403, "/api/v1/signatures/"))  # the wrong password, on purpose
def test_clerk_creates_a_process_signs_an_oficio_and_uploads_a_pdf(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    port = int(live_server.url.rsplit(":", 1)[1])
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 500 else None)
    page.goto(f"http://extrema.localhost:{port}/entrar")
    page.get_by_label("CPF").fill("111.444.777-35")
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("heading", name="Processos").wait_for()

    page.get_by_role("link", name="Iniciar processo").click()
    page.get_by_label("Tipo de processo").select_option(
        label="Atendimento ao Cidadão: Requerimento"
    )
    page.get_by_label("Especificação").fill("Pedido de poda de árvore na Rua das Flores")
    page.get_by_role("button", name="Adicionar interessado").click()
    page.get_by_label("CPF ou CNPJ").fill("529.982.247-25")
    page.get_by_label("Nome", exact=True).fill("Maria Requerente")
    page.get_by_role("button", name="Gerar processo").click()
    number = page.get_by_test_id("process-number")
    number.wait_for()
    assert number.inner_text().count(".") == 2  # OOOO.UU.SSSSSSS/AAAA-DD
    # The new-process screen's message, shown in place by the process view.
    page.get_by_test_id("process-notice").get_by_text(
        f"Processo {number.inner_text()} gerado."
    ).wait_for()

    # Write an ofício in the editor and sign it.
    page.get_by_role("button", name="Incluir documento", exact=True).click()
    page.get_by_test_id("new-internal").get_by_label("Tipo de documento").select_option(
        label="Ofício"
    )
    page.get_by_test_id("new-internal").get_by_role("button", name="Incluir documento").click()
    editor = page.locator(".ql-editor")
    editor.wait_for()
    editor.click()
    page.keyboard.type("Senhor Secretário, solicito a poda da árvore.")
    page.get_by_role("button", name="Salvar").click()
    page.get_by_text("Ofício nº 1/2026: versão 2 salva.").wait_for()
    page.get_by_role("button", name="Assinar documento").click()
    dialog = page.get_by_role("dialog", name="Assinar documento")
    dialog.get_by_label("Senha").fill("senha-errada")
    dialog.get_by_role("button", name="Confirmar assinatura").click()
    dialog.get_by_text("Senha incorreta").wait_for()
    dialog.get_by_label("Senha").fill(PASSWORD)
    dialog.get_by_role("button", name="Confirmar assinatura").click()
    page.get_by_text("Ofício nº 1/2026 assinado.").wait_for()
    page.get_by_test_id("signature").wait_for()
    assert "Assinado por Bruno Servidor" in page.get_by_test_id("signature").inner_text()

    # Upload a PDF.
    page.get_by_role("button", name="Incluir documento externo").click()
    form = page.get_by_test_id("new-external")
    form.get_by_label("Tipo de documento").select_option(label="Anexo")
    form.get_by_label("Arquivo").set_input_files(
        {"name": "planta.pdf", "mimeType": "application/pdf", "buffer": blank_pdf()}
    )
    form.get_by_test_id("upload-chosen").get_by_text("planta.pdf").wait_for()
    form.get_by_role("button", name="Enviar arquivo").click()
    page.get_by_test_id("document-pane").get_by_role("heading", name="Anexo").wait_for()

    tree = page.get_by_test_id("tree").inner_text()
    assert "Ofício nº" in tree and "Anexo" in tree
    page.get_by_role("tab", name="Histórico").click()
    history = page.get_by_test_id("history").inner_text()
    assert "assinado por Bruno Servidor" in history and "Documento externo Anexo" in history
    assert failed == []


def test_unit_a_sends_to_unit_b_whose_clerk_sees_it_unread_opens_assigns_and_concludes(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    from core.services.processes import create_process
    from core.services.staff import add_staff

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Vistoria de calçada",
            access_level="public",
        )
        add_staff(  # a colleague of Carla's in SEOB
            admin=city.admin,
            cpf="86288366757",
            name="Davi Engenheiro",
            email="davi@example.org",
            unit=city.obras,
        )
    port = int(live_server.url.rsplit(":", 1)[1])

    def sign_in(cpf):
        context = browser.new_context(locale="pt-BR")
        page = context.new_page()
        page.goto(f"http://extrema.localhost:{port}/entrar")
        page.get_by_label("CPF").fill(cpf)
        page.get_by_label("Senha").fill(PASSWORD)
        page.get_by_role("button", name="Entrar").click()
        page.get_by_role("heading", name="Controle de processos").wait_for()
        return context, page

    context_a, a = sign_in("111.444.777-35")  # Bruno, GAB
    a.get_by_text("Gerados").click()
    a.locator("[data-testid=inbox] tr", has_text="Vistoria de calçada").get_by_role("link").click()
    a.get_by_role("button", name="Enviar processo").click()
    a.get_by_label("Unidades de destino").select_option(label="SEOB — Secretaria de Obras")
    a.get_by_label("Observação (opcional)").fill("Para vistoria")
    a.get_by_role("button", name="Enviar", exact=True).click()
    a.get_by_text("Processo enviado para SEOB.").wait_for()
    context_a.close()

    context_b, b = sign_in("390.533.447-05")  # Carla, SEOB
    row = b.locator("[data-testid=inbox] tr[data-unread=true]")
    row.wait_for()
    assert "Vistoria de calçada" in row.inner_text() and "não lido" in row.inner_text()
    assert row.get_attribute("data-assignee") == ""
    row.get_by_role("link").click()
    b.get_by_test_id("process-number").wait_for()
    assert "Sem atribuição" in b.get_by_test_id("assignee").inner_text()

    # Assign it to herself in the process, then to her colleague from the inbox.
    b.get_by_role("button", name="Atribuir", exact=True).click()
    b.get_by_test_id("assign-form").get_by_label("Atribuir a").select_option(label="Carla Obras")
    b.get_by_role("button", name="Confirmar atribuição").click()
    b.get_by_text(f"Processo {process} atribuído a Carla Obras.").wait_for()
    b.get_by_test_id("assignee").filter(has_text="Carla Obras").wait_for()
    b.get_by_role("button", name="Abrir o menu").click()
    b.get_by_role("link", name="Controle de processos").click()
    b.get_by_label("Atribuídos a mim").check()
    mine = b.locator("[data-testid=inbox] tr", has_text="Vistoria de calçada")
    mine.wait_for()
    assert mine.get_attribute("data-assignee") == "Carla Obras"
    assert mine.get_attribute("data-unread") == "false"  # opened: received
    mine.get_by_label(f"Atribuição do processo {process}").select_option(label="Davi Engenheiro")
    b.get_by_text(f"Processo {process} atribuído a Davi Engenheiro.").wait_for()
    b.get_by_text("Nenhum processo aberto nesta unidade.").wait_for()  # no longer mine
    b.get_by_label("Atribuídos a mim").uncheck()
    b.locator("[data-testid=inbox] tr[data-assignee='Davi Engenheiro']").wait_for()

    b.locator("[data-testid=inbox] tr", has_text="Vistoria de calçada").get_by_role("link").click()
    b.get_by_test_id("process-number").wait_for()
    assert "Davi Engenheiro" in b.get_by_test_id("assignee").inner_text()
    b.get_by_role("button", name="Concluir na minha unidade").click()
    b.get_by_role("dialog").get_by_role("button", name="Concluir", exact=True).click()
    b.get_by_text(f"Processo {process} concluído na unidade SEOB.").wait_for()
    b.get_by_role("tab", name="Histórico").click()
    history = b.get_by_test_id("history").inner_text()
    for line in (
        "enviado para SEOB",
        "recebido na unidade SEOB",
        "atribuído na unidade SEOB",
        "concluído na unidade SEOB",
    ):
        assert line in history
    context_b.close()


def test_anyone_looks_a_public_process_up_on_the_state_host(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    from core.services.processes import create_process

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Reforma da praça central",
            access_level="public",
        )
        number = str(process)
    port = int(live_server.url.rsplit(":", 1)[1])
    page.goto(f"http://localhost:{port}/")
    page.get_by_role("link", name="Consulta pública").click()
    page.get_by_label("Número do processo").fill(number)
    page.get_by_role("button", name="Consultar").click()
    result = page.get_by_test_id("lookup-result")
    result.wait_for()
    assert "Extrema" in result.inner_text() and "Reforma da praça central" in result.inner_text()


def test_clerk_searches_from_the_menu_with_filters(
    page,
    live_server,
    public_tenant,
    city,  # noqa: F811 (the fixture imported above)
    truncate_processes,  # noqa: F811
):
    from core.services.processes import create_process

    with city.ctx():
        poda = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Poda de árvores na Rua das Flores",
            access_level="public",
            parties=[{"document": "529.982.247-25", "name": "Maria Requerente"}],
        )
        create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Reforma da escola municipal",
            access_level="public",
        )
        create_process(  # restricted to SEOB: never found by a clerk of GAB
            staff=city.other,
            process_type=city.process_type,
            summary="Poda de árvores na praça, com dados pessoais",
            access_level="restricted",
            legal_basis=city.personal,
        )
    port = int(live_server.url.rsplit(":", 1)[1])
    page.goto(f"http://extrema.localhost:{port}/entrar")
    page.get_by_label("CPF").fill("111.444.777-35")
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("button", name="Abrir o menu").click()
    page.get_by_role("link", name="Pesquisa", exact=True).click()
    page.get_by_role("heading", name="Pesquisar processos").wait_for()

    page.get_by_label("Palavras").fill("arvore")  # no accent, singular
    page.get_by_role("button", name="Pesquisar", exact=True).click()
    page.get_by_text("1 processo encontrado.").wait_for()
    results = page.get_by_test_id("search-results").inner_text()
    assert "Poda de árvores na Rua das Flores" in results and "praça" not in results
    assert str(poda) in results and "GAB" in results

    page.get_by_label("Palavras").fill("")
    page.get_by_label("Interessado (CPF, CNPJ ou nome)").fill("maria req")
    page.get_by_label("Unidade geradora").select_option(label="GAB — Gabinete do Prefeito")
    page.get_by_role("button", name="Pesquisar", exact=True).click()
    page.get_by_text("1 processo encontrado.").wait_for()
    assert "party=maria+req" in page.url and "unit=GAB" in page.url

    page.get_by_label("Autuado a partir de").fill("02/01/2030")
    page.get_by_label("Autuado até").fill("01/01/2030")
    page.get_by_role("button", name="Pesquisar", exact=True).click()
    page.get_by_text("A data final deve ser igual ou posterior à data inicial.").wait_for()

    page.get_by_role("button", name="Limpar filtros").click()
    page.get_by_label("Palavras").fill("inexistente")
    page.get_by_role("button", name="Pesquisar", exact=True).click()
    page.get_by_text("Nenhum processo encontrado com estes filtros.", exact=False).wait_for()

    page.get_by_label("Palavras").fill("escola")
    page.get_by_role("button", name="Pesquisar", exact=True).click()
    page.get_by_test_id("search-results").get_by_role("link").click()
    page.get_by_test_id("process-number").wait_for()
    assert "Reforma da escola municipal" in page.content()
