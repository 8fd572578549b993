"""Login with gov.br across every municipality, through one callback on the state host.

A municipality's "Entrar com gov.br" goes to the state host (`login_start`), which
remembers where to return and starts the OpenID Connect flow; the callback
(`complete`) runs the pipeline, whose last step hands the login back to the
municipality's host with a single-use token (`handoff`). Logout goes through gov.br's
logout and back (`logout_start` → gov.br → `logout_return`)."""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from social_core.actions import do_auth
from social_core.exceptions import SocialAuthBaseException
from social_django.utils import load_backend, load_strategy
from social_django.views import complete as social_complete

from accounts import handoff
from accounts.models import User
from accounts.pipeline import SESSION_TARGET

logger = logging.getLogger(__name__)
BACKEND_PATH = "accounts.govbr.GovBrOpenIdConnect"


def _message(request, title, text, status=400):
    return render(
        request, "accounts/message.html", {"title": title, "text": text, "back": "/"}, status=status
    )


def _is_state(request) -> bool:
    return getattr(request, "tenant", None) is not None and request.tenant.is_public


@never_cache
def login_start(request):
    next_path = handoff.safe_next(request.GET.get("next"))
    reauth = request.GET.get("reauth") == "1"
    if not _is_state(request):
        query = {"city": request.get_host(), "next": next_path}
        query = urlencode({**query, "reauth": "1"} if reauth else query)
        return redirect(f"{handoff.state_origin(request)}/login/govbr/?{query}")
    city = request.GET.get("city", "")
    if city and not handoff.is_known_host(city):
        logger.warning("gov.br login refused: unknown return host")
        return _message(
            request,
            "Endereço de retorno não reconhecido",
            "Este endereço não pertence ao Processo Municipal. Entre pelo "
            "endereço da sua prefeitura.",
        )
    request.session[SESSION_TARGET] = {"host": city, "next": next_path}
    request.session["govbr_reauth"] = reauth  # ask gov.br for a fresh login (prompt=login)
    # What social-auth's (POST-only) begin view does: state, nonce and PKCE verifier go
    # to this session, the browser goes to gov.br. A GET is enough here: the flow can
    # only complete in the browser that started it.
    strategy = load_strategy(request)
    request.social_strategy = strategy
    request.backend = load_backend(
        strategy, "govbr", redirect_uri=reverse("social:complete", args=["govbr"])
    )
    return do_auth(request.backend, redirect_name="next")


@never_cache
def complete(request, backend="govbr"):
    """social-auth's callback, with every failure turned into one pt-BR page."""
    try:
        return social_complete(request, backend)
    except SocialAuthBaseException as exc:
        logger.warning("gov.br login refused", extra={"reason": type(exc).__name__})
        return _message(
            request,
            "Não foi possível entrar com gov.br",
            "A tentativa de acesso é inválida ou expirou. Volte à página inicial e "
            "tente entrar novamente.",
        )


@never_cache
def handoff_view(request, token: str):
    grant = handoff.consume(token, host=request.get_host())
    if grant is None:
        logger.warning("gov.br handoff refused")
        return _message(
            request,
            "Link de acesso inválido ou expirado",
            "Este link de acesso já foi usado, expirou ou não é deste endereço. "
            "Entre novamente com gov.br.",
        )
    user = User.objects.get(pk=grant.user_id)
    login(request, user, backend=BACKEND_PATH)  # a new session id on this host only
    request.session["auth_method"] = "govbr"
    request.session["auth_level"] = grant.level
    request.session["auth_amr"] = grant.amr
    request.session["auth_time"] = time.time()  # a fresh gov.br login (signing needs one)
    request.session["govbr_companies"] = grant.companies  # [{cnpj, name, role, legal}]
    if not _is_state(request):
        from core.services.staff import signed_in_with_govbr

        signed_in_with_govbr(user=user)
    return redirect(grant.next_path)


def trust_level(request):
    purpose = request.GET.get("para", "entrar")
    minimum = {
        "servidor": settings.GOVBR_MIN_LEVEL["staff"],
        "assinar": settings.GOVBR_MIN_LEVEL["sign"],
    }.get(purpose, settings.GOVBR_MIN_LEVEL["citizen"])
    labels = {"servidor": "trabalhar como servidor", "assinar": "assinar documentos"}
    return render(
        request,
        "accounts/trust_level.html",
        {
            "purpose": labels.get(purpose, "entrar no Processo Municipal"),
            "minimum": minimum,
            "level": request.session.get("auth_level"),
        },
        status=403,
    )


@never_cache
def logout_start(request):
    """End our session here; for gov.br sessions, also end the gov.br one."""
    was_govbr = request.session.get("auth_method") == "govbr"
    logout(request)
    if not _is_state(request):
        if not was_govbr and request.GET.get("govbr") != "1":
            return redirect("/")
        query = urlencode({"to": request.get_host()})
        return redirect(f"{handoff.state_origin(request)}/logout/govbr/?{query}")
    to = request.GET.get("to", "")
    request.session["logout_to"] = to if to and handoff.is_known_host(to) else ""
    back = f"{handoff.state_origin(request)}/logout/govbr/return/"
    query = urlencode({"post_logout_redirect_uri": back})
    return redirect(f"{settings.GOVBR_BASE_URL.rstrip('/')}/logout?{query}")


def logout_return(request):
    to = request.session.pop("logout_to", "")
    return redirect(f"{request.scheme}://{to}/" if to else "/")
