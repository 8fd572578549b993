"""The public page "Conferir autenticidade de documento", rendered by Django on every
host (no login, no SPA needed: it is what a printed QR code opens). The form asks the
same service as `GET /api/v1/public/authenticity/`; the copy check hashes the chosen
file in the browser (static/signatures/authenticity.js) and sends only its SHA-256."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rest_framework.throttling import SimpleRateThrottle

from signatures.errors import SignatureError
from signatures.services import authenticity


class _PageThrottle(SimpleRateThrottle):
    """The same per-address budget as the public API ("public" scope)."""

    scope = "public"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


@never_cache
@require_GET
def authenticity_page(request):
    params = request.GET
    context = {
        "code": params.get("codigo", params.get("code", "")),
        "crc": params.get("crc", ""),
        "sha256": params.get("sha256", ""),
        "municipality": None if request.tenant.is_public else request.tenant.name,
    }
    status = 200
    if context["code"] or context["crc"] or context["sha256"]:
        if not _PageThrottle().allow_request(request, None):
            context["error"] = "Muitas consultas em pouco tempo. Aguarde um minuto e tente de novo."
            return render(request, "signatures/authenticity.html", context, status=429)
        try:
            query = authenticity.clean_query(
                code=context["code"], crc=context["crc"], sha256=context["sha256"]
            )
            if request.tenant.is_public:
                result = authenticity.check_anywhere(query)
            else:
                result = authenticity.check(query)
                if result is not None:
                    result["municipality"] = {
                        "name": request.tenant.name,
                        "host": request.get_host(),
                    }
            if result is None:
                raise authenticity.not_found(query)
            context["result"] = result
        except SignatureError as exc:
            context["error"] = exc.message
            status = exc.http_status
    response = render(request, "signatures/authenticity.html", context, status=status)
    response["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-src 'self'; frame-ancestors 'none'; form-action 'self'"
    )
    return response
