"""Tenant-scoped background work. Each task runs in the schema it was sent from
(tenant-schemas-celery puts the schema in the message headers)."""

from django.db import connection

from config.celery import app
from core import services


@app.task(bind=True, acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def seed_municipality(self) -> dict:
    """Create the municipality's starting data (idempotent: safe to retry)."""
    unit = services.seed_defaults()
    return {"schema": connection.schema_name, "root_unit": str(unit.uuid)}


@app.task(bind=True, acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def generate_process_pdf(self, pdf_uuid: str) -> str:
    """PDF of a whole process, in the schema the request came from."""
    from core.services.process_pdf import generate

    return generate(pdf_uuid).status


@app.task(bind=True, acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def extract_document_text(self, document_uuid: str) -> int:
    """Text of an uploaded PDF for search (idempotent: the text is simply replaced)."""
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from core.models import Document
    from core.services.search import reindex

    document = Document.objects.select_related("process").get(uuid=document_uuid)
    try:
        with default_storage.open(document.file.name, "rb") as fh:
            reader = PdfReader(fh, strict=False)
            text = " ".join((page.extract_text() or "") for page in reader.pages[:500])
    except Exception:  # a PDF we cannot read has no searchable text; nothing to retry
        text = ""
    Document.objects.filter(pk=document.pk).update(text=text[:1_000_000])
    reindex(document.process)
    return len(text)


@app.task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def notify_arrival(self, dispatch_ids: list[int]) -> int:
    """E-mail the members of the units a process was sent to (idempotent: each person
    hears of each dispatch once)."""
    from core.services.notifications import notify_arrival as notify

    return notify(dispatch_ids)
