"""The PDF of a whole process: every document in order, each signed one with its
signature stamps. Built by a Celery task that reports progress, stored in S3."""

import io
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import Document, Process, ProcessPdf, StaffMember
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
        # Streamed page by page from files on disk, each signed document with its
        # signature block and authenticity code (signatures.pdf).
        import tempfile
        from pathlib import Path

        from signatures.pdf import store_file, write_process_pdf

        def progress(value: int) -> None:
            ProcessPdf.objects.filter(pk=pdf.pk).update(progress=value)

        with tempfile.TemporaryDirectory(prefix="processpdf-") as tmp:
            path = write_process_pdf(process, documents, Path(tmp), progress=progress)
            name = store_file(path, f"processes/{process.uuid}/pdf/{pdf.uuid}.pdf")
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
