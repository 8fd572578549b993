"""Domain errors of the tenants app: a stable machine code and a pt-BR message."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class TenantErrorCode(StrEnum):
    INVALID_IBGE_CODE = "invalid_ibge_code"
    INVALID_SLUG = "invalid_slug"
    INVALID_NAME = "invalid_name"
    INVALID_UF = "invalid_uf"
    SLUG_TAKEN = "slug_taken"
    DOMAIN_TAKEN = "domain_taken"
    SCHEMA_EXISTS = "schema_exists"
    CONFLICTING_PROVISION = "conflicting_provision"
    TEMPLATE_MISSING = "template_missing"


MESSAGES = {
    TenantErrorCode.INVALID_IBGE_CODE: _("O código IBGE do município tem exatamente 7 dígitos."),
    TenantErrorCode.INVALID_SLUG: _(
        "O identificador deve ter só letras minúsculas sem acento, números e hífens."
    ),
    TenantErrorCode.INVALID_NAME: _("Informe o nome do município."),
    TenantErrorCode.INVALID_UF: _("Informe a sigla de uma unidade da federação (por exemplo, MG)."),
    TenantErrorCode.SLUG_TAKEN: _("Já existe um município com este identificador."),
    TenantErrorCode.DOMAIN_TAKEN: _("Este endereço já está em uso por outro município."),
    TenantErrorCode.SCHEMA_EXISTS: _(
        "Já existe um espaço de dados para este código IBGE sem município cadastrado; "
        "acione o suporte técnico."
    ),
    TenantErrorCode.CONFLICTING_PROVISION: _(
        "Este município já foi criado com outro identificador."
    ),
    TenantErrorCode.TEMPLATE_MISSING: _(
        "O modelo de município ainda não foi preparado; execute a preparação do sistema."
    ),
}


class TenantError(DomainError):
    http_status = 409

    def __init__(self, code: TenantErrorCode, detail: str = ""):
        super().__init__(code, MESSAGES[code], detail)
