"""Reads of the connector's data. Municipal callers always pass their own tenant: an
envelope of another municipality is never found (404), and nobody outside the state
coordination sees the routing of all cities."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from tramita.models import Envelope, Mapping

STUCK_AFTER = timezone.timedelta(hours=1)


def envelopes(
    *, tenant=None, status: str = "", direction: str = "", q: str = "", kind: str = ""
) -> QuerySet:
    """Stuck ones first (failed, then unfinished untouched for an hour), newest next."""
    found = Envelope.objects.select_related("tenant", "reproduction_of")
    if tenant is not None:
        found = found.filter(tenant=tenant)
    if status == "stuck":
        found = found.filter(stuck_filter())
    elif status:
        found = found.filter(status=status)
    if direction:
        found = found.filter(direction=direction)
    if kind:
        found = found.filter(kind=kind)
    if q:
        found = found.filter(
            Q(process_number__icontains=q)
            | Q(remote_name__icontains=q)
            | Q(tenant__name__icontains=q)
            | Q(nre=q)
            | (Q(idt=int(q)) if q.isdigit() and len(q) <= 18 else Q())
        )
    return found.annotate(
        urgency=Case(
            When(status=Envelope.Status.FAILED, then=Value(0)),
            When(stuck_filter(), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "-updated_at", "-id")


def stuck_filter() -> Q:
    """Failed (waiting for a person), or unfinished and untouched for an hour."""
    return Q(status=Envelope.Status.FAILED) | (
        ~Q(status__in=Envelope.FINAL) & Q(updated_at__lt=timezone.now() - STUCK_AFTER)
    )


def is_stuck(envelope: Envelope) -> bool:
    return envelope.status == Envelope.Status.FAILED or (
        not envelope.final and envelope.updated_at < timezone.now() - STUCK_AFTER
    )


def process_envelopes(*, tenant, process_uuid) -> QuerySet:
    return (
        Envelope.objects.filter(tenant=tenant, process_uuid=process_uuid)
        .select_related("reproduction_of")
        .order_by("-created_at")
    )


def document_envelopes(*, tenant, document_uuid) -> QuerySet:
    """Where a document went as a documento avulso (its own municipality's only)."""
    return (
        Envelope.objects.filter(tenant=tenant, document_uuid=document_uuid)
        .select_related("reproduction_of")
        .order_by("-created_at")
    )


def counts(*, tenant=None) -> dict:
    found = Envelope.objects.all() if tenant is None else Envelope.objects.filter(tenant=tenant)
    result = {s: 0 for s in Envelope.Status.values}
    for row in found.values("status").order_by().annotate(n=Count("id")):
        result[row["status"]] = row["n"]
    result["stuck"] = found.filter(stuck_filter()).count()
    return result


def municipality(ibge_code: str):
    """A municipality (never the state itself) by IBGE code, or 404."""
    from django.http import Http404

    from tenants.models import Tenant

    tenant = Tenant.objects.exclude(schema_name="public").filter(ibge_code=ibge_code).first()
    if tenant is None:
        raise Http404
    return tenant


def mappings() -> QuerySet:
    return Mapping.objects.select_related("tenant").order_by("tenant__name", "unit_uuid")
