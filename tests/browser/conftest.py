"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

`make test` installs Debian's chromium when it is missing and it runs as root
(scripts/ensure_chromium.sh); elsewhere these tests are skipped, saying why.

What every browser test gets:
- `page_watch` (autouse): fails the test when any page it opened logs a console error,
  throws an uncaught exception, or receives a 4xx/5xx response that the test did not
  declare as expected. Declare one with `page_watch.allow(403, "/api/v1/me/")` or with the
  marker `@pytest.mark.allow_http((403, "/api/v1/me/"), ...)`.
- `axe(page)`: runs axe-core (frontend/node_modules/axe-core) on the page and fails on any
  serious or critical violation.
- `shot(page, name)`: screenshots at 1366 px and 375 px wide under
  .local/artifacts/screenshots/ (gitignored), and fails when the page scrolls sideways on
  a 375-px phone.
"""

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / ".local" / "artifacts" / "screenshots"))
WIDTHS = (1366, 375)

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


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "allow_http(*rules): (status, url substring) pairs of 4xx/5xx responses the test "
        "expects; status None matches any status",
    )


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
        yield _WatchedBrowser(browser)
        browser.close()


# Console lines Chromium prints for every failed request ("Failed to load resource: the
# server responded with a status of 403 (Forbidden)"): judged with the response itself.
RESOURCE_ERROR = re.compile(r"Failed to load resource: the server responded with a status of")


@dataclass
class PageWatch:
    """Problems seen on the pages of one test, and the ones the test expects."""

    allowed: list[tuple[int | None, str]] = field(default_factory=list)
    responses: list[tuple[int, str]] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def allow(self, status: int | None, url_part: str = "") -> None:
        """Expect a 4xx/5xx response (status None: any) whose URL contains `url_part`."""
        self.allowed.append((status, url_part))

    def is_allowed(self, status: int, url: str) -> bool:
        return any((want is None or want == status) and part in url for want, part in self.allowed)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        if RESOURCE_ERROR.search(message.text):
            return  # the response handler decides whether it was expected
        location = message.location or {}
        self.console.append(f"{message.text} ({location.get('url', '')})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.responses.append((response.status, response.url))

    def problems(self) -> list[str]:
        found = [f"console error: {line}" for line in self.console]
        found += [
            f"unexpected HTTP {status}: {url}"
            for status, url in self.responses
            if not self.is_allowed(status, url)
        ]
        return found


_current_watch: PageWatch | None = None


class _WatchedBrowser:
    """The Playwright browser, with every page of every context watched by the current
    test's PageWatch (so tests that open their own contexts are covered too)."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        kwargs.setdefault("locale", "pt-BR")
        kwargs.setdefault("timezone_id", "America/Sao_Paulo")
        context = self._browser.new_context(**kwargs)
        context.on("page", lambda page: _current_watch and _current_watch.attach(page))
        return context

    def new_page(self, **kwargs):
        return self.new_context(**kwargs).new_page()

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def page_watch(request):
    """Fails the test on a console error or an unexpected 4xx/5xx on any of its pages."""
    global _current_watch
    watch = PageWatch()
    for marker in request.node.iter_markers("allow_http"):
        for status, url_part in marker.args:
            watch.allow(status, url_part)
    _current_watch = watch
    yield watch
    _current_watch = None
    problems = watch.problems()
    if problems:
        pytest.fail("the browser saw problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def axe(page, *, exclude: tuple[str, ...] = (), rules_off: tuple[str, ...] = ()) -> dict:
    """Runs axe-core on the page as it is now; fails on serious or critical violations.
    Returns axe's result (violations of every impact, for a closer look)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        page.evaluate("(source) => { (0, eval)(source); }", AXE_JS.read_text())
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in rules_off},
    }
    result = page.evaluate(
        """async ([exclude, options]) => {
            const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
            const r = await window.axe.run(context, options);
            return { violations: r.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 160),
                                             summary: n.failureSummary })) })) };
        }""",
        [list(exclude), options],
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    if serious:
        report = json.dumps(serious, ensure_ascii=False, indent=1)[:6000]
        pytest.fail(f"axe: {len(serious)} serious/critical violation(s) on {page.url}:\n{report}")
    return result


def shot(page, name: str, *, full_page: bool = True, check_overflow: bool = True) -> list[Path]:
    """Saves `<name>-1366.png` and `<name>-375.png`; fails when, at 375 px, the page is
    wider than the screen (a phone user would have to scroll sideways)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size or {"width": 1280, "height": 720}
    paths, overflow = [], None
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            # Two frames: layout and paint after the resize.
            page.evaluate(
                "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            path = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(path), full_page=full_page)
            paths.append(path)
            if width == min(WIDTHS):
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
    finally:
        page.set_viewport_size(original)
    if check_overflow and overflow and overflow > 1:
        pytest.fail(f"{name}: at {min(WIDTHS)} px the page is {overflow} px wider than the screen")
    return paths
