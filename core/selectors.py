"""Reads that carry permissions. Every list/detail endpoint starts from one of these;
search, downloads and the PDF of a process use the same `processes_visible_to`."""

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from accounts.models import User


def units_visible_to(user) -> QuerySet[Unit]:
    """Units of the current municipality. The organisational chart is not confidential."""
    return Unit.objects.filter(active=True).select_related("parent")


def visibility(staff: StaffMember | None, via: str = "") -> Q:
    """The access rule as a filter, on Process (`via=""`) or through a relation to it
    (`via="process__"`), so a list of rows that point at processes (inbox, watch list,
    documents) is filtered row by row instead of against every process of the city.

    público: every staff member of the municipality; restrito: staff of a unit the
    process has passed through; sigiloso: staff credentialed on it. Nobody else —
    citizens and other municipalities' staff see nothing here."""
    if staff is None or not staff.active:
        return Q(pk__in=[])
    process = OuterRef(f"{via}pk")
    my_units = Membership.objects.filter(staff=staff, unit__active=True).values("unit_id")
    passed = ProcessUnit.objects.filter(process=process, unit_id__in=my_units)
    credentialed = Credential.objects.filter(process=process, user_id=staff.user_id)
    level = f"{via}access_level"
    return (
        Q(**{level: AccessLevel.PUBLIC})
        | (Q(**{level: AccessLevel.RESTRICTED}) & Exists(passed))
        | (Q(**{level: AccessLevel.SECRET}) & Exists(credentialed))
    )


def processes_visible_to(staff: StaffMember | None) -> QuerySet[Process]:
    """The processes the person may see (see `visibility`)."""
    return Process.objects.filter(visibility(staff))


def secret_hidden_from(staff: StaffMember) -> QuerySet[Process]:
    """Ids of the secret processes the person is not credentialed on.

    In a unit's inbox this is all of the access rule that can hide a row: a process open
    in the unit has passed through it (see OpenIn), so a member sees it when it is
    public or restricted. Excluding these few ids (a partial index) keeps the inbox from
    joining every row to its process just to count them; tests/core/test_access_matrix.py
    checks the inbox against `processes_visible_to`."""
    credentialed = Credential.objects.filter(process=OuterRef("pk"), user_id=staff.user_id)
    return (
        Process.objects.filter(access_level=AccessLevel.SECRET)
        .exclude(Exists(credentialed))
        .values("pk")
    )


def signatures_prefetch() -> Prefetch:
    """A document's signatures with what the API shows of them (unit, version), in one
    query."""
    return Prefetch("signatures", queryset=Signature.objects.select_related("unit", "version"))


def process_detail(staff) -> QuerySet[Process]:
    return (
        processes_visible_to(staff)
        .select_related("process_type", "legal_basis", "unit")
        .prefetch_related(
            "parties",
            Prefetch("open_in", queryset=OpenIn.objects.select_related("unit")),
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("document_type", "unit").prefetch_related(
                    signatures_prefetch()
                ),
            ),
        )
    )


def documents_visible_to(staff) -> QuerySet[Document]:
    return Document.objects.filter(visibility(staff, via="process__")).select_related(
        "process", "document_type", "unit"
    )


