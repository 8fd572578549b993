"""Reads that carry permissions. Every list/detail endpoint starts from one of these;
search, downloads and the PDF of a process use the same `processes_visible_to`."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from core.models import (
    AccessLevel,
    Credential,
    Dispatch,
    Document,
    DocumentVersion,
    Marker,
    Membership,
    OpenIn,
    Process,
    ProcessMarker,
    ProcessRelation,
    ProcessUnit,
    Signature,
    StaffMember,
    Unit,
    Watch,
    WatchGroup,
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


def working_unit_id(staff: StaffMember | None) -> int | None:
    """The current unit, if the person still works there (active unit, membership)."""
    if staff is None or staff.current_unit_id is None:
        return None
    works_there = Membership.objects.filter(
        staff=staff, unit_id=staff.current_unit_id, unit__active=True
    ).exists()
    return staff.current_unit_id if works_there else None


def inbox(
    staff: StaffMember,
    *,
    kind: str = "",
    unread: bool = False,
    mine: bool = False,
    overdue: bool = False,
    marker: str = "",
    ordering: str = "-since",
):
    """Processes open in the staff member's current unit that they may see, each with
    the unit's markers on it (`process.unit_markers`). A current unit they no longer
    work in (moved out, unit deactivated) has no inbox for them."""
    from django.utils import timezone

    unit_id = working_unit_id(staff)
    if unit_id is None:
        return OpenIn.objects.none()
    qs = (
        OpenIn.objects.filter(unit_id=unit_id, process__in=processes_visible_to(staff))
        .select_related("process", "process__process_type")
        .defer("process__search_vector")
        .prefetch_related(
            Prefetch(
                "process__markers",
                queryset=ProcessMarker.objects.filter(marker__unit_id=unit_id).select_related(
                    "marker"
                ),
                to_attr="unit_markers",
            )
        )
    )
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
    if marker:
        qs = qs.filter(
            Exists(
                ProcessMarker.objects.filter(
                    process=OuterRef("process"),
                    marker__uuid=marker,
                    marker__unit_id=unit_id,
                )
            )
        )
    allowed = {
        "-since": ["-since", "-id"],
        "since": ["since", "id"],
        "number": ["process__number"],
        "-number": ["-process__number"],
    }
    return qs.order_by(*allowed.get(ordering, allowed["-since"]))


def unit_markers(staff: StaffMember) -> QuerySet[Marker]:
    """The markers of the unit the person works in now (if they are still a member)."""
    unit_id = working_unit_id(staff)
    return Marker.objects.filter(unit_id=unit_id) if unit_id else Marker.objects.none()


def process_links(staff: StaffMember, process: Process) -> dict:
    """What the process view shows beside the process: its relations, annexes and the
    process it was annexed to (only those the person may see), the current unit's
    markers on it, the person's watch entry, and whether it is open in their unit."""
    visible = (
        processes_visible_to(staff).select_related("process_type", "unit").defer("search_vector")
    )
    unit_id = working_unit_id(staff)
    pairs = ProcessRelation.objects.filter(Q(first=process) | Q(second=process)).values_list(
        "first_id", "second_id"
    )
    others = {b if a == process.pk else a for a, b in pairs}
    return {
        "relations": list(visible.filter(pk__in=others).order_by("number")),
        "annexes": list(visible.filter(annexed_to=process).order_by("annexed_at")),
        "annexed_to": (
            visible.filter(pk=process.annexed_to_id).first() if process.annexed_to_id else None
        ),
        "markers": list(
            ProcessMarker.objects.filter(process=process, marker__unit_id=unit_id).select_related(
                "marker"
            )
            if unit_id
            else []
        ),
        "watch": Watch.objects.filter(staff=staff, process=process).select_related("group").first(),
    }


def watch_groups(staff: StaffMember) -> QuerySet[WatchGroup]:
    return WatchGroup.objects.filter(staff=staff)


def watch_list(staff: StaffMember, *, group: str = "") -> QuerySet[Watch]:
    """The person's watch list, without the processes they may no longer see.
    `group`: a group's uuid, or "none" for the entries without a group."""
    qs = Watch.objects.filter(staff=staff, process__in=processes_visible_to(staff)).select_related(
        "process", "process__process_type", "process__unit", "group"
    )
    if group == "none":
        qs = qs.filter(group__isnull=True)
    elif group:
        qs = qs.filter(group__uuid=group)
    return qs


