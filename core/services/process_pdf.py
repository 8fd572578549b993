"""The PDF of a whole process: every document in order, each signed one with its
signature stamps. Built by a Celery task that reports progress, stored in S3."""

import html as html_lib
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from core.models import Document, Process, ProcessPdf, StaffMember
from core.numbering import format_number
from core.services.processes import record

logger = logging.getLogger(__name__)


def request_pdf(*, staff: StaffMember, process: Process) -> ProcessPdf:
    from core.tasks import generate_process_pdf

    with transaction.atomic():
        pdf = ProcessPdf.objects.create(process=process, requested_by_id=staff.user_id)
        record(process, "pdf_requested", _("PDF do processo solicitado"), staff=staff)
        transaction.on_commit(lambda: generate_process_pdf.delay(str(pdf.uuid)))
    return pdf


def _html_pdf(body: str) -> bytes:
    from xhtml2pdf import pisa

    out = io.BytesIO()
    page = (
        "<html><head><meta charset='utf-8'><style>@page { size: a4; margin: 2cm; }"
        "body { font-family: Helvetica; font-size: 11pt; } .stamp { border: 1px solid #555;"
        " padding: 4pt; margin-top: 8pt; font-size: 8pt; }</style></head>"
        f"<body>{body}</body></html>"
    )
    result = pisa.CreatePDF(page, dest=out, encoding="utf-8")
    if result.err:
        raise ValueError(f"xhtml2pdf failed with {result.err} errors")
    return out.getvalue()


def _stamps(document: Document) -> str:
    lines = []
    for sig in document.signatures.all():
        when = timezone.localtime(sig.signed_at).strftime("%d/%m/%Y, às %H:%M")
        role = f", {html_lib.escape(sig.signer_role)}" if sig.signer_role else ""
        lines.append(
            f"<div class='stamp'>Documento assinado eletronicamente por "
            f"<b>{html_lib.escape(sig.signer_name)}</b>{role}, em {when}, unidade "
            f"{html_lib.escape(sig.unit.acronym)}. Código de integridade (SHA-256): "
            f"{sig.sha256}</div>"
        )
    return "".join(lines)


def _document_pages(document: Document) -> bytes:
    title = html_lib.escape(str(document))
    if document.kind == Document.Kind.INTERNAL:
        version = document.versions.order_by("-version").first()
        return _html_pdf(f"<h3>{title}</h3>{version.html}{_stamps(document)}")
    with default_storage.open(document.file.name, "rb") as fh:
        data = fh.read()
    if document.content_type == "application/pdf":
        return data
    if document.content_type.startswith("image/"):
        from PIL import Image

        out = io.BytesIO()
        Image.open(io.BytesIO(data)).convert("RGB").save(out, "PDF")
        return out.getvalue()
    note = _("formato sem conversão para PDF; consulte o original no processo.")
    name = html_lib.escape(f"{document.original_name} ({document.content_type})")
    return _html_pdf(f"<h3>{title}</h3><p>{_('Arquivo')} {name}: {note}</p>")


def generate(pdf_uuid: str) -> ProcessPdf:
    """Idempotent: a finished PDF is returned as it is."""
    pdf = ProcessPdf.objects.select_related("process", "process__process_type").get(uuid=pdf_uuid)
    if pdf.status == ProcessPdf.Status.DONE:
        return pdf
    process = pdf.process
    # Cancelled documents and unsigned drafts are not part of the process's record
    # (a draft is readable only in its own unit: core.services.permissions.check_view).
    documents = [
        d
        for d in process.documents.filter(cancelled_at__isnull=True)
        .select_related("document_type", "unit")
        .prefetch_related("signatures__unit")
        if d.kind == Document.Kind.EXTERNAL or d.signatures.all()
    ]
    ProcessPdf.objects.filter(pk=pdf.pk).update(status=ProcessPdf.Status.RUNNING, progress=0)
    try:
        writer = PdfWriter()
        cover = _html_pdf(
            f"<h1>Processo {format_number(process.number)}</h1>"
            f"<p><b>Tipo:</b> {html_lib.escape(process.process_type.name)}</p>"
            f"<p><b>Especificação:</b> {html_lib.escape(process.summary)}</p>"
            f"<p><b>Documentos:</b> {len(documents)}</p>"
        )
        for page in PdfReader(io.BytesIO(cover)).pages:
            writer.add_page(page)
        for index, document in enumerate(documents, start=1):
            for page in PdfReader(io.BytesIO(_document_pages(document))).pages:
                writer.add_page(page)
            ProcessPdf.objects.filter(pk=pdf.pk).update(
                progress=round(95 * index / max(1, len(documents)))
            )
        out = io.BytesIO()
        writer.write(out)
        name = default_storage.save(
            f"processes/{process.uuid}/pdf/{pdf.uuid}.pdf", ContentFile(out.getvalue())
        )
        ProcessPdf.objects.filter(pk=pdf.pk).update(
            status=ProcessPdf.Status.DONE, progress=100, file=name
        )
    except Exception as exc:
        logger.exception("process pdf failed", extra={"pdf": pdf_uuid})
        ProcessPdf.objects.filter(pk=pdf.pk).update(
            status=ProcessPdf.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000]
        )
    pdf.refresh_from_db()
    return pdf
