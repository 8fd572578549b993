"""E-mail through an outbox: rows written in the act's transaction, sent by a task after
commit. A failure is logged and retried later; it never undoes the act."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from citizens.models import Outbox

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def queue(messages: list[tuple[str, str, str]]) -> list[Outbox]:
    """[(to, subject, body)] into the outbox; the send is scheduled for after commit."""
    rows = Outbox.objects.bulk_create(
        Outbox(to=to, subject=subject[:300], body=body) for to, subject, body in messages if to
    )
    ids = [str(row.uuid) for row in rows]
    if ids:
        from citizens.tasks import send_outbox

        transaction.on_commit(lambda: send_outbox.delay(ids))
    return rows


def send(ids: list[str] | None = None) -> int:
    """Send pending messages (those named, or every pending one); each under its own row
    lock, so two workers never send one twice. Returns how many were sent."""
    pending = Outbox.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        pending = pending.filter(uuid__in=ids)
    sent = 0
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            row = (
                Outbox.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            try:
                send_mail(row.subject, row.body, None, [row.to])
            except Exception as exc:
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:500]
                row.save(update_fields=["attempts", "last_error"])
                logger.warning("outbox e-mail failed", extra={"outbox": str(row.uuid)})
                continue
            row.sent_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["sent_at", "attempts"])
            sent += 1
    return sent