def latest_version(document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-version").first()


_UNKNOWN = object()


def working_unit_id(staff: StaffMember | None) -> int | None:
    """The current unit, if the person still works there (active staff, active unit,
    membership)."""
    if staff is None or not staff.active or staff.current_unit_id is None:
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
        OpenIn.objects.filter(unit_id=unit_id)
        .exclude(process_id__in=secret_hidden_from(staff))
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


def process_links(staff: StaffMember, process: Process, *, unit_id=_UNKNOWN) -> dict:
    """What the process view shows beside the process: its relations, annexes and the
    process it was annexed to (only those the person may see), the current unit's
    markers on it, the person's watch entry, and whether it is open in their unit.
    `unit_id`: the person's working unit when the caller knows it (`working_unit_id`)."""
    visible = (
        processes_visible_to(staff).select_related("process_type", "unit").defer("search_vector")
    )
    if unit_id is _UNKNOWN:
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
    qs = Watch.objects.filter(visibility(staff, via="process__"), staff=staff).select_related(
        "process", "process__process_type", "process__unit", "group"
    )
    if group == "none":
        qs = qs.filter(group__isnull=True)
    elif group:
        qs = qs.filter(group__uuid=group)
    return qs


def _with_people(members) -> list[tuple[StaffMember, "User"]]:
    """Each staff member with their person. People live in the public schema, so this is
    a second query, not a join; a member whose person is gone is dropped."""
    from accounts.models import User

    members = list(members)
    people = User.objects.in_bulk({m.user_id for m in members})
    return [(m, people[m.user_id]) for m in members if m.user_id in people]


def _staff_row(m: StaffMember, person: "User") -> dict:
    return {
        "id": str(m.uuid),
        "name": m.name_of(person),
        "cpf_masked": person.masked_cpf,
        "is_municipal_admin": m.is_municipal_admin,
        "units": [{"acronym": ms.unit.acronym, "role": ms.role} for ms in m.memberships.all()],
    }


def staff_directory() -> list[dict]:
    """The municipality's active staff with units and roles."""
    members = StaffMember.objects.filter(active=True).prefetch_related("memberships__unit")
    return [_staff_row(m, person) for m, person in _with_people(members)]


def staff_row(staff: StaffMember) -> dict:
    """One staff member as in the directory (names as this municipality shows them)."""
    members = StaffMember.objects.filter(pk=staff.pk).prefetch_related("memberships__unit")
    return next(_staff_row(m, person) for m, person in _with_people(members))


def unit_members(unit_id: int | None) -> list[dict]:
    """Active staff working in a unit, by name: whom a process there may be assigned to."""
    if unit_id is None:
        return []
    members = StaffMember.objects.filter(
        active=True, memberships__unit_id=unit_id, memberships__unit__active=True
    ).only("uuid", "user_id", "display_name")
    rows = [
        {"id": str(m.uuid), "user_id": m.user_id, "name": m.name_of(person)}
        for m, person in _with_people(members)
    ]
    return sorted(rows, key=lambda row: row["name"].casefold())


def people_by_user_id(user_ids) -> dict[int, dict]:
    """{user id: {"id": staff uuid, "name"}} for this municipality's staff among
    `user_ids` (assignees shown in the inbox)."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    members = StaffMember.objects.filter(user_id__in=ids).only("uuid", "user_id", "display_name")
    return {
        m.user_id: {"id": str(m.uuid), "name": m.name_of(person)}
        for m, person in _with_people(members)
    }


def open_here(staff: StaffMember, process: Process, *, unit_id=_UNKNOWN) -> dict:
    """The process in the person's current unit: open there? read? assigned to whom?
    `unit_id`: the person's working unit when the caller knows it (`working_unit_id`);
    the process's `open_in` rows are used when prefetched (selectors.process_detail)."""
    from core.models import OpenIn

    if unit_id is _UNKNOWN:
        unit_id = working_unit_id(staff)
    rows = getattr(process, "_prefetched_objects_cache", {}).get("open_in")
    if not unit_id:
        row = None
    elif rows is not None:
        row = next((r for r in rows if r.unit_id == unit_id), None)
    else:
        row = OpenIn.objects.filter(process=process, unit_id=unit_id).first()
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


def arrival_recipients(dispatch: Dispatch) -> list[tuple[StaffMember, "User"]]:
    """Active members of the destination unit who want e-mail, may see the process and
    have an address, except the person who sent it."""
    members = (
        StaffMember.objects.filter(
            active=True,
            email_notifications=True,
            memberships__unit=dispatch.to_unit,
            memberships__unit__active=True,
        )
        .exclude(user_id=dispatch.sent_by_id)
        .distinct()
    )
    return [
        (member, user)
        for member, user in _with_people(members)
        if user.is_active
        and user.email
        # e.g. a secret process: only credentialed people hear of it
        and processes_visible_to(member).filter(pk=dispatch.process_id).exists()
    ]
