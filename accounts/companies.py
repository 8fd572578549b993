"""The companies (CNPJ) a person acts for, from gov.br's `govbr_empresa` API.

Read once, during the login, with the access token that is then dropped:
`GET {api}/empresas/v2/empresas?filtrar-por-participante=<cpf>` lists the companies
linked to the account, `GET {api}/empresas/v2/empresas/<cnpj>/participantes/<cpf>`
says the person's role (`atuacao` at the Receita Federal: SOCIO, CONTADOR,
REPRESENTANTE_LEGAL, NAO_ATUANTE; absent for a colaborador) and whether he holds the
company's e-CNPJ (`cadastrador`). A login with an e-CNPJ certificate also carries the
`cnpj` claim. Only a responsável legal (atuacao REPRESENTANTE_LEGAL, or the e-CNPJ
holder) may link himself as the company's L. A failure of that API never fails a login:
the person just gets no company offered."""

from __future__ import annotations

import logging
import re

import requests
from django.conf import settings

logger = logging.getLogger(__name__)
MAX_COMPANIES = 20
_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")


class _MaskCpfInUrls(logging.Filter):
    """The companies API takes the CPF in its URL, which urllib3 logs at DEBUG: the
    CPF never reaches a log (conventions: mask it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _ELEVEN_DIGITS.search(message):
            record.msg = _ELEVEN_DIGITS.sub(lambda m: f"***{m.group()[3:9]}**", message)
            record.args = ()
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_MaskCpfInUrls())
TIMEOUT = 5


def _digits(value) -> str:
    return "".join(c for c in str(value or "") if c.isdigit())


def is_legal(detail: dict) -> bool:
    return str(detail.get("atuacao", "")).upper() == "REPRESENTANTE_LEGAL" or (
        detail.get("cadastrador") in (True, "true")
    )


def fetch(*, access_token: str, cpf: str, claims: dict | None = None) -> list[dict]:
    """[{cnpj, name, role, legal}] for this person; [] when the API is off or fails."""
    found: dict[str, dict] = {}
    claims = claims or {}
    certificate_cnpj = _digits(claims.get("cnpj"))
    if len(certificate_cnpj) == 14:  # logged in with the company's certificate
        found[certificate_cnpj] = {
            "cnpj": certificate_cnpj,
            "name": str(claims.get("cnpj_certificate_name") or certificate_cnpj)[:200],
            "role": "E_CNPJ",
            "legal": True,
        }
    if not (settings.GOVBR_EMPRESA and access_token):
        return list(found.values())
    base = settings.GOVBR_API_URL.rstrip("/")
    headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
    try:
        listed = requests.get(
            f"{base}/empresas/v2/empresas",
            params={"filtrar-por-participante": cpf},
            headers=headers,
            timeout=TIMEOUT,
        )
        listed.raise_for_status()
        rows = listed.json()
        for row in (rows if isinstance(rows, list) else [])[:MAX_COMPANIES]:
            cnpj = _digits(row.get("cnpj"))
            if len(cnpj) != 14 or cnpj in found:
                continue
            detail = requests.get(
                f"{base}/empresas/v2/empresas/{cnpj}/participantes/{cpf}",
                headers=headers,
                timeout=TIMEOUT,
            )
            info = detail.json() if detail.ok else {}
            found[cnpj] = {
                "cnpj": cnpj,
                "name": str(row.get("razaoSocial") or cnpj)[:200],
                "role": str(info.get("atuacao") or "COLABORADOR")[:30],
                "legal": is_legal(info),
            }
    except (requests.RequestException, ValueError) as exc:
        logger.warning("gov.br companies API failed", extra={"reason": type(exc).__name__})
    return list(found.values())
