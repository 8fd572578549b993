"""The staff app in a browser (issue 15): how fast a clerk sees work, and how much the
first page makes the browser download.

Against `make test`'s services, a municipality with a clerk whose unit has INBOX open
processes, one of them with DOCS documents (signed ofícios and PDFs); Django serves the
built SPA and the API from a threaded live server; headless Chromium (Playwright,
/usr/bin/chromium) signed in as the clerk loads, LOADS times each (after one warm-up,
browser cache warm as in a working day):

- the inbox (/): from navigation to the first row of the table visible;
- the process view (/processos/<id>): from navigation to the text of the newest
  document visible inside the document viewer's frame;

and sums the gzip size (level 6) of the JavaScript and CSS the first page loads.

    .venv/bin/python scripts/services.py exec -- .venv/bin/python bench/frontend.py \
        [--loads 20] [--docs 30] [--inbox 200]

Last line: inbox_visible_p95_ms=<ms> process_visible_p95_ms=<ms> initial_js_gzip_kb=<kb>
"""

import argparse
import contextlib
import gzip
import os
import statistics
import sys
import time

from _setup import ROOT, settle, setup, teardown

DB = os.environ.get("PM_BENCH_DB", "pm_bench_frontend")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "bench-frontend-2026"  # noqa: S105
CLERK_CPF = "11144477735"
SENDER_CPF = "39053344705"
NEWEST_TEXT = "Texto do documento mais recente do processo de referência."


