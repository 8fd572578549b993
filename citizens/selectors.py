"""What a citizen may see in this municipality (spec §5). Every citizen endpoint starts
here.

Meus processos = interessado, or access grant, or reach of an active representation, never
a sigiloso process. Visible documents: público ones; those he (or a party he represents)
filed; those granted to him (a whole process or one document) or shared by a fulfilled
intimação; another party's restrito only by such a grant; sigiloso never; an internal
document only once signed (drafts are never shown outside the unit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from citizens.models import AccessGrant, Petition, PetitionDocument, Representation
from core.models import (
    AccessLevel,
    Document,
    InterestedParty,
    OpenIn,
    Process,
    ProcessEvent,
    Signature,
)


@dataclass(frozen=True)
class Reach:
    """Who a person acts as: himself plus the outorgantes of his active representations
    (with each one's abrangência: None = every process, else process uuids)."""

    cpf: str
    represented: dict[str, frozenset[str] | None]

    @property
    def documents(self) -> set[str]:
        return {self.cpf, *self.represented}


def active_representations(
    grantee: str, *, today: dt.date | None = None, power: str | None = None
) -> QuerySet[Representation]:
    """Active and not vencida *today* (derived here, never by a job); with `power`, only
    those holding it (responsável legal and procurador especial hold them all)."""
    today = today or timezone.localdate()
    qs = Representation.objects.filter(
        grantee=grantee, state=Representation.State.ACTIVE, valid_from__lte=today
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if power:
        qs = qs.filter(~Q(kind=Representation.Kind.SIMPLE) | Q(powers__contains=[power]))
    return qs


def reach_of(user, *, power: str | None = None) -> Reach:
    represented: dict[str, frozenset[str] | None] = {}
    for rep in active_representations(user.cpf, power=power):
        scope = frozenset(rep.process_ids) if rep.process_ids else None
        previous = represented.get(rep.grantor, frozenset())
        if scope is None or previous is None:
            represented[rep.grantor] = None
        else:
            represented[rep.grantor] = previous | scope
    return Reach(cpf=user.cpf, represented=represented)


def reachable_ids(reach: Reach) -> set[int]:
    """Ids of the processes naming the person (or a represented party within its
    abrangência) as interessado or grantee: index lookups by CPF/CNPJ, one query."""
    unscoped = [reach.cpf, *(g for g, scope in reach.represented.items() if scope is None)]
    parties = InterestedParty.objects.filter(document__in=unscoped).values_list("process_id")
    grants = AccessGrant.objects.filter(person__in=unscoped, revoked_at__isnull=True)
    qs = parties.union(grants.values_list("process_id"))
    for grantor, scope in reach.represented.items():
        if scope is None:
            continue
        in_scope = Process.objects.filter(uuid__in=list(scope)).values("pk")
        qs = qs.union(
            InterestedParty.objects.filter(document=grantor, process__in=in_scope).values_list(
                "process_id"
            ),
            AccessGrant.objects.filter(
                person=grantor, revoked_at__isnull=True, process__in=in_scope
            ).values_list("process_id"),
        )
    return {pk for (pk,) in qs}


def my_processes(user, reach: Reach | None = None) -> QuerySet[Process]:
    """The citizen's processes with what the list shows: type, last andamento (a
    subquery) and the units where they are open (prefetched by the caller)."""
    reach = reach or reach_of(user)
    last = ProcessEvent.objects.filter(process=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Process.objects.exclude(access_level=AccessLevel.SECRET)
        .filter(pk__in=reachable_ids(reach))
        .select_related("process_type")
        .defer("search_vector")
        .annotate(
            last_event=Subquery(last.values("description")[:1]),
            last_event_at=Subquery(last.values("created_at")[:1]),
        )
        .order_by("-created_at", "-id")
    )


def open_units(process_ids) -> dict[int, list[str]]:
    units: dict[int, list[str]] = {}
    for pid, acronym in OpenIn.objects.filter(process_id__in=process_ids).values_list(
        "process_id", "unit__acronym"
    ):
        units.setdefault(pid, []).append(acronym)
    return units


def visible_documents(user, process: Process, reach: Reach | None = None) -> list[Document]:
    """The documents of one reachable process this person may see (rule above)."""
    reach = reach or reach_of(user)
    if process.access_level == AccessLevel.SECRET:
        return []
    scope_ok = {
        grantor
        for grantor, scope in reach.represented.items()
        if scope is None or str(process.uuid) in scope
    } | {reach.cpf}
    grants = AccessGrant.objects.filter(
        process=process, person__in=scope_ok, revoked_at__isnull=True
    )
    integral = grants.filter(document__isnull=True).exists()
    granted_docs = set(grants.filter(document__isnull=False).values_list("document_id", flat=True))
    shared = _shared_by_intimation(process, scope_ok)
    from citizens.intimations import closed_documents

    closed = closed_documents(scope_ok) - shared
    entries = {
        e.document_id: e
        for e in PetitionDocument.objects.filter(document__process=process).select_related(
            "petition"
        )
    }
    signed = Signature.objects.filter(document=OuterRef("pk"))
    documents = (
        Document.objects.filter(process=process, cancelled_at__isnull=True)
        .filter(Q(kind=Document.Kind.EXTERNAL) | Exists(signed))
        .select_related("document_type")
        .order_by("position")
    )
    visible = []
    for document in documents:
        if document.pk in closed:
            continue  # opened only by the confirmed consultation
        entry = entries.get(document.pk)
        level = entry.access_level if entry else process.access_level
        mine = document.created_by_id == user.pk or (
            entry is not None
            and (entry.petition.filer_user_id == user.pk or entry.petition.on_behalf_of in scope_ok)
        )
        if (
            level == AccessLevel.PUBLIC
            or mine
            or integral
            or document.pk in granted_docs
            or document.pk in shared
        ):
            document.citizen_access_level = level
            document.citizen_filed = mine
            visible.append(document)
    return visible


def _shared_by_intimation(process: Process, people: set[str]) -> set[int]:
    """Documents opened to a destinatário by an intimação he fulfilled (its principal
    and anexos)."""
    from citizens.intimations import documents_shared_with

    return documents_shared_with(process, people)


def my_receipts(user) -> QuerySet[Petition]:
    return Petition.objects.filter(filer_user_id=user.pk).select_related("process", "unit")
