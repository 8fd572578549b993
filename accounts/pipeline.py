"""Steps of the gov.br login pipeline (settings.SOCIAL_AUTH_PIPELINE)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.shortcuts import redirect
from social_core.exceptions import AuthPolicyError

from accounts import handoff
from accounts.govbr import level_at_least
from accounts.models import User

logger = logging.getLogger(__name__)
SESSION_TARGET = "govbr_target"  # {"host", "next"} chosen when the login started


def require_cpf_and_level(backend, details, *args, **kwargs):
    """A login needs a valid CPF and at least the citizen trust level."""
    from accounts.cpf import validate_cpf

    try:
        validate_cpf(details.get("cpf", ""))
    except Exception as exc:
        raise AuthPolicyError(backend) from exc
    if not level_at_least(details.get("level"), settings.GOVBR_MIN_LEVEL["citizen"]):
        return redirect("accounts:trust-level")
    return None


def user_by_cpf(backend, details, user=None, *args, **kwargs):
    """One accounts.User per CPF: found, or created on first login (a citizen)."""
    cpf = details["cpf"]
    person = User.objects.filter(cpf=cpf).first()
    if person is None:
        person = User.objects.create_user(
            cpf=cpf, name=details.get("fullname", ""), email=details.get("email", "")
        )
        logger.info("person created at first gov.br login", extra={"user": person.pk})
    elif details.get("fullname") and person.name != details["fullname"]:
        person.name = details["fullname"]
        person.save(update_fields=["name"])
    if not person.is_active:
        raise AuthPolicyError(backend)
    return {"user": person, "is_new": False}


def hand_off(strategy, backend, details, user=None, *args, **kwargs):
    """Login started on a municipality's host: hand it over with a single-use token and
    do not log in here. Started on the state host: let social-auth log in here. The
    companies gov.br says the person acts for travel with the login (the access token
    that reads them is dropped here)."""
    from accounts import companies as govbr_companies

    response = kwargs.get("response") or {}
    companies = govbr_companies.fetch(
        access_token=str(response.get("access_token") or ""),
        cpf=details.get("cpf", ""),
        claims=getattr(backend, "id_token", None) or {},
    )
    target = strategy.session_get(SESSION_TARGET) or {}
    strategy.session_set(SESSION_TARGET, None)
    request = strategy.request
    level, amr = details.get("level", ""), details.get("amr", [])
    state_host, _ = handoff.split_host(request.get_host())
    host = target.get("host") or ""
    if not host or handoff.split_host(host)[0] == state_host:
        strategy.session_set("auth_level", level)
        strategy.session_set("auth_amr", amr)
        strategy.session_set("auth_method", "govbr")
        strategy.session_set("auth_time", time.time())
        strategy.session_set("govbr_companies", companies)
        return None
    token = handoff.issue(
        user=user,
        host=host,
        next_path=target.get("next", "/"),
        level=level,
        amr=amr,
        companies=companies,
    )
    return redirect(f"{request.scheme}://{host}/login/govbr/handoff/{token}/")
