"""Celery tasks of the connector (queue `tramita`). The database is the truth: a task
is only a nudge, so a lost one (worker killed) is made good by the next `tick`.

At most one run of an envelope waits in the queue at a time (`nudge`: a marker in the
cache, cleared when the run starts and expiring anyway): the tick runs every few seconds
while a trâmite waits for the other side, and without the marker each tick would queue
one more run per envelope in transit, faster than the worker drains them."""

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import schema_context

from tramita import services
from tramita.models import Envelope

QUEUED = "tramita:queued:{}"


def nudge(envelope_id: int, countdown: float = 0.0) -> bool:
    """Queue a run of the envelope unless one is already queued. The marker goes when
    the run starts; it also expires (a minute, or five polls, after the run is due), so
    a task lost with a killed worker delays the envelope by that much at most."""
    countdown = max(countdown, 0.0)
    ttl = int(countdown) + max(int(settings.TRAMITA_POLL_SECONDS * 5), 60)
    with schema_context("public"):
        if not cache.add(QUEUED.format(envelope_id), 1, timeout=ttl):
            return False
        run_envelope.apply_async((envelope_id,), countdown=countdown)
    return True


@shared_task(name="tramita.tasks.run_envelope", ignore_result=True)
def run_envelope(envelope_id: int) -> str | None:
    with schema_context("public"):
        cache.delete(QUEUED.format(envelope_id))
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
            nudge(envelope_id, countdown=wait)
    return status


@shared_task(name="tramita.tasks.tick", ignore_result=True)
def tick() -> int:
    """Beat: read the pending list and run every envelope that is due."""
    if not settings.TRAMITA_BASE_URL:
        return 0
    ids = services.poll()
    return sum(nudge(envelope_id) for envelope_id in ids)
