"""Process numbers (NUP): the Sei!MG pattern and the federal 17-digit NUP.

The one module that knows both patterns and their check digits (see
../shared/specs/nup.md):

- Sei!MG   `OOOO.UU.SSSSSSS/AAAA-DD`: body code, group, sequence, year; DD by ISO 7064
  mod 97-10 over the 17-digit base: `98 - (base * 100 mod 97)`.
- federal  `NNNNN.NNNNNN/AAAA-DD`: protocol unit, sequence, year; DD by modulo 11
  applied twice (weights 2… from the right; 10 → 0, 11 → 1).

Numbers are stored as bare digits; `format_number` adds the punctuation. Numbers
received from other bodies keep whatever form they came in (`parse` is only asked to
validate those that claim a known pattern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Pattern(StrEnum):
    SEIMG = "seimg"
    FEDERAL = "federal"


class NumberError(ValueError):
    """A number that does not follow its pattern; the message (pt-BR) says which part."""


@dataclass(frozen=True)
class ProcessNumber:
    pattern: Pattern
    digits: str

    @property
    def formatted(self) -> str:
        return format_number(self.digits)

    @property
    def prefix(self) -> str:
        """The part that identifies the issuer: the body code (Sei!MG) or the protocol
        unit (federal) — what the state host routes public lookups by."""
        return self.digits[:4] if self.pattern == Pattern.SEIMG else self.digits[:5]

    @property
    def year(self) -> int:
        return int(self.digits[13:17] if self.pattern == Pattern.SEIMG else self.digits[11:15])


def mod97_check(base: str) -> str:
    """ISO 7064 mod 97-10 check digits of a digit string (Sei!MG)."""
    return f"{98 - (int(base) * 100) % 97:02d}"


def mod11_check(base: str) -> str:
    """Two check digits, modulo 11 applied twice (federal NUP)."""

    def digit(digits: str) -> str:
        total = sum(
            int(d) * w for d, w in zip(reversed(digits), range(2, len(digits) + 2), strict=True)
        )
        d = 11 - total % 11
        return str({10: 0, 11: 1}.get(d, d))

    first = digit(base)
    return first + digit(base + first)


def build(pattern: Pattern, *, code: str, group: str = "01", sequence: int, year: int) -> str:
    """The digits of a new number. `code` is the body code (Sei!MG, 4 digits) or the
    protocol-unit code (federal, 5 digits)."""
    if pattern == Pattern.SEIMG:
        if not re.fullmatch(r"\d{4}", code) or not re.fullmatch(r"\d{2}", group):
            raise NumberError("Código do órgão (4 dígitos) ou grupo (2 dígitos) inválido.")
        if not 0 < sequence < 10**7:
            raise NumberError("Sequencial fora do intervalo (1 a 9.999.999).")
        base = f"{code}{group}{sequence:07d}{year:04d}"
        return base + mod97_check(base)
    if not re.fullmatch(r"\d{5}", code):
        raise NumberError("Código da unidade protocolizadora inválido (5 dígitos).")
    if not 0 < sequence < 10**6:
        raise NumberError("Sequencial fora do intervalo (1 a 999.999).")
    base = f"{code}{sequence:06d}{year:04d}"
    return base + mod11_check(base)


def parse(text: str) -> ProcessNumber:
    """Accepts punctuation variants and bare digits; raises NumberError saying which
    part is wrong."""
    digits = re.sub(r"[\s./-]", "", text or "")
    if not digits:
        raise NumberError("Informe o número do processo.")
    if not digits.isdigit():
        raise NumberError("O número do processo deve conter apenas dígitos e pontuação.")
    if len(digits) == 19:
        pattern, base, given = Pattern.SEIMG, digits[:17], digits[17:]
        expected = mod97_check(base)
    elif len(digits) == 17:
        pattern, base, given = Pattern.FEDERAL, digits[:15], digits[15:]
        expected = mod11_check(base)
    else:
        raise NumberError(
            "Número com quantidade de dígitos inválida: esperados 19 (padrão Sei!MG) "
            "ou 17 (NUP federal)."
        )
    year = int(digits[13:17] if pattern == Pattern.SEIMG else digits[11:15])
    if not 1900 <= year <= 2999:
        raise NumberError(f"Ano inválido no número do processo: {year}.")
    if given != expected:
        raise NumberError(f"Dígito verificador inválido: informado {given}, esperado {expected}.")
    return ProcessNumber(pattern, digits)


def format_number(digits: str) -> str:
    """Punctuate a number by its length; anything else is returned as given."""
    if len(digits) == 19 and digits.isdigit():
        return f"{digits[:4]}.{digits[4:6]}.{digits[6:13]}/{digits[13:17]}-{digits[17:]}"
    if len(digits) == 17 and digits.isdigit():
        return f"{digits[:5]}.{digits[5:11]}/{digits[11:15]}-{digits[15:]}"
    return digits


def stored_form(text: str) -> str:
    """How a process number is stored and looked up: its bare digits when it has the
    length of a known pattern (17 or 19 digits, valid or not: numbers received from
    other bodies keep their own check digits), otherwise the text as given, trimmed."""
    digits = re.sub(r"\D", "", text or "")
    return digits if len(digits) in (17, 19) else (text or "").strip()[:40]
