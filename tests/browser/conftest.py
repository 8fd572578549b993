"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

`make test` installs Debian's chromium when it is missing and it runs as root
(scripts/ensure_chromium.sh); elsewhere these tests are skipped, saying why."""

import os
import shutil

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(
            f"{CHROMIUM} is missing and could not be installed (apt-get needs root): "
            "install Debian's chromium to run the browser tests"
        )
    if not (settings.FRONTEND_DIST / "index.html").exists():
        pytest.fail("frontend/dist is not built: run `make test`, which builds it first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="pt-BR")
    page = context.new_page()
    yield page
    context.close()
