"""The SPA opens on a municipality's host and shows that municipality."""

import pytest

from tests.browser.conftest import axe, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _port(live_server) -> int:
    return int(live_server.url.rsplit(":", 1)[1])


def test_city_host_shows_the_municipality_name(page, live_server, tenant_a, public_tenant):
    external, failed = [], []
    page.on(
        "request",
        lambda req: None if "localhost" in req.url else external.append(req.url),
    )
    page.on("response", lambda res: failed.append(res.url) if res.status >= 400 else None)
    page.goto(f"http://extrema.localhost:{_port(live_server)}/")
    page.get_by_test_id("tenant-name").wait_for(timeout=15000)
    assert page.get_by_test_id("tenant-name").inner_text().strip() == "Extrema"
    assert page.get_by_text("Entrar com gov.br").is_visible()
    assert page.evaluate("document.documentElement.lang") == "pt-BR"
    # Fonts, icons and scripts come from our own host, never a CDN, and all of them exist.
    assert external == []
    assert failed == []
    axe(page)
    shot(page, "home-city-anonymous")


def test_state_host_shows_the_state(page, live_server, public_tenant, tenant_a):
    page.goto(f"http://localhost:{_port(live_server)}/")
    page.get_by_test_id("tenant-name").wait_for(timeout=15000)
    assert "Minas Gerais" in page.get_by_test_id("tenant-name").inner_text()


@pytest.mark.allow_http((404, "nowhere.localhost"))
def test_unknown_host_shows_the_portuguese_404(page, live_server, public_tenant):
    response = page.goto(f"http://nowhere.localhost:{_port(live_server)}/")
    assert response.status == 404
    assert "Endereço não encontrado" in page.content()
