"""Public consultation (no login), by process number, on a city's host and — through
the state-wide directory of numbers (tenants.ProcessLocation) — on the state host.
Público: metadata, history and the finished documents; restrito: only that it exists,
with its legal basis; sigiloso: not found, like a number that does not exist."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core.models import AccessLevel, Document, Process, Signature
from core.numbering import format_number, parse, stored_form

# A unit's markers (their names and notes) are its own way of organising its work: they
# never leave the staff app.
UNIT_INTERNAL_ACTIONS = ("marked", "marker_changed", "unmarked")


def find(number: str) -> dict | None:
    """The public view of a process of the current schema, or None."""
    process = (
        Process.objects.filter(number=stored_form(number))
        .exclude(access_level=AccessLevel.SECRET)
        .select_related("process_type", "legal_basis", "unit")
        .first()
    )
    if process is None:
        return None
    body = {
        "number": format_number(process.number),
        "access_level": process.access_level,
        "process_type": process.process_type.name,
        "created_at": process.created_at,
        "unit": process.unit.acronym,
    }
    if process.access_level == AccessLevel.RESTRICTED:
        basis = process.legal_basis
        body["legal_basis"] = f"{basis.name} ({basis.reference})" if basis else ""
        return body
    body["summary"] = process.summary
    body["history"] = [
        {"description": e.description, "unit": e.unit.acronym if e.unit else None,
         "created_at": e.created_at}
        for e in process.events.exclude(action__in=UNIT_INTERNAL_ACTIONS).select_related("unit")
    ]  # fmt: skip
    body["documents"] = [
        {"id": str(d.uuid), "title": str(d), "kind": d.kind, "created_at": d.created_at}
        for d in public_documents().filter(process=process).select_related("document_type")
    ]  # fmt: skip
    return body


def public_documents():
    """Documents anyone may read: of public processes, and finished — external ones, and
    internal ones once signed (drafts are never public); never a cancelled one, nor an
    intimação's principal or anexos before it is fulfilled."""
    from citizens.intimations import closed_documents

    signed = Signature.objects.filter(document=OuterRef("pk"))
    return (
        Document.objects.filter(process__access_level=AccessLevel.PUBLIC, cancelled_at__isnull=True)
        .filter(Q(kind=Document.Kind.EXTERNAL) | Exists(signed))
        .exclude(pk__in=closed_documents())
    )


def find_anywhere(number: str) -> dict | None:
    """On the state host: the state-wide directory (tenants.ProcessLocation) says which
    municipalities hold the number — created there or received from another body, in
    any format — and the first that shows it publicly answers. A number found nowhere
    that is malformed raises NumberError (a 400 saying what is wrong with it)."""
    from django_tenants.utils import schema_context

    from tenants.models import ProcessLocation, Tenant

    locations = (
        ProcessLocation.objects.filter(
            number=stored_form(number), tenant__status=Tenant.Status.ACTIVE
        )
        .select_related("tenant")
        .order_by("created_at", "pk")
    )
    for location in locations:
        tenant = location.tenant
        with schema_context(tenant.schema_name):
            body = find(number)
        if body is not None:
            body["municipality"] = {
                "name": tenant.name,
                "host": tenant.get_primary_domain().domain,
            }
            return body
    parse(number)
    return None
