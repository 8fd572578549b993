"""Reads that carry permissions. Every list/detail endpoint starts from one of these;
search, downloads and the PDF of a process use the same `processes_visible_to`."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from core.models import (
    AccessLevel,
    Credential,
    Document,
    DocumentVersion,
    Membership,
    Process,
    ProcessUnit,
    Signature,
    StaffMember,
    Unit,
)


def units_visible_to(user) -> QuerySet[Unit]:
    """Units of the current municipality. The organisational chart is not confidential."""
    return Unit.objects.filter(active=True).select_related("parent")


def processes_visible_to(staff: StaffMember | None) -> QuerySet[Process]:
    """público: every staff member of the municipality; restrito: staff of a unit the
    process has passed through; sigiloso: staff credentialed on it. Nobody else —
    citizens and other municipalities' staff see nothing here."""
    if staff is None or not staff.active:
        return Process.objects.none()
    my_units = Membership.objects.filter(staff=staff, unit__active=True).values("unit_id")
    passed = ProcessUnit.objects.filter(process=OuterRef("pk"), unit_id__in=my_units)
    credentialed = Credential.objects.filter(process=OuterRef("pk"), user_id=staff.user_id)
    return Process.objects.filter(
        Q(access_level=AccessLevel.PUBLIC)
        | (Q(access_level=AccessLevel.RESTRICTED) & Exists(passed))
        | (Q(access_level=AccessLevel.SECRET) & Exists(credentialed))
    )


def process_detail(staff) -> QuerySet[Process]:
    return (
        processes_visible_to(staff)
        .select_related("process_type", "legal_basis", "unit")
        .prefetch_related(
            "parties",
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("document_type", "unit").prefetch_related(
                    Prefetch("signatures", queryset=Signature.objects.select_related("unit")),
                ),
            ),
        )
    )


def documents_visible_to(staff) -> QuerySet[Document]:
    return Document.objects.filter(process__in=processes_visible_to(staff)).select_related(
        "process", "document_type", "unit"
    )


def latest_version(document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-version").first()


def inbox(
    staff: StaffMember,
    *,
    kind: str = "",
    unread: bool = False,
    mine: bool = False,
    overdue: bool = False,
    ordering: str = "-since",
):
    """Processes open in the staff member's current unit that they may see."""
    from django.utils import timezone

    from core.models import OpenIn

    qs = OpenIn.objects.filter(
        unit_id=staff.current_unit_id, process__in=processes_visible_to(staff)
    ).select_related("process", "process__process_type")
    if kind == "received":
        qs = qs.filter(generated=False)
    elif kind == "generated":
        qs = qs.filter(generated=True)
    if unread:
        qs = qs.filter(read=False)
    if mine:
        qs = qs.filter(assigned_to_id=staff.user_id)
    if overdue:
        qs = qs.filter(return_date__lt=timezone.localdate())
    allowed = {
        "-since": ["-since", "-id"],
        "since": ["since", "id"],
        "number": ["process__number"],
        "-number": ["-process__number"],
    }
    return qs.order_by(*allowed.get(ordering, allowed["-since"]))
