"""Authenticity of signed documents: every signed document gets a verification code
(unique in the state) and the CRC of its signed content; anyone can check a code + CRC,
or the SHA-256 of a copy they hold, on the city's host or on the state host (routed by
the public-schema index).

What a check shows: a público document's number, type, process, signers and content; a
restrito or sigiloso one only that it is authentic, with what its own signature block
already prints (title and signers) — never its process or content."""

from __future__ import annotations

import re
import secrets
import zlib

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from core import public
from core.models import AccessLevel, Document, Signature
from core.numbering import format_number
from signatures.errors import Code, SignatureError
from signatures.index.models import AuthenticityIndex
from signatures.models import DocumentAuthenticity, IssuedCopy, Level

CODE_DIGITS = 10
_CODE = re.compile(r"^\d{10}$")
_CRC = re.compile(r"^[0-9A-F]{8}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

METHOD_LABELS = {
    "password": _("Senha pessoal no sistema"),
    "govbr": _("Login gov.br"),
    "govbr_iti": _("Certificado digital gov.br (API de assinatura do ITI)"),
}
# The same ITI call with a PSC cloud ICP-Brasil certificate (scope icp_brasil): the
# method stored is still "govbr_iti"; the evidence's level tells them apart.
QUALIFIED_ITI_LABEL = _("Certificado digital ICP-Brasil em nuvem (API de assinatura do ITI)")


def method_label(method: str, level: str) -> str:
    if method == "govbr_iti" and level == Level.QUALIFIED:
        return str(QUALIFIED_ITI_LABEL)
    return str(METHOD_LABELS.get(method, method))


def crc_of(sha256: str) -> str:
    """The CRC printed beside the code: CRC-32 of the signed content's SHA-256 digest
    (so it follows the exact bytes signed, and costs nothing to recompute)."""
    return f"{zlib.crc32(bytes.fromhex(sha256)):08X}"


def _tenant():
    from tenants.models import Tenant

    return Tenant.objects.get(schema_name=connection.schema_name)


def index_sha256(sha256: str, tenant=None) -> None:
    """Let the state host route a copy's SHA-256 to this municipality."""
    AuthenticityIndex.objects.get_or_create(
        kind=AuthenticityIndex.Kind.SHA256, key=sha256, tenant=tenant or _tenant()
    )


def ensure_authenticity(document: Document) -> DocumentAuthenticity | None:
    """The document's code and CRC, created at its first signature (idempotent; None
    for a document nobody signed). Call inside the signing transaction."""
    existing = DocumentAuthenticity.objects.filter(document=document).first()
    if existing is not None:
        return existing
    first = Signature.objects.filter(document=document).order_by("signed_at", "id").first()
    if first is None:
        return None
    tenant = _tenant()
    with transaction.atomic():
        for _attempt in range(8):
            code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
            try:
                with transaction.atomic():
                    AuthenticityIndex.objects.create(
                        kind=AuthenticityIndex.Kind.CODE, key=code, tenant=tenant
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - 8 collisions in 10^10
            raise RuntimeError("could not draw a unique verification code")
        authenticity = DocumentAuthenticity.objects.create(
            document=document, code=code, crc=crc_of(first.sha256), sha256=first.sha256
        )
        index_sha256(first.sha256, tenant)
    return authenticity


def verification_url(authenticity: DocumentAuthenticity, host: str | None = None) -> str:
    """The address printed on the document and in its QR code."""
    if host is None:
        host = _tenant().get_primary_domain().domain
    base = settings.AUTHENTICITY_URL.format(host=host)
    return f"{base}?codigo={authenticity.code}&crc={authenticity.crc}"


def verification_base(host: str | None = None) -> str:
    if host is None:
        host = _tenant().get_primary_domain().domain
    return settings.AUTHENTICITY_URL.format(host=host)


# --- checking -----------------------------------------------------------------------------


def clean_query(*, code: str = "", crc: str = "", sha256: str = "") -> dict:
    """The normalised question, or a pt-BR 400."""
    code = "".join(c for c in (code or "") if c.isdigit())
    crc = (crc or "").strip().upper()
    sha256 = (sha256 or "").strip().lower()
    if sha256:
        if not _SHA256.match(sha256):
            raise SignatureError(
                Code.INVALID_QUERY,
                _("O resumo do arquivo deve ser um SHA-256 (64 caracteres hexadecimais)."),
            )
        return {"sha256": sha256}
    if not _CODE.match(code) or not _CRC.match(crc):
        raise SignatureError(
            Code.INVALID_QUERY,
            _(
                "Informe o código verificador (10 dígitos) e o código CRC (8 caracteres, "
                "de 0 a 9 e de A a F), como impressos no documento."
            ),
        )
    return {"code": code, "crc": crc}


def not_found(query: dict) -> SignatureError:
    if "sha256" in query:
        message = _(
            "Este arquivo não corresponde, byte a byte, a nenhum documento assinado "
            "desta prefeitura."
        )
    else:
        message = _(
            "Nenhum documento assinado foi encontrado com este código verificador e este "
            "código CRC. Confira os dois códigos impressos no documento."
        )
    return SignatureError(Code.NOT_FOUND, message, status=404)


def signature_body(sig: Signature) -> dict:
    """One signature as every screen and the public check show it (`sig` with its unit
    and evidence at hand)."""
    evidence = getattr(sig, "evidence", None)
    level = evidence.level if evidence is not None else Level.SIMPLE
    return {
        "signer_name": sig.signer_name,
        "signer_role": sig.signer_role,
        "unit": sig.unit.acronym,
        "signed_at": sig.signed_at,
        "method": sig.method,
        "method_label": method_label(sig.method, level),
        "level": level,
        "level_label": str(Level(level).label),
    }


def signatures_body(document: Document) -> list[dict]:
    signatures = Signature.objects.filter(document=document).select_related("unit", "evidence")
    return [signature_body(sig) for sig in signatures]


def describe(document: Document, authenticity: DocumentAuthenticity, *, how: str) -> dict:
    """The public answer for one authentic document of the current schema."""
    process = document.process
    body = {
        "authentic": True,
        "matched_by": how,
        "code": authenticity.code,
        "crc": authenticity.crc,
        "document": {
            "title": str(document),
            "document_type": document.document_type.name,
            "number": f"{document.number}/{document.number_year}" if document.number else "",
            "access_level": process.access_level,
        },
        "signatures": signatures_body(document),
    }
    if process.access_level == AccessLevel.PUBLIC:
        body["document"]["process"] = format_number(process.number)
        body["document"]["kind"] = document.kind
        body["document"]["sha256"] = authenticity.sha256
        if public.public_documents().filter(pk=document.pk).exists():
            body["content_path"] = f"/api/v1/public/documents/{document.uuid}/content/"
            if document.kind == Document.Kind.INTERNAL:
                signed = (
                    Signature.objects.filter(document=document, version__isnull=False)
                    .select_related("version")
                    .first()
                )
                if signed is not None:
                    body["html"] = signed.version.html
    return body


def _documents():
    return Document.objects.select_related("process", "document_type")


def find_by_code(code: str, crc: str) -> dict | None:
    authenticity = (
        DocumentAuthenticity.objects.filter(code=code, crc=crc)
        .select_related("document", "document__process", "document__document_type")
        .first()
    )
    if authenticity is None:
        return None
    return describe(authenticity.document, authenticity, how="code")


def find_by_sha256(sha256: str) -> dict | None:
    """A copy that is, byte for byte, what was signed (the uploaded file, the signed
    HTML) or a PDF we issued of a signed document."""
    document_id = (
        Signature.objects.filter(sha256=sha256).order_by("id").values_list("document_id", flat=True)
    ).first()
    if document_id is None:
        document_id = (
            IssuedCopy.objects.filter(sha256=sha256)
            .order_by("id")
            .values_list("document_id", flat=True)
        ).first()
    if document_id is None:
        return None
    document = _documents().get(pk=document_id)
    authenticity = ensure_authenticity(document)
    return describe(document, authenticity, how="sha256")


def check(query: dict) -> dict | None:
    """In the current (municipality's) schema."""
    if "sha256" in query:
        return find_by_sha256(query["sha256"])
    return find_by_code(query["code"], query["crc"])


def check_anywhere(query: dict) -> dict | None:
    """On the state host: the public index says which municipality to ask."""
    from django_tenants.utils import schema_context

    from tenants.models import Tenant

    if "sha256" in query:
        kind, key = AuthenticityIndex.Kind.SHA256, query["sha256"]
    else:
        kind, key = AuthenticityIndex.Kind.CODE, query["code"]
    tenant_ids = AuthenticityIndex.objects.filter(kind=kind, key=key).values_list(
        "tenant_id", flat=True
    )
    for tenant in Tenant.objects.filter(pk__in=list(tenant_ids), status=Tenant.Status.ACTIVE):
        with schema_context(tenant.schema_name):
            body = check(query)
        if body is not None:
            body["municipality"] = {
                "name": tenant.name,
                "host": tenant.get_primary_domain().domain,
            }
            return body
    return None
