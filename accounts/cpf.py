"""CPF handling: normalise, validate (validate-docbr) and mask for logs."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from validate_docbr import CPF

_cpf = CPF()


def normalize_cpf(value: str) -> str:
    """Digits only: '123.456.789-09' → '12345678909'."""
    return re.sub(r"\D", "", value or "")


def validate_cpf(value: str) -> None:
    digits = normalize_cpf(value)
    if len(digits) != 11 or not _cpf.validate(digits):
        raise ValidationError(_("CPF inválido. Confira os 11 dígitos."), code="invalid_cpf")


def format_cpf(value: str) -> str:
    d = normalize_cpf(value)
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}" if len(d) == 11 else value


def mask_cpf(value: str) -> str:
    """The only form of a CPF allowed in logs and in other people's screens."""
    d = normalize_cpf(value)
    return f"***.{d[3:6]}.{d[6:9]}-**" if len(d) == 11 else "***"
