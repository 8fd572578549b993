"""Background work of the citizen side; each task runs in the schema it was sent from."""

from config.celery import app


@app.task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def send_outbox(self, ids: list[str] | None = None) -> int:
    """Send the outbox rows named (idempotent: a sent row is never sent again)."""
    from citizens.services.outbox import send

    return send(ids)


@app.task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def intimation_job(self) -> dict:
    """This municipality's certidões of tacit fulfilment and reminders (idempotent)."""
    from citizens.intimations import run_job

    return run_job()


@app.task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def purge_staged(self) -> int:
    """Staged files older than a day that no petition used (idempotent)."""
    from citizens.services.petitions import purge_staged as purge

    return purge()


@app.task(acks_late=True)
def intimation_job_all() -> int:
    """Beat fan-out, per active municipality in its schema: the intimation job, the
    outbox retry and the purge of unused staged files. A job that does not run changes
    no state (intimação states are computed); it only delays paper."""
    from django_tenants.utils import schema_context

    from tenants.models import Tenant

    count = 0
    for schema in (
        Tenant.objects.filter(status=Tenant.Status.ACTIVE)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    ):
        with schema_context(schema):
            intimation_job.delay()
            send_outbox.delay(None)  # retry e-mails that failed before
            purge_staged.delay()
        count += 1
    return count
