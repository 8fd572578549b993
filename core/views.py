"""The single-page app's HTML shell, served on every host (state and municipalities)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import ensure_csrf_cookie

from core.services.staff import current_staff


@ensure_csrf_cookie
def spa(request, path: str = ""):
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        html = render_to_string("core/frontend_missing.html")
        return HttpResponse(html, status=503)
    html = index.read_text(encoding="utf-8")
    tenant = getattr(request, "tenant", None)
    if tenant is not None and not tenant.is_public and current_staff(request.user) is not None:
        # A member of this city's staff is signed in: the SPA asks for /api/v1/me/ at once,
        # in parallel with /api/v1/context/, instead of after it (a hint, no data). Never
        # for a citizen, whose area does not ask for /me/ at all.
        html = html.replace("</head>", '<meta name="pm-signed-in" content="city" />\n</head>', 1)
    return HttpResponse(html)