def check(condition: bool, detail) -> None:
    if not condition:
        raise RuntimeError(f"benchmark precondition failed: {detail!r}")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def populate(inbox: int, docs: int):
    """The municipality, its clerk, the inbox and the process with `docs` documents."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tenants.utils import schema_context

    from accounts.models import User
    from core.files import blank_pdf
    from core.models import DocumentType, ProcessType, Unit
    from core.services import grant_municipal_admin, seed_defaults
    from core.services.dispatch import send
    from core.services.documents import create_internal, sign, upload_external
    from core.services.processes import create_process
    from core.services.staff import add_staff
    from tenants import services

    tenant = services.provision_tenant(ibge_code="3125101", name="Extrema", slug="extrema")
    admin_user = User.objects.create_user(cpf="52998224725", name="Alice Admin", password=PASSWORD)
    clerk_user = User.objects.create_user(cpf=CLERK_CPF, name="Bruno Servidor", password=PASSWORD)
    User.objects.create_user(cpf=SENDER_CPF, name="Carla Obras", password=PASSWORD)
    with schema_context(tenant.schema_name):
        root = seed_defaults()
        admin = grant_municipal_admin(user=admin_user)
        clerk = add_staff(
            admin=admin, cpf=CLERK_CPF, name="Bruno Servidor", email="b@example.org", unit=root
        )
        ptype = ProcessType.objects.get(name="Atendimento ao Cidadão: Requerimento")
        oficio = DocumentType.objects.get(name="Ofício")
        anexo = DocumentType.objects.get(name="Anexo")
        # The inbox: processes received from another unit (Recebidos, the default view).
        obras = Unit.objects.create(acronym="SEOB", name="Secretaria de Obras", parent=root)
        sender = add_staff(
            admin=admin, cpf=SENDER_CPF, name="Carla Obras", email="c@example.org", unit=obras
        )
        for i in range(inbox - 1):
            received = create_process(
                staff=sender,
                process_type=ptype,
                summary=f"Requerimento {i} de poda de árvore",
                access_level="public",
            )
            send(staff=sender, process=received, to_units=[root])
        process = create_process(
            staff=clerk,
            process_type=ptype,
            summary="Processo de referência com muitos documentos",
            access_level="public",
            parties=[{"document": "529.982.247-25", "name": "Maria Requerente"}],
        )
        internal = []
        for i in range(docs - 1):
            if i % 3 == 2:
                upload_external(
                    staff=clerk,
                    process=process,
                    document_type=anexo,
                    upload=SimpleUploadedFile(f"anexo-{i}.pdf", blank_pdf(2), "application/pdf"),
                )
            else:
                internal.append(
                    create_internal(
                        staff=clerk,
                        process=process,
                        document_type=oficio,
                        html=f"<p>Ofício {i}: " + "texto do ofício. " * 60 + "</p>",
                    )
                )
        internal.append(
            create_internal(
                staff=clerk, process=process, document_type=oficio, html=f"<p>{NEWEST_TEXT}</p>"
            )
        )
        sign(staff=clerk, user=clerk_user, documents=internal, password=PASSWORD)
        check(process.documents.count() == docs, "documents")
        return tenant, str(process.uuid)


def timed_loads(page, url: str, ready, loads: int) -> list[float]:
    """Navigate `loads` + 1 times (the first is a warm-up); ms from navigation to ready."""
    times = []
    for i in range(loads + 1):
        page.goto("about:blank")
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        ready(page)
        elapsed = (time.perf_counter() - t0) * 1000
        if i:
            times.append(elapsed)
        if os.environ.get("PM_BENCH_TRACE"):
            entries = page.evaluate(
                "() => performance.getEntries().filter((e) => e.duration > 5 || e.entryType"
                " === 'navigation').map((e) => `${e.entryType} ${e.name.split('/').slice(3)"
                ".join('/')} start=${e.startTime.toFixed(0)} dur=${e.duration.toFixed(0)}`)"
            )
            print(f"load {i}: {elapsed:.0f}ms\n  " + "\n  ".join(entries))
    return times


def main(loads: int, docs: int, inbox: int) -> None:
    dist = ROOT / "frontend" / "dist" / "index.html"
    check(dist.exists(), "frontend/dist is not built: run `make setup` (or `make test`) first")
    check(os.path.exists(CHROMIUM), f"{CHROMIUM} is missing")
    setup(DB)
    server = None
    try:
        from django.db import connection
        from playwright.sync_api import sync_playwright
        from pytest_django.live_server_helper import LiveServer

        started = time.perf_counter()
        tenant, process_id = populate(inbox, docs)
        settle()
        connection.set_schema_to_public()
        print(
            f"populated: inbox of {inbox} processes, one with {docs} documents "
            f"in {time.perf_counter() - started:.1f}s"
        )
        server = LiveServer("localhost")
        port = int(server.url.rsplit(":", 1)[1])
        base = f"http://{tenant.get_primary_domain().domain}:{port}"

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            context = browser.new_context(locale="pt-BR", timezone_id="America/Sao_Paulo")
            page = context.new_page()
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            # The first page, cold: what it downloads.
            assets: dict[str, bytes] = {}

            def keep(response):
                kind = response.request.resource_type
                if kind in ("script", "stylesheet") and response.ok:
                    # (a redirect or an aborted request has no body)
                    with contextlib.suppress(Exception):
                        assets[response.url] = response.body()

            page.on("response", keep)
            page.goto(f"{base}/entrar")
            page.get_by_label("CPF").fill(CLERK_CPF)
            page.get_by_label("Senha").fill(PASSWORD)
            page.get_by_role("button", name="Entrar").click()
            first_row = "[data-testid=inbox] tbody tr"
            page.locator(first_row).first.wait_for()
            page.remove_listener("response", keep)
            js = sum(
                len(gzip.compress(b, 6)) for u, b in assets.items() if ".js" in u.split("?")[0]
            )
            css = sum(
                len(gzip.compress(b, 6))
                for u, b in assets.items()
                if u.split("?")[0].endswith(".css")
            )
            for url in sorted(assets):
                print(
                    f"  first page loads {url.rsplit('/', 1)[-1]}: {len(assets[url]) / 1024:.0f} KB"
                )
            print(f"first page: JS {js / 1024:.1f} KB gzip, CSS {css / 1024:.1f} KB gzip")

            inbox_times = timed_loads(
                page, f"{base}/", lambda p: p.locator(first_row).first.wait_for(), loads
            )

            def document_visible(p):
                p.frame_locator("[data-testid=html-view]").get_by_text(NEWEST_TEXT).wait_for()

            process_times = timed_loads(
                page, f"{base}/processos/{process_id}", document_visible, loads
            )
            check(
                page.get_by_test_id("tree").get_by_role("button").count() == docs,
                "the tree lists every document",
            )
            browser.close()
        check(not errors, errors)

        for name, times in (("inbox first row", inbox_times), ("process document", process_times)):
            print(
                f"{name}: {len(times)} loads, p50={statistics.median(times):.0f}ms "
                f"p95={p95(times):.0f}ms max={max(times):.0f}ms"
            )
        print(
            f"inbox_visible_p95_ms={p95(inbox_times):.0f} "
            f"process_visible_p95_ms={p95(process_times):.0f} "
            f"initial_js_gzip_kb={js / 1024:.1f}"
        )
    finally:
        if server is not None:
            server.stop()
        teardown(DB)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--inbox", type=int, default=200)
    args = parser.parse_args()
    sys.exit(main(args.loads, args.docs, args.inbox))
