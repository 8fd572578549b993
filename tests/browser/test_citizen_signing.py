"""The citizen's advanced signature and the intercorrente screen, in the browser: a prata
citizen files a restrito petition, authorises it on the (fake) gov.br signature screen and
lands on the recibo stating "Assinatura eletrônica avançada"; a bronze citizen is told
how to raise his level and never reaches the ITI; a citizen files an intercorrente from
the page of his process, and a number he may not reach gets "not found"."""

import httpx
import pytest
from django.conf import settings

from tests.browser.conftest import axe, shot
from tests.browser.test_citizens import JOSE, govbr_as, make_petition_type, sign_in_govbr
from tests.browser.test_process_view import text_pdf
from tests.browser.test_screens import _base
from tests.core.conftest import city, truncate_processes  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANA_CPF, ANA = "08301661305", "Ana Vizinha"


def _iti_counters() -> dict:
    return httpx.get(f"{settings.ITI_AUTH_URL}/_fake/state", timeout=10).json()["counters"]


def test_a_prata_citizen_signs_a_restricted_petition_with_govbr_and_lands_on_the_recibo(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    tmp_path,
):
    _pt, requerimento = make_petition_type(city)
    base = _base(live_server)
    context, page = govbr_as(browser, base, cpf=ANA_CPF, name=ANA, level="silver")
    page.get_by_role("link", name="Peticionar", exact=True).click()
    page.get_by_role("link", name=f"Peticionar: {city.process_type.name}").click()
    form = page.get_by_test_id("petition-form")
    form.wait_for()
    level = page.get_by_test_id("signature-level")
    assert level.inner_text() == "Esta petição será assinada com: Assinatura eletrônica simples."

    laudo = tmp_path / "laudo-medico.pdf"
    laudo.write_bytes(text_pdf("Laudo médico de Ana"))
    page.get_by_label("Especificação do pedido").fill("Isenção de taxa por motivo de saúde")
    page.locator(f"#file-{requerimento.uuid}").set_input_files(str(laudo))
    page.locator(f"#level-{requerimento.uuid}").select_option("restricted")
    # The form says which signature the petition needs now, and why.
    assert "Assinatura eletrônica avançada (gov.br)" in level.inner_text()
    page.get_by_text("há documento com nível de acesso restrito").wait_for()
    page.get_by_role("button", name="Assinar e enviar").click()
    page.get_by_text("Escolha a hipótese legal do documento restrito.").wait_for()
    page.locator(f"#basis-{requerimento.uuid}").select_option(index=1)
    page.get_by_label("Assinar: li e concordo com a declaração acima").check()
    axe(page)
    shot(page, "citizen-petition-advanced")
    before = _iti_counters()
    page.get_by_role("button", name="Assinar e enviar").click()

    # The (fake) gov.br signature screen: Ana authorises with her certificate.
    page.locator("input[name=cpf]").fill(ANA_CPF)
    page.locator("input[name=name]").fill(ANA)
    page.locator("select[name=level]").select_option("silver")
    page.get_by_role("button", name="Autorizar").click()

    # Back on the city host: the recibo, signed with the advanced signature.
    receipt = page.get_by_test_id("receipt")
    receipt.get_by_role("heading", name="Recibo eletrônico de protocolo").wait_for()
    assert "/cidadao/recibos/" in page.url
    signature = page.get_by_test_id("receipt-signature")
    assert signature.inner_text() == "Assinatura eletrônica avançada (gov.br)"
    text = receipt.inner_text()
    assert "laudo-medico.pdf" in text and "Restrito" in text and ANA in text
    after = _iti_counters()
    assert after["authorize"] - before["authorize"] == 1
    assert after["sign"] - before["sign"] == 2  # the document and the manifest
    axe(page)
    shot(page, "citizen-receipt-advanced")
    context.close()


@pytest.mark.allow_http((403, "/api/v1/citizen/uploads/"))
def test_a_bronze_citizen_sees_how_to_raise_his_level_and_never_reaches_the_iti(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    tmp_path,
):
    pt, requerimento = make_petition_type(city)
    with city.ctx():
        from citizens.models import PetitionType

        PetitionType.objects.filter(pk=pt.pk).update(requires_advanced=True)
    port = int(live_server.url.rsplit(":", 1)[1])
    context, page = sign_in_govbr(browser, port, JOSE)
    page.get_by_role("link", name="Peticionar", exact=True).click()
    page.get_by_role("link", name=f"Peticionar: {city.process_type.name}").click()
    page.get_by_test_id("petition-form").wait_for()
    step = page.get_by_test_id("signature-step")
    step.get_by_text("este tipo de processo exige assinatura avançada").wait_for()
    warning = page.get_by_test_id("signature-upgrade")
    assert "nível prata ou ouro" in warning.inner_text()
    link = warning.get_by_role("link", name="Como aumentar o nível da conta gov.br")
    assert link.get_attribute("href") == "https://confiabilidades.acesso.gov.br/"

    pedido = tmp_path / "pedido.pdf"
    pedido.write_bytes(text_pdf("Pedido"))
    page.get_by_label("Especificação do pedido").fill("Pedido de alvará")
    page.locator(f"#file-{requerimento.uuid}").set_input_files(str(pedido))
    page.get_by_label("Assinar: li e concordo com a declaração acima").check()
    before = _iti_counters()
    page.get_by_role("button", name="Assinar e enviar").click()
    page.get_by_text("sua conta gov.br precisa do nível prata").wait_for()
    assert page.url.startswith(_base(live_server))  # never sent to the ITI
    assert _iti_counters() == before
    axe(page)
    shot(page, "citizen-petition-bronze-advanced")
    context.close()


