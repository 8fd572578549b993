"""Writing an envelope's progress and its log."""

from tramita.models import Envelope, EnvelopeEvent


def save(envelope: Envelope) -> None:
    envelope.save()


def log(envelope: Envelope, kind: str, message: str, **data) -> EnvelopeEvent:
    return EnvelopeEvent.objects.create(
        envelope=envelope, kind=kind, message=message[:1000], data=data
    )
