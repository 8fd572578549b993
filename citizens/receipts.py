"""Recibo eletrônico de protocolo: JSON (sealed by its SHA-256) and the PDF made from
it. The JSON is what the citizen and anyone checking it can recompute."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json

from citizens.deadlines import BRASILIA

DECLARATION = (
    "O usuário externo declara que aceitou os termos de uso do peticionamento "
    "eletrônico; que os documentos digitalizados enviados são cópias simples cuja "
    "integridade é de sua responsabilidade, devendo guardar os originais; que a "
    "administração pode alterar o nível de acesso dos documentos; que os atos "
    "consideram-se realizados na data e hora do recebimento por este sistema, sendo "
    "tempestivos os praticados até as 23h59min59s (horário de Brasília) do último dia "
    "do prazo; e que é seu dever consultar periodicamente o sistema."
)


SIGNATURE_LABELS = {
    "simples": "Assinatura eletrônica simples",
    "avançada": "Assinatura eletrônica avançada (gov.br)",
}


def canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def seal(data: dict) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def build(
    *,
    kind: str,
    process,
    tenant,
    unit,
    petition_type_name: str,
    parties: list[dict],
    signer,
    trust_level: str,
    signature_level: str,
    documents: list,
    committed_at,
    extra: dict | None = None,
) -> dict:
    from accounts.cpf import mask_cpf
    from core.numbering import format_number

    def masked(document: str) -> str:
        return mask_cpf(document) if len(document) == 11 else document

    return {
        "tipo_recibo": kind,
        "nup": format_number(process.number),
        "processo": str(process.uuid),
        "recebido_em_utc": committed_at.astimezone(dt.UTC).isoformat(),
        "recebido_em_brasilia": committed_at.astimezone(BRASILIA).isoformat(),
        "municipio": {"nome": tenant.name, "ibge": tenant.ibge_code},
        "unidade": {"sigla": unit.acronym, "nome": unit.name},
        "tipo_processo": petition_type_name,
        "interessados": [{"nome": p["name"], "documento": masked(p["document"])} for p in parties],
        "signatario": {
            "nome": signer.name,
            "cpf": signer.masked_cpf,
            "nivel_govbr": trust_level,
            "assinatura": signature_level,
            "assinatura_descricao": SIGNATURE_LABELS.get(signature_level, signature_level),
            **(extra or {}),
        },
        "documentos": [
            {
                "id": str(d.uuid),
                "numero": d.position,
                "tipo": d.document_type.name,
                "nivel_acesso": level,
                "arquivo": d.original_name,
                "tamanho": d.size,
                "sha256": d.sha256,
            }
            for d, level in documents
        ],
        "declaracao": DECLARATION,
    }


def render_pdf(data: dict, sha256: str) -> bytes:
    from core.services.process_pdf import _html_pdf

    e = html.escape
    when = data["recebido_em_brasilia"]
    rows = "".join(
        f"<tr><td>{d['numero']}</td><td>{e(d['tipo'])}</td><td>{e(d['nivel_acesso'])}</td>"
        f"<td>{e(d['arquivo'])}</td><td>{d['tamanho']}</td>"
        f"<td style='font-size:7pt'>{d['sha256']}</td></tr>"
        for d in data["documentos"]
    )
    parties = ", ".join(f"{e(p['nome'])} ({e(p['documento'])})" for p in data["interessados"])
    body = (
        "<h2>Recibo Eletrônico de Protocolo</h2>"
        f"<p><b>Processo:</b> {e(data['nup'])}<br/><b>Tipo:</b> {e(data['tipo_processo'])}"
        f"<br/><b>Município:</b> {e(data['municipio']['nome'])}<br/><b>Unidade:</b> "
        f"{e(data['unidade']['sigla'])} — {e(data['unidade']['nome'])}<br/>"
        f"<b>Recebido em:</b> {e(when)} (horário de Brasília)<br/>"
        f"<b>Interessados:</b> {parties}<br/><b>Usuário externo (signatário):</b> "
        f"{e(data['signatario']['nome'])} — CPF {e(data['signatario']['cpf'])} — nível gov.br "
        f"{e(data['signatario']['nivel_govbr'])} — "
        f"{e(data['signatario'].get('assinatura_descricao') or data['signatario']['assinatura'])}"
        "</p>"
        + _certificate_line(data["signatario"])
        + "<table border='1' cellpadding='3'><tr><th>Nº</th><th>Tipo</th><th>Acesso</th>"
        f"<th>Arquivo</th><th>Bytes</th><th>SHA-256</th></tr>{rows}</table>"
        f"<p style='font-size:9pt'>{e(data['declaracao'])}</p>"
        f"<p style='font-size:8pt'>Selo do recibo (SHA-256 do JSON): {sha256}</p>"
    )
    return _html_pdf(body)


def _certificate_line(signer: dict) -> str:
    """The gov.br certificate of an advanced signature (and the manifest it signed)."""
    cert = signer.get("certificado")
    if not cert:
        return ""
    e = html.escape
    return (
        f"<p style='font-size:8pt'><b>Certificado:</b> {e(cert['titular'])} — emissor "
        f"{e(cert['emissor'])} — série {e(cert['serie'])}<br/><b>Manifesto assinado "
        f"(SHA-256):</b> {e(signer.get('manifesto_sha256', ''))}</p>"
    )
