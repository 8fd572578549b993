"""gov.br Login Único as a social-auth backend (OpenID Connect, code + PKCE S256).

Endpoints come from settings (GOVBR_BASE_URL: staging, production or the local fake),
never from discovery (gov.br's discovery document omits PKCE and logout). The id_token
is validated by social-core (RS256 signature from the JWKS, exact `iss` with its trailing
slash, `aud`, `exp`/`iat` with 30 s leeway, `nonce`); the CPF in `sub` is normalised;
the trust level comes from `reliability_info`. Keys are cached for a day and fetched
again when a token's signature fails against them (a key rolled over). No token is
kept."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from social_core.backends.open_id_connect import OpenIdConnectAuth

from accounts.cpf import normalize_cpf

logger = logging.getLogger(__name__)

# gov.br's levels (English in the token) and ours, in increasing order of trust.
LEVELS = {"bronze": "bronze", "silver": "prata", "gold": "ouro"}
ORDER = ["bronze", "prata", "ouro"]


def level_at_least(level: str | None, minimum: str) -> bool:
    return level in ORDER and ORDER.index(level) >= ORDER.index(minimum)


def uid_for(cpf: str) -> str:
    """What UserSocialAuth stores: a digest, not the CPF (which lives once, on User)."""
    return hashlib.sha256(f"govbr:{cpf}".encode()).hexdigest()


class GovBrOpenIdConnect(OpenIdConnectAuth):
    name = "govbr"
    DEFAULT_SCOPE = [
        "openid",
        "email",
        "profile",
        "govbr_confiabilidades",
        "govbr_confiabilidades_idtoken",
    ]
    DEFAULT_USE_PKCE = True
    PKCE_DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    JWT_LEEWAY = 30.0
    TOKEN_ENDPOINT_AUTH_METHOD = "client_secret_basic"  # noqa: S105 - a method name
    EXTRA_DATA: list = []  # no access or id token stored
    VALIDATE_AT_HASH = False  # gov.br's id_token carries no at_hash

    def get_scope(self):
        scope = list(super().get_scope())
        if settings.GOVBR_EMPRESA and "govbr_empresa" not in scope:
            scope.append("govbr_empresa")  # the companies the person acts for
        return scope

    def _base(self) -> str:
        return settings.GOVBR_BASE_URL.rstrip("/")

    def oidc_config(self) -> dict:
        base = self._base()
        return {
            "issuer": f"{base}/",
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwk",
            "userinfo_endpoint": f"{base}/userinfo/",
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def authorization_url(self) -> str:
        return self.oidc_config()["authorization_endpoint"]

    def access_token_url(self) -> str:
        return self.oidc_config()["token_endpoint"]

    def jwks_uri(self) -> str:
        return self.oidc_config()["jwks_uri"]

    def id_token_issuer(self) -> str:
        return self.oidc_config()["issuer"]

    def userinfo_url(self) -> str:
        return self.oidc_config()["userinfo_endpoint"]

    def auth_params(self, state=None):
        params = super().auth_params(state)
        if self.strategy.session_get("govbr_reauth"):
            params["prompt"] = "login"  # re-authentication before signing
        return params

    def get_remote_jwks_keys(self, uri: str | None = None) -> list[dict]:
        self._fetched_jwks = True
        return super().get_remote_jwks_keys(uri)

    def find_valid_key(self, id_token):
        """The key that verifies the id_token. When the keys in the cache do not verify
        it (gov.br rolled its key over under the same `kid`), the keys are fetched again
        once before refusing — unless they were just fetched for this token (the
        `kid` was unknown, or the cache was cold)."""
        self._fetched_jwks = False
        key = super().find_valid_key(id_token)
        if key is None and not self._fetched_jwks:
            logger.info("gov.br id_token not verified by the cached keys; fetching them again")
            self.get_jwks_keys_for_uri.invalidate(self, self.jwks_uri())
            key = super().find_valid_key(id_token)
        return key

    def get_key_and_secret(self):
        return settings.GOVBR_CLIENT_ID, settings.GOVBR_CLIENT_SECRET

    def user_data(self, access_token, *args, **kwargs):
        # Everything we need is in the validated id_token; userinfo is optional.
        return dict(self.id_token or {})

    def get_user_id(self, details, response):
        return uid_for(details["cpf"])

    def get_user_details(self, response):
        claims = self.id_token or {}
        cpf = normalize_cpf(str(claims.get("sub") or claims.get("preferred_username") or ""))
        verified = str(claims.get("email_verified", "")).lower() == "true"
        reliability = claims.get("reliability_info") or {}
        return {
            "cpf": cpf,
            "username": cpf,
            "fullname": claims.get("social_name") or claims.get("name") or "",
            "email": claims.get("email", "") if verified else "",
            # Every gov.br account is at least bronze: without reliability_info (or with a
            # level we do not know) the login goes on at the floor, never fails.
            "level": LEVELS.get(str(reliability.get("level", "")).lower(), "bronze"),
            "amr": list(claims.get("amr") or []),
        }