@pytest.mark.allow_http((404, "/api/v1/citizen/intercurrent/"))
def test_a_citizen_files_an_intercorrente_from_the_process_page(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    tmp_path,
):
    from core.services.processes import create_process

    with city.ctx():
        process = create_process(
            staff=city.clerk,
            process_type=city.process_type,
            summary="Alvará de obra na Rua A",
            access_level="public",
            parties=[{"document": ANA_CPF, "name": ANA}],
        )
        number = str(process)
    base = _base(live_server)
    context, page = govbr_as(browser, base, cpf=ANA_CPF, name=ANA, level="silver")
    page.get_by_test_id("my-processes").get_by_role("link", name=number).click()
    page.get_by_role("link", name="Peticionar neste processo").click()
    page.get_by_role("heading", name=f"Peticionar no processo {number}").wait_for()
    axe(page)
    page.get_by_role("button", name="Assinar e enviar").click()
    page.get_by_text("Escolha o tipo de documento.").wait_for()
    page.get_by_text("Escolha o arquivo.").wait_for()

    planta = tmp_path / "planta-baixa.pdf"
    planta.write_bytes(text_pdf("Planta baixa revisada"))
    page.get_by_label("Tipo de documento").select_option(label="Anexo")
    page.locator("#doc-file-0").set_input_files(str(planta))
    page.get_by_label("Assinar: li e concordo com a declaração acima").check()
    assert "Assinatura eletrônica simples" in page.get_by_test_id("signature-level").inner_text()
    shot(page, "citizen-intercurrent-form")
    page.get_by_role("button", name="Assinar e enviar").click()

    receipt = page.get_by_test_id("receipt")
    receipt.get_by_role("heading", name="Recibo eletrônico de protocolo").wait_for()
    assert page.get_by_test_id("receipt-number").inner_text() == number
    assert "planta-baixa.pdf" in receipt.inner_text()
    assert page.get_by_test_id("receipt-signature").inner_text() == (
        "Assinatura eletrônica simples"
    )
    axe(page)
    shot(page, "citizen-intercurrent-receipt")

    # By number: one he may not reach reads as an unknown one.
    page.goto(f"{base}/cidadao/intercorrente")
    page.get_by_label("Número do processo").fill("5001.01.0009999/2026-00")
    page.get_by_label("Tipo de documento").select_option(label="Anexo")
    page.locator("#doc-file-0").set_input_files(str(planta))
    page.get_by_label("Assinar: li e concordo com a declaração acima").check()
    page.get_by_role("button", name="Assinar e enviar").click()
    page.get_by_text("Processo não encontrado ou indisponível para você.").wait_for()
    axe(page)
    shot(page, "citizen-intercurrent-not-found")
    context.close()


@pytest.mark.allow_http((400, "/api/v1/citizen/signatures/complete/"))
def test_a_refused_gov_br_signature_files_nothing_and_signing_again_works(
    browser,
    live_server,
    public_tenant,
    city,  # noqa: F811
    truncate_processes,  # noqa: F811
    tmp_path,
):
    _pt, requerimento = make_petition_type(city)
    base = _base(live_server)
    context, page = govbr_as(browser, base, cpf=ANA_CPF, name=ANA, level="silver")
    page.get_by_role("link", name="Peticionar", exact=True).click()
    page.get_by_role("link", name=f"Peticionar: {city.process_type.name}").click()
    laudo = tmp_path / "laudo.pdf"
    laudo.write_bytes(text_pdf("Laudo"))
    page.get_by_label("Especificação do pedido").fill("Isenção de taxa")
    page.locator(f"#file-{requerimento.uuid}").set_input_files(str(laudo))
    page.locator(f"#level-{requerimento.uuid}").select_option("restricted")
    page.locator(f"#basis-{requerimento.uuid}").select_option(index=1)
    page.get_by_label("Assinar: li e concordo com a declaração acima").check()
    page.get_by_role("button", name="Assinar e enviar").click()

    # gov.br returns a CMS over another hash: refused, nothing filed.
    page.locator("input[name=cpf]").fill(ANA_CPF)
    page.locator("input[name=name]").fill(ANA)
    page.locator("select[name=level]").select_option("silver")
    page.locator("select[name=fault]").select_option("wrong_digest")
    page.get_by_role("button", name="Autorizar").click()
    back = page.get_by_test_id("signing-return")
    back.get_by_text("A petição não foi protocolada.").wait_for()
    back.get_by_text("não confere com o documento").wait_for()
    with city.ctx():
        from citizens.models import Petition

        assert not Petition.objects.exists()
    axe(page)
    shot(page, "citizen-signing-refused")

    # "Assinar de novo": the same petition (its files were kept), a new authorisation.
    page.get_by_role("button", name="Assinar de novo com gov.br").click()
    page.locator("input[name=cpf]").fill(ANA_CPF)
    page.locator("input[name=name]").fill(ANA)
    page.locator("select[name=level]").select_option("silver")
    page.get_by_role("button", name="Autorizar").click()
    page.get_by_test_id("receipt").get_by_role(
        "heading", name="Recibo eletrônico de protocolo"
    ).wait_for()
    assert page.get_by_test_id("receipt-signature").inner_text() == (
        "Assinatura eletrônica avançada (gov.br)"
    )
    context.close()
