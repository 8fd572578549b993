"""Login with gov.br in the browser, through the local fake IdP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_logs_in_on_extrema_and_lands_back_on_extrema(
    page, live_server, public_tenant, tenant_a
):
    port = int(live_server.url.rsplit(":", 1)[1])
    page.goto(f"http://extrema.localhost:{port}/")
    page.get_by_text("Entrar com gov.br").click()
    # The fake IdP's persona picker (gov.br's own login page in production).
    page.get_by_role("button", name="Cidadão (bronze) — José Cidadão").click()
    page.get_by_test_id("user-name").wait_for()
    assert page.url.startswith(f"http://extrema.localhost:{port}/")
    assert "José Cidadão" in page.get_by_test_id("user-name").inner_text()
    assert page.get_by_test_id("tenant-name").inner_text() == "Extrema"
    # A citizen is not staff here: his own area, and no 403 anywhere (page_watch).
    page.get_by_role("heading", name="Área do cidadão").wait_for()
    assert page.url.endswith("/cidadao")
    # The state host did not keep a session.
    page.goto(f"http://localhost:{port}/")
    page.get_by_test_id("tenant-name").wait_for()
    assert page.get_by_test_id("user-name").count() == 0
    # Logout goes through gov.br and back to the city.
    page.goto(f"http://extrema.localhost:{port}/")
    page.get_by_test_id("user-name").click()  # the person's menu
    page.get_by_role("button", name="Sair").click()
    page.get_by_text("Entrar com gov.br").wait_for()
    assert page.url.startswith(f"http://extrema.localhost:{port}/")


def test_a_clerk_of_extrema_is_only_a_citizen_on_ipatinga(
    page, live_server, public_tenant, tenant_a, tenant_b
):
    from django_tenants.utils import schema_context

    from accounts.models import User
    from core.services import grant_municipal_admin

    clerk = User.objects.create_user(cpf="39053344705", name="Ana Gestora de Extrema")
    with schema_context(tenant_a.schema_name):
        grant_municipal_admin(user=clerk)
    port = int(live_server.url.rsplit(":", 1)[1])
    for city, staff_here in (("extrema", True), ("ipatinga", False)):
        page.goto(f"http://{city}.localhost:{port}/")
        page.get_by_text("Entrar com gov.br").click()
        page.get_by_role(
            "button", name="Servidora de Extrema (prata) — Ana Gestora de Extrema"
        ).click()
        page.get_by_test_id("user-name").wait_for()
        assert page.url.startswith(f"http://{city}.localhost:{port}/")
        if staff_here:
            page.get_by_role("heading", name="Processos").wait_for()
        else:
            page.get_by_role("heading", name="Área do cidadão").wait_for()
