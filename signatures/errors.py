"""Domain errors of the signatures app: a stable code and a pt-BR message (mapped to HTTP
once, by core.api.exceptions)."""

from enum import StrEnum

from core.errors import DomainError


class Code(StrEnum):
    INVALID_QUERY = "authenticity_invalid_query"
    NOT_FOUND = "authenticity_not_found"
    ITI_NOT_CONFIGURED = "iti_not_configured"
    TRUST_LEVEL = "trust_level_too_low"
    GOVBR_LOGIN_REQUIRED = "govbr_login_required"
    AUTHORIZATION_INVALID = "iti_authorization_invalid"
    AUTHORIZATION_DENIED = "iti_authorization_denied"
    ITI_UNAVAILABLE = "iti_unavailable"
    ITI_FORBIDDEN = "iti_forbidden"
    CMS_INVALID = "iti_cms_invalid"
    CERTIFICATE_MISMATCH = "iti_certificate_mismatch"
    DOCUMENT_CHANGED = "iti_document_changed"
    TOO_MANY = "iti_too_many_documents"
    LEVEL_REQUIRED = "signature_level_required"
    NOT_ADMIN = "not_municipal_admin"
    BLOCK_INVALID = "block_invalid"
    BLOCK_STATE = "block_state"
    BLOCK_NOT_YOURS = "block_not_your_unit"
    BLOCK_NOT_RECIPIENT = "block_not_recipient"
    BLOCK_DOCUMENT = "block_document_refused"
    BLOCK_EMPTY = "block_empty"
    BLOCK_NOTHING_TO_SIGN = "block_nothing_to_sign"


class SignatureError(DomainError):
    def __init__(self, code: Code, message: str, detail: str = "", *, status: int = 400):
        super().__init__(code, message, detail)
        self.http_status = status