def staff_directory() -> list[dict]:
    """The municipality's active staff with units and roles (people live in public)."""
    from accounts.models import User

    members = list(StaffMember.objects.filter(active=True).prefetch_related("memberships__unit"))
    people = User.objects.in_bulk([m.user_id for m in members])
    return [
        {
            "id": str(m.uuid),
            "name": people[m.user_id].name,
            "cpf_masked": people[m.user_id].masked_cpf,
            "is_municipal_admin": m.is_municipal_admin,
            "units": [{"acronym": ms.unit.acronym, "role": ms.role} for ms in m.memberships.all()],
        }
        for m in members
        if m.user_id in people
    ]


def unit_members(unit_id: int | None) -> list[dict]:
    """Active staff working in a unit, by name: whom a process there may be assigned to."""
    from accounts.models import User

    if unit_id is None:
        return []
    members = list(
        StaffMember.objects.filter(
            active=True, memberships__unit_id=unit_id, memberships__unit__active=True
        ).only("uuid", "user_id")
    )
    people = User.objects.in_bulk([m.user_id for m in members])
    rows = [
        {"id": str(m.uuid), "user_id": m.user_id, "name": people[m.user_id].name}
        for m in members
        if m.user_id in people
    ]
    return sorted(rows, key=lambda row: row["name"].casefold())


def people_by_user_id(user_ids) -> dict[int, dict]:
    """{user id: {"id": staff uuid, "name"}} for this municipality's staff among
    `user_ids` (assignees shown in the inbox; people live in the public schema)."""
    from accounts.models import User

    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    staff = dict(StaffMember.objects.filter(user_id__in=ids).values_list("user_id", "uuid"))
    names = dict(User.objects.filter(pk__in=staff).values_list("pk", "name"))
    return {uid: {"id": str(staff[uid]), "name": names[uid]} for uid in staff if uid in names}


def open_here(staff: StaffMember, process: Process) -> dict:
    """The process in the person's current unit: open there? read? assigned to whom?"""
    from core.models import OpenIn

    unit_id = working_unit_id(staff)
    row = OpenIn.objects.filter(process=process, unit_id=unit_id).first() if unit_id else None
    if row is None:
        return {"open": False, "read": False, "assignee": None}
    assignee = people_by_user_id([row.assigned_to_id]).get(row.assigned_to_id)
    return {"open": True, "read": row.read, "assignee": assignee}


def search_processes(staff: StaffMember | None, params) -> QuerySet[Process]:
    """Full-text search with filters, over what `staff` may see (ranked when `q`).

    `params` are already validated (dates as dates). `party` is a CPF/CNPJ when it has
    11 or 14 digits, otherwise a part of the interested party's name."""
    from core.models import InterestedParty
    from core.services.search import search

    digits = lambda value: "".join(c for c in value if c.isdigit())  # noqa: E731
    qs = processes_visible_to(staff).select_related("process_type", "unit")
    if params.get("type"):
        qs = qs.filter(process_type__uuid=params["type"])
    if params.get("unit"):
        qs = qs.filter(unit__acronym__iexact=params["unit"])
    if params.get("from"):
        qs = qs.filter(created_at__date__gte=params["from"])
    if params.get("to"):
        qs = qs.filter(created_at__date__lte=params["to"])
    party = (params.get("party") or "").strip()
    if party:
        parties = InterestedParty.objects.filter(process=OuterRef("pk"))
        if len(digits(party)) in (11, 14):
            parties = parties.filter(document=digits(party))
        else:
            parties = parties.filter(name__icontains=party)
        qs = qs.filter(Exists(parties))
    if params.get("number"):
        qs = qs.filter(number=digits(params["number"]))
    text = (params.get("q") or "").strip()
    return search(qs, text) if text else qs


def arrival_recipients(dispatch: Dispatch) -> list[tuple[StaffMember, object]]:
    """Active members of the destination unit who want e-mail, may see the process and
    have an address, except the person who sent it."""
    from accounts.models import User

    members = list(
        StaffMember.objects.filter(
            active=True,
            email_notifications=True,
            memberships__unit=dispatch.to_unit,
            memberships__unit__active=True,
        )
        .exclude(user_id=dispatch.sent_by_id)
        .distinct()
    )
    people = User.objects.in_bulk([m.user_id for m in members])
    recipients = []
    for member in members:
        user = people.get(member.user_id)
        if user is None or not user.is_active or not user.email:
            continue
        if not processes_visible_to(member).filter(pk=dispatch.process_id).exists():
            continue  # e.g. a secret process: only credentialed people hear of it
        recipients.append((member, user))
    return recipients
