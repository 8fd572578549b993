"""Public consultation (no login), by process number, on a city's host and — routed by
the number's municipality code — on the state host. Público: metadata, history and the
finished documents; restrito: only that it exists, with its legal basis; sigiloso: not
found, like a number that does not exist."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core.models import AccessLevel, Document, Process, Signature
from core.numbering import NumberError, format_number, parse


def find(number: str) -> dict | None:
    """The public view of a process of the current schema, or None."""
    try:
        digits = parse(number).digits
    except NumberError:
        digits = "".join(c for c in number or "" if c.isdigit())
    process = (
        Process.objects.filter(number=digits)
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
        for e in process.events.select_related("unit")
    ]  # fmt: skip
    body["documents"] = [
        {"id": str(d.uuid), "title": str(d), "kind": d.kind, "created_at": d.created_at}
        for d in public_documents().filter(process=process).select_related("document_type")
    ]  # fmt: skip
    return body


def public_documents():
    """Documents anyone may read: of public processes, and finished — external ones, and
    internal ones once signed (drafts are never public)."""
    from citizens.intimations import closed_documents

    signed = Signature.objects.filter(document=OuterRef("pk"))
    return (
        Document.objects.filter(process__access_level=AccessLevel.PUBLIC)
        .filter(Q(kind=Document.Kind.EXTERNAL) | Exists(signed))
        # An intimação's principal and anexos stay closed until it is fulfilled.
        .exclude(pk__in=closed_documents())
    )


def find_anywhere(number: str) -> dict | None:
    """On the state host: the number's municipality code says which city holds it.
    Raises NumberError for a malformed number."""
    from django_tenants.utils import schema_context

    from tenants.models import Tenant

    prefix = parse(number).prefix
    tenant = Tenant.objects.filter(process_code=prefix, status=Tenant.Status.ACTIVE).first()
    if tenant is None:
        return None
    with schema_context(tenant.schema_name):
        body = find(number)
    if body is not None:
        body["municipality"] = {"name": tenant.name, "host": tenant.get_primary_domain().domain}
    return body
