"""Reads of the signatures app that carry permissions: the signature blocks a person's
current unit generated or received."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from core.models import StaffMember
from core.selectors import working_unit_id
from signatures.models import SignatureBlock, SignatureBlockUnit


def _base() -> QuerySet[SignatureBlock]:
    return (
        SignatureBlock.objects.select_related("unit")
        .prefetch_related(
            Prefetch("recipients", queryset=SignatureBlockUnit.objects.select_related("unit"))
        )
        .annotate(document_count=Count("items", distinct=True))
    )


def blocks_visible_to(staff: StaffMember | None) -> QuerySet[SignatureBlock]:
    """Blocks of the person's current unit (generated), and blocks made available to it
    (received) — not while such a block is open again at its generating unit. Nobody
    else sees a block: another unit, a citizen, another municipality."""
    unit_id = working_unit_id(staff)
    if unit_id is None:
        return SignatureBlock.objects.none()
    received = Q(recipients__unit_id=unit_id) & ~Q(state=SignatureBlock.State.OPEN)
    ids = SignatureBlock.objects.filter(Q(unit_id=unit_id) | received).values("pk")
    return _base().filter(pk__in=ids)


def generated_blocks(staff: StaffMember, *, states: list[str] | None = None):
    unit_id = working_unit_id(staff)
    qs = blocks_visible_to(staff).filter(unit_id=unit_id)
    return qs.filter(state__in=states) if states else qs


def received_blocks(staff: StaffMember, *, states: list[str] | None = None):
    unit_id = working_unit_id(staff)
    qs = blocks_visible_to(staff).exclude(unit_id=unit_id)
    return qs.filter(state__in=states) if states else qs
