"""Sessions and API tokens are valid only on the host they were issued for.

Every host (the state's and each municipality's) shares one session table and one user
table, and a host-only cookie only keeps honest browsers from sending it elsewhere: a
session id or token copied from extrema's host must not open ipatinga's, nor the
state's. A login records its host in the session (`user_logged_in`); a request whose
session was issued for another host is anonymous. Sessions made before this rule (or by
the test client's `force_login`, which has no host) are bound to the first host they are
used on. Tokens carry their host in `accounts.ApiToken`."""

from __future__ import annotations

import secrets

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import DisallowedHost
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.handoff import split_host
from accounts.models import ApiToken

SESSION_HOST = "_auth_host"


def host_name(request) -> str:
    return split_host(request.get_host())[0]


def _host_of(request) -> str | None:
    """The request's host name; None for a request without one (the test client's
    force_login and logout build such requests)."""
    if request is None:
        return None
    try:
        return host_name(request)
    except (KeyError, DisallowedHost):
        return None


def bind_session_on_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in` receiver: the new session belongs to this host."""
    if not hasattr(request, "session"):
        return
    host = _host_of(request)
    if host is None:
        request.session.pop(SESSION_HOST, None)  # bound on first use
    else:
        request.session[SESSION_HOST] = host


def revoke_token_on_logout(sender, request, user, **kwargs) -> None:
    """`user_logged_out` receiver: logging out on a host ends its API token too."""
    host = _host_of(request)
    if host is not None and getattr(user, "pk", None):
        ApiToken.objects.filter(user_id=user.pk, host=host).delete()


class HostBoundSessionMiddleware:
    """After AuthenticationMiddleware: a session issued for another host is anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            host = host_name(request)
            bound = session.get(SESSION_HOST)
            if bound is None:
                session[SESSION_HOST] = host
            elif bound != host:
                request.user = AnonymousUser()
                request._cached_user = request.user

                async def auser():
                    return AnonymousUser()

                request.auser = auser
        return self.get_response(request)


class HostTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, accepted only on the host the token was issued for."""

    model = ApiToken

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[1].host != host_name(request):
            raise exceptions.AuthenticationFailed(_("Token inválido para este endereço."))
        return result


def create_token(token_model, user, serializer) -> ApiToken:
    """dj-rest-auth's TOKEN_CREATOR: the person's token for the host of the login."""
    host = host_name(serializer.context["request"])
    token, _created = token_model.objects.get_or_create(
        user=user, host=host, defaults={"key": secrets.token_hex(20)}
    )
    return token
