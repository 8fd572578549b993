"""The single-page app's HTML shell, served on every host (state and municipalities)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import ensure_csrf_cookie


@ensure_csrf_cookie
def spa(request, path: str = ""):
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        html = render_to_string("core/frontend_missing.html")
        return HttpResponse(html, status=503)
    return HttpResponse(index.read_text(encoding="utf-8"))
