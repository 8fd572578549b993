"""Celery tasks of the connector (queue `tramita`). The database is the truth: a task
is only a nudge, so a lost one (worker killed) is made good by the next `tick`."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from tramita import services
from tramita.models import Envelope


@shared_task(name="tramita.tasks.run_envelope", ignore_result=True)
def run_envelope(envelope_id: int) -> str | None:
    status = services.run(envelope_id)
    envelope = Envelope.objects.filter(pk=envelope_id).values("status", "next_attempt_at").first()
    if (
        envelope
        and status
        and envelope["status"] not in Envelope.FINAL
        and envelope["next_attempt_at"]
    ):
        wait = (envelope["next_attempt_at"] - timezone.now()).total_seconds()
        if wait <= settings.TRAMITA_POLL_SECONDS:
            run_envelope.apply_async((envelope_id,), countdown=max(wait, 0))
    return status


@shared_task(name="tramita.tasks.tick", ignore_result=True)
def tick() -> int:
    """Beat: read the pending list and run every envelope that is due."""
    if not settings.TRAMITA_BASE_URL:
        return 0
    ids = services.poll()
    for envelope_id in ids:
        run_envelope.delay(envelope_id)
    return len(ids)
