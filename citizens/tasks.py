"""Background work of the citizen side; each task runs in the schema it was sent from."""

from config.celery import app


@app.task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def send_outbox(self, ids: list[str] | None = None) -> int:
    """Send the outbox rows named (idempotent: a sent row is never sent again)."""
    from citizens.services.outbox import send

    return send(ids)
