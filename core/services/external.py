"""A process and other public bodies (Tramita GOV.BR), seen from inside a municipality.

The connector (tramita/) performs the calls; these functions are the municipality's side
of them, run in its schema: lock a process being sent, release it when the trâmite ends,
and create (or bring back) a process received from another body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import (
    AccessLevel,
    Credential,
    Document,
    DocumentType,
    InterestedParty,
    LegalBasis,
    Lock,
    Membership,
    OpenIn,
    Process,
    ProcessType,
    StaffMember,
    Unit,
)
from core.numbering import stored_form
from core.services.dispatch import open_in
from core.services.processes import record, register_number
from core.services.search import reindex_on_commit
from core.text import fold

SYSTEM_USER_ID = 0  # rows written by the connector, not by a person
RECEIVED_PROCESS_TYPE = "Processo recebido de outro órgão"
RECEIVED_STANDALONE_TYPE = "Documento avulso recebido de outro órgão"
RECEIVED_DOCUMENT_TYPE = "Documento recebido de outro órgão"


def check_can_send(*, staff: StaffMember, process: Process) -> Unit:
    """Only a unit where the process is open may send it out, and only when every
    document generated in the system is signed (as SEI's PEN module requires)."""
    from core.services import permissions

    return permissions.check_send_external(permissions.Situation(staff, process, fresh=True))


def check_can_send_document(
    *, staff: StaffMember, process: Process, document: Document, attachments: list[Document]
) -> Unit:
    """A documento avulso (one document and its anexos) leaves from a unit where the
    process is open; see `permissions.check_send_document_external`. The process itself
    stays here, editable."""
    from core.services import permissions

    return permissions.check_send_document_external(
        permissions.Situation(staff, process, fresh=True), document, attachments
    )


def record_document_event(
    process: Process, *, action: str, description: str, staff: StaffMember | None = None, **data
) -> None:
    """A documento avulso's step in the process's history (the process is not locked)."""
    record(process, action, description[:500], staff=staff, **data)


def lock_for_sending(*, staff: StaffMember, process: Process, destination: str) -> None:
    """Inside the caller's transaction: the process becomes read-only here."""
    Process.objects.filter(pk=process.pk).update(lock=Lock.EXTERNAL)
    record(
        process,
        "external_requested",
        _("Envio para %s solicitado via Tramita GOV.BR") % destination,
        staff=staff,
        destination=destination,
    )


def release(process: Process, *, action: str, description: str, close_in=None, **data) -> None:
    """The trâmite ended: record it; editable again unless it left for good (`close_in`:
    the sending unit, where the process is then closed and stays read-only)."""
    with transaction.atomic():
        if close_in is not None:
            OpenIn.objects.filter(process=process, unit__uuid=close_in).delete()
        else:
            Process.objects.filter(pk=process.pk).update(lock="")
        record(process, action, description[:500], **data)


@dataclass
class ReceivedDocument:
    """One received component, already stored; added after the process's documents."""

    type_name: str
    description: str
    file_key: str  # storage name, relative to the tenant prefix
    original_name: str
    content_type: str
    size: int
    sha256: str  # hex


@dataclass
class ReceivedProcess:
    protocol: str
    summary: str
    type_name: str
    access_level: str
    legal_basis_name: str = ""
    parties: list[dict] = field(default_factory=list)  # {"name", "document"}
    documents: list[ReceivedDocument] = field(default_factory=list)


def _number(protocol: str) -> str:
    return stored_form(protocol)


def _legal_basis(level: str, name: str) -> LegalBasis | None:
    if level == AccessLevel.PUBLIC:
        return None
    candidates = list(LegalBasis.objects.filter(access_level=level, active=True))
    wanted = fold(name)
    for basis in candidates:
        if fold(basis.name) and fold(basis.name) in wanted:
            return basis
    return candidates[0] if candidates else None


def _document_type(name: str) -> DocumentType:
    usable = DocumentType.objects.exclude(usage=DocumentType.Usage.INTERNAL)
    found = usable.filter(name__iexact=name.strip()).first()
    if found is None:
        found, _created = DocumentType.objects.get_or_create(
            name=RECEIVED_DOCUMENT_TYPE, defaults={"usage": DocumentType.Usage.EXTERNAL}
        )
    return found


def receive(
    received: ReceivedProcess,
    *,
    unit: Unit,
    origin: str,
    existing_uuid=None,
    standalone: bool = False,
    **event_data,
) -> Process:
    """Create the received process in `unit`'s inbox, or bring an earlier one back
    (`existing_uuid`, or the same number): new documents are added, the lock released.
    `standalone`: a documento avulso, which becomes a new process numbered here (as
    mod-sei-pen does), its original protocol kept in the history and the description.
    Runs inside the caller's transaction, so the connector can mark its envelope done in
    the same commit."""
    process = None
    if existing_uuid:
        process = Process.objects.filter(uuid=existing_uuid).first()
    if standalone:
        from core.services.processes import next_process_number

        number = next_process_number() if process is None else process.number
    else:
        number = _number(received.protocol)
    if process is None and not standalone:
        process = Process.objects.filter(number=number).first()
    level = (
        received.access_level
        if received.access_level in AccessLevel.values
        else AccessLevel.RESTRICTED
    )
    if process is None:
        process_type = ProcessType.objects.filter(name__iexact=received.type_name).first()
        if process_type is None:
            process_type, _created = ProcessType.objects.get_or_create(
                name=RECEIVED_STANDALONE_TYPE if standalone else RECEIVED_PROCESS_TYPE,
                defaults={"active": False},
            )
        process = Process.objects.create(
            number=number,
            process_type=process_type,
            summary=(received.summary or received.protocol)[:500],
            access_level=level,
            legal_basis=_legal_basis(level, received.legal_basis_name),
            unit=unit,
            created_by_id=SYSTEM_USER_ID,
        )
        register_number(process.number)  # found state-wide, in the same transaction
        for party in received.parties:
            digits = re.sub(r"\D", "", str(party.get("document") or ""))
            if party.get("name") and len(digits) in (11, 14):
                _party, added = InterestedParty.objects.get_or_create(
                    process=process,
                    document=digits,
                    defaults={
                        "name": party["name"][:200],
                        "kind": InterestedParty.Kind.PERSON
                        if len(digits) == 11
                        else InterestedParty.Kind.COMPANY,
                    },
                )
                if added:
                    from citizens.directory.services import index_parties

                    index_parties([digits])  # state-wide index, same transaction
        action = "external_received"
        description = _("Processo recebido de %s via Tramita GOV.BR") % origin
        if standalone:
            action = "external_document_received"
            description = _(
                "Documento avulso %(protocol)s recebido de %(origin)s via Tramita GOV.BR"
            ) % {
                "protocol": received.protocol,
                "origin": origin,
            }
    elif standalone:
        action = "external_document_received"
        description = _("Documento avulso %(protocol)s recebido de novo de %(origin)s") % {
            "protocol": received.protocol,
            "origin": origin,
        }
    else:
        Process.objects.filter(pk=process.pk).update(lock="")
        action = "external_returned"
        description = _("Processo recebido de volta de %s via Tramita GOV.BR") % origin
    held = set(process.documents.values_list("sha256", flat=True))
    position = process.documents.order_by("-position").values_list("position", flat=True)[:1]
    next_position = (position[0] if position else 0) + 1
    for item in received.documents:
        if item.sha256 in held:
            continue
        held.add(item.sha256)
        Document.objects.create(
            process=process,
            position=next_position,
            kind=Document.Kind.EXTERNAL,
            document_type=_document_type(item.type_name),
            description=(item.description or item.type_name)[:300],
            unit=unit,
            created_by_id=SYSTEM_USER_ID,
            file=item.file_key,
            original_name=item.original_name[:255],
            content_type=item.content_type[:100],
            size=item.size,
            sha256=item.sha256,
            form=Document.Form.ORIGINAL,
        )
        next_position += 1
    row = open_in(process, unit)
    if row.read:
        row.read = False
        row.save(update_fields=["read"])
    if level == AccessLevel.SECRET:
        for user_id in Membership.objects.filter(unit=unit, staff__active=True).values_list(
            "staff__user_id", flat=True
        ):
            Credential.objects.get_or_create(
                process=process, user_id=user_id, defaults={"granted_by_id": SYSTEM_USER_ID}
            )
    record(process, action, description[:500], origin=origin, **event_data)
    reindex_on_commit(process)
    return process
