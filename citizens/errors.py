"""Domain errors of the citizen side: a stable code and a pt-BR message (mapped to HTTP
once, by core.api.exceptions)."""

from django.utils.translation import gettext as _

from core.errors import DomainError

UPGRADE_URL = "https://confiabilidades.acesso.gov.br/"


class CitizenError(DomainError):
    def __init__(self, code: str, message: str, detail: str = "", *, status: int = 400):
        super().__init__(code, message, detail)
        self.http_status = status


def not_found() -> CitizenError:
    """The one answer for a process one may not reach and for a number that does not
    exist (no existence oracle)."""
    return CitizenError(
        "process_not_found",
        _("Processo não encontrado ou indisponível para você."),
        status=404,
    )


def level_too_low(action_label: str, minimum: str, level: str | None) -> CitizenError:
    return CitizenError(
        "trust_level_too_low",
        _(
            "Para %(action)s, sua conta gov.br precisa do nível %(minimum)s ou superior "
            "(a sua está no nível %(level)s). Aumente o nível da sua conta em %(url)s — "
            "por exemplo, validando seus dados pelo aplicativo gov.br com reconhecimento "
            "facial, pelo internet banking de um banco credenciado ou com certificado "
            "digital — e entre novamente."
        )
        % {
            "action": action_label,
            "minimum": minimum,
            "level": level or _("desconhecido"),
            "url": UPGRADE_URL,
        },
        status=403,
    )
