"""Trust levels per action (spec §1 table). A municipality may raise the rows marked *
(CitizenPolicy), never lower them below these defaults."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.govbr import ORDER, level_at_least
from citizens.errors import level_too_low

# action -> (default minimum, may the city raise it?, what the refusal calls it)
DEFAULTS = {
    "area": ("bronze", False, "usar a área do cidadão"),
    "petition_public": ("bronze", False, "peticionar com documentos públicos"),
    "petition_restricted": (
        "prata",
        True,
        "peticionar com documento restrito ou com assinatura avançada (exigida por este "
        "tipo de processo ou pelo decreto do município)",
    ),
    "adhesion": ("prata", True, "aderir à intimação eletrônica"),
    "representation": ("prata", True, "emitir ou aceitar procuração"),
    "advanced_signature": ("prata", False, "assinar com assinatura avançada gov.br"),
}
POLICY_FIELDS = {
    "petition_restricted": "restricted_petition_level",
    "adhesion": "adhesion_level",
    "representation": "representation_level",
}


def policy():
    from citizens.models import CitizenPolicy

    return CitizenPolicy.objects.order_by("pk").first() or CitizenPolicy()


def minimum_for(action: str, city_policy=None) -> str:
    default, raisable, _label = DEFAULTS[action]
    if raisable:
        city_policy = city_policy or policy()
        wanted = getattr(city_policy, POLICY_FIELDS[action], default)
        if wanted in ORDER and ORDER.index(wanted) > ORDER.index(default):
            return wanted
    return default


def session_level(request) -> str | None:
    """The gov.br level of this session (re-read at each login); None without gov.br."""
    session = getattr(request, "session", {})
    if session.get("auth_method") != "govbr":
        return None
    return session.get("auth_level")


def require_level(level: str | None, action: str, city_policy=None) -> None:
    minimum = minimum_for(action, city_policy)
    if not level_at_least(level, minimum):
        raise level_too_low(_(DEFAULTS[action][2]), minimum, level)


def allowed_actions(level: str | None) -> dict[str, bool]:
    city_policy = policy()
    return {
        action: level_at_least(level, minimum_for(action, city_policy))
        and (action != "petition_public" or city_policy.simple_signature_allowed)
        for action in DEFAULTS
    }
