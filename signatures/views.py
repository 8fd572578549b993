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


@never_cache
@require_GET
def govbr_signature_return(request):
    """Where the ITI sends the browser back (`redirect_uri`): finish the signature and
    go back to the screen that started it, or explain in pt-BR why nothing was signed."""
    from urllib.parse import urlencode

    from django.shortcuts import redirect

    from core.services.staff import current_staff
    from signatures.services import govbr

    tenant = getattr(request, "tenant", None)
    staff = None
    if tenant is not None and not tenant.is_public and request.user.is_authenticated:
        staff = current_staff(request.user)
    if staff is None:
        return render(
            request,
            "accounts/message.html",
            {
                "title": "Assinatura não concluída",
                "text": "Entre no sistema da prefeitura e assine de novo.",
                "back": "/",
            },
            status=403,
        )
    try:
        authorization, signatures = govbr.complete_signing(
            staff=staff,
            user=request.user,
            state=request.GET.get("state", ""),
            code=request.GET.get("code", ""),
            error=request.GET.get("error", ""),
            session=request.session,
        )
    except SignatureError as exc:
        return render(
            request,
            "accounts/message.html",
            {"title": "Assinatura não concluída", "text": exc.message, "back": "/"},
            status=exc.http_status,
        )
    target = authorization.return_path or "/"
    sep = "&" if "?" in target else "?"
    return redirect(f"{target}{sep}{urlencode({'assinatura': len(signatures)})}")
