"""Domain errors of the control plane: a stable machine code and a pt-BR message."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class OnboardingErrorCode(StrEnum):
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    CASE_ALREADY_OPEN = "case_already_open"
    AGREEMENT_MISSING = "agreement_missing"
    MANAGER_NAME_MISSING = "manager_name_missing"
    MANAGER_CPF_INVALID = "manager_cpf_invalid"
    MANAGER_EMAIL_INVALID = "manager_email_invalid"
    REASON_REQUIRED = "reason_required"
    SLUG_INVALID = "slug_invalid"
    SLUG_TAKEN = "slug_taken"
    TENANT_NOT_READY = "tenant_not_ready"
    FILE_EMPTY = "file_empty"
    FILE_TOO_LARGE = "file_too_large"
    FILE_NOT_PDF = "file_not_pdf"
    DOCUMENT_KIND_INVALID = "document_kind_invalid"
    CASE_CLOSED = "case_closed"
    NOTHING_SELECTED = "nothing_selected"


MESSAGES = {
    OnboardingErrorCode.TRANSITION_NOT_ALLOWED: _(
        "Esta ação não é permitida na situação atual do caso."
    ),
    OnboardingErrorCode.CASE_ALREADY_OPEN: _(
        "Este município já tem um caso de implantação em andamento."
    ),
    OnboardingErrorCode.AGREEMENT_MISSING: _(
        "Anexe o acordo de adesão assinado (PDF) antes de registrar a assinatura."
    ),
    OnboardingErrorCode.MANAGER_NAME_MISSING: _("Informe o nome do gestor municipal."),
    OnboardingErrorCode.MANAGER_CPF_INVALID: _(
        "CPF do gestor municipal inválido. Confira os 11 dígitos."
    ),
    OnboardingErrorCode.MANAGER_EMAIL_INVALID: _("Informe um e-mail válido do gestor municipal."),
    OnboardingErrorCode.REASON_REQUIRED: _("Informe o motivo."),
    OnboardingErrorCode.SLUG_INVALID: _(
        "O identificador deve ter só letras minúsculas sem acento, números e hífens."
    ),
    OnboardingErrorCode.SLUG_TAKEN: _("Este identificador já está em uso por outro município."),
    OnboardingErrorCode.TENANT_NOT_READY: _(
        "O ambiente do município ainda não está pronto; conclua o provisionamento primeiro."
    ),
    OnboardingErrorCode.FILE_EMPTY: _("O arquivo enviado está vazio."),
    OnboardingErrorCode.FILE_TOO_LARGE: _("O arquivo excede o tamanho máximo permitido."),
    OnboardingErrorCode.FILE_NOT_PDF: _(
        "O arquivo não é um PDF válido. Envie o documento digitalizado em formato PDF."
    ),
    OnboardingErrorCode.DOCUMENT_KIND_INVALID: _("Tipo de documento desconhecido."),
    OnboardingErrorCode.CASE_CLOSED: _("Este caso está encerrado e não aceita alterações."),
    OnboardingErrorCode.NOTHING_SELECTED: _("Selecione ao menos um caso."),
}


class OnboardingError(DomainError):
    http_status = 409

    def __init__(self, code: OnboardingErrorCode, detail: str = "", *, message: str = ""):
        super().__init__(code, message or MESSAGES[code], detail)


class InvalidInput(OnboardingError):
    http_status = 400
