from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesIndexConfig(AppConfig):
    """The one public-schema table of the signatures app: which municipality holds a
    verification code (or a signed file's SHA-256), so the state host can route a check."""

    name = "signatures.index"
    label = "signatures_index"
    verbose_name = _("Índice de autenticidade")
