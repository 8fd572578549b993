"""PAdES: the PDF of a document signed through the gov.br signature API carries that
signature inside it, so a PDF reader shows it as signed.

Right after the signature is recorded, with the same ITI token (one
`signature_session`), the document's PDF (with its signature block) is prepared with a
signature field by pyHanko, the digest of its ByteRange goes to `assinarPKCS7`, the CMS
that comes back is checked like the detached one (messageDigest, signature, CPF) and
embedded. The first signature certifies the document (DocMDP P=2). That PDF becomes the
document's issued copy for its current set of signatures."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from asn1crypto import cms
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.db import IntegrityError, transaction

from core.models import Document, Signature
from signatures import iti
from signatures.models import IssuedCopy
from signatures.pdf import _sha256_file, assemble, document_parts, store_file
from signatures.services import authenticity as auth_services

logger = logging.getLogger(__name__)
RESERVED = 16384  # bytes kept in the PDF for the CMS


def _sign_pdf(source: Path, out: Path, *, certificate: x509.Certificate, sign_digest, cpf: str):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner, PdfTBSDocument
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = ax509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    with open(source, "rb") as fh:
        writer = IncrementalPdfFileWriter(fh)
        first = not writer.prev.embedded_signatures
        signer = signers.ExternalSigner(
            signing_cert=cert,
            cert_registry=SimpleCertificateStore.from_certs([cert]),
            signature_value=bytes(512),
        )
        meta = PdfSignatureMetadata(
            field_name=f"AssinaturaGovBr-{uuid.uuid4().hex[:8]}",
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
            reason="Assinatura eletrônica avançada (gov.br)",
            certify=first,
            docmdp_permissions=MDPPerm.FILL_FORMS,
        )
        prepared, _tbs, output = asyncio.run(
            PdfSigner(meta, signer=signer).async_digest_doc_for_signing(
                writer, bytes_reserved=RESERVED
            )
        )
        der = sign_digest(prepared.document_digest)
        iti.verify_cms(der, digest=prepared.document_digest, cpf=cpf)
        asyncio.run(
            PdfTBSDocument.async_finish_signing(output, prepared, cms.ContentInfo.load(der))
        )
        output.seek(0)
        with open(out, "wb") as dst:
            while chunk := output.read(1024 * 1024):
                dst.write(chunk)


def embed(
    document: Document,
    *,
    certificate: x509.Certificate,
    sign_digest: Callable[[bytes], bytes],
    cpf: str,
) -> IssuedCopy | None:
    """The document's PDF with the new signature embedded, kept as its issued copy.
    Best effort: the signature itself (the detached .p7s) is already recorded."""
    count = Signature.objects.filter(document=document).count()
    key = None
    try:
        with tempfile.TemporaryDirectory(prefix="pades-") as tmp:
            workdir = Path(tmp)
            plain = assemble(document_parts(document, workdir), workdir / "plain.pdf")
            signed = workdir / "signed.pdf"
            _sign_pdf(plain, signed, certificate=certificate, sign_digest=sign_digest, cpf=cpf)
            sha256 = _sha256_file(signed)
            key = store_file(
                signed, f"documents/{document.uuid}/pdf/{count}-{uuid.uuid4().hex}.pdf"
            )
            with transaction.atomic():
                copy = IssuedCopy.objects.create(
                    document=document,
                    signatures=count,
                    file=key,
                    sha256=sha256,
                    size=os.path.getsize(signed),
                )
                auth_services.index_sha256(sha256)
            return copy
    except IntegrityError:  # a plain copy was made meanwhile: keep that one
        logger.info("pades copy not kept: a copy exists", extra={"document": str(document.uuid)})
    except Exception:
        logger.warning("pades embedding failed", exc_info=True,
                       extra={"document": str(document.uuid)})  # fmt: skip
    if key is not None:
        from django.core.files.storage import default_storage

        default_storage.delete(key)
    return None
