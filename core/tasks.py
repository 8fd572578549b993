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
