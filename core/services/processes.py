"""Processes: creation with a gap-free number, interested parties, history."""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from validate_docbr import CNPJ, CPF

from core import numbering
from core.errors import CoreError
from core.models import (
    AccessLevel,
    Credential,
    InterestedParty,
    LegalBasis,
    Process,
    ProcessEvent,
    ProcessType,
    StaffMember,
)
from core.services.staff import require_current_unit

_cpf, _cnpj = CPF(), CNPJ()


def next_value(key: str, year: int) -> int:
    """The next number of a gap-free sequence, inside the caller's transaction: one
    UPSERT that locks the counter row until commit (a rollback gives the number back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_numbersequence (key, year, last) VALUES (%s, %s, 1) "
            "ON CONFLICT (key, year) DO UPDATE SET last = core_numbersequence.last + 1 "
            "RETURNING last",
            [key, year],
        )
        return cursor.fetchone()[0]


def next_process_number(*, group: str = "01") -> str:
    from tenants.models import Tenant

    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    if not tenant.process_code:
        raise CoreError(
            "numbering_not_configured",
            _("A numeração de processos do município não está configurada."),
        )
    year = timezone.localdate().year
    pattern = numbering.Pattern(tenant.numbering_pattern)
    sequence = next_value(f"process:{group}", year)
    return numbering.build(
        pattern, code=tenant.process_code, group=group, sequence=sequence, year=year
    )


def require_editable(process: Process) -> None:
    """Refuse changes to a read-only process: one with another body (lock), suspended
    (sobrestado) or annexed to another process. Read fresh, not from the caller's copy.

    Called inside the action's transaction (every action does), it also holds the row
    (FOR NO KEY UPDATE) until commit, so a suspension, annexation or external send that
    starts meanwhile waits, and the change is never made on a process just locked."""
    from core.services.permissions import check_editable_state

    rows = Process.objects.filter(pk=process.pk)
    if connection.in_atomic_block:
        rows = rows.select_for_update(no_key=True)
    check_editable_state(rows.values("lock", "suspended_at", "annexed_to_id").first() or {})


def register_number(number: str) -> None:
    """Record in the state-wide directory (tenants.ProcessLocation, public schema) that
    this municipality holds `number`, in the caller's transaction. Idempotent."""
    from tenants.models import ProcessLocation, Tenant

    tenant_id = (
        Tenant.objects.filter(schema_name=connection.schema_name)
        .values_list("pk", flat=True)
        .first()
    )
    if tenant_id is not None:
        ProcessLocation.objects.bulk_create(
            [ProcessLocation(number=number, tenant_id=tenant_id)], ignore_conflicts=True
        )


def record(process: Process, action: str, description: str, *, staff=None, **data):
    return ProcessEvent.objects.create(
        process=process,
        action=action,
        description=description,
        unit=staff.current_unit if staff else None,
        user_id=staff.user_id if staff else None,
        data=data,
    )


def _clean_parties(parties) -> list[dict]:
    cleaned, seen = [], set()
    for party in parties or []:
        digits = "".join(c for c in str(party.get("document", "")) if c.isdigit())
        name = (party.get("name") or "").strip()
        if len(digits) == 11 and _cpf.validate(digits):
            kind = InterestedParty.Kind.PERSON
        elif len(digits) == 14 and _cnpj.validate(digits):
            kind = InterestedParty.Kind.COMPANY
        else:
            raise CoreError(
                "party_document_invalid",
                _("CPF ou CNPJ inválido do interessado “%s”.") % (name or party.get("document")),
            )
        if not name:
            raise CoreError("party_name_missing", _("Informe o nome de cada interessado."))
        if digits not in seen:
            seen.add(digits)
            cleaned.append({"kind": kind, "document": digits, "name": name[:200]})
    return cleaned


def check_access(access_level: str, legal_basis: LegalBasis | None) -> None:
    if access_level not in AccessLevel.values:
        raise CoreError("access_level_invalid", _("Nível de acesso inválido."))
    if access_level == AccessLevel.PUBLIC:
        if legal_basis is not None:
            raise CoreError(
                "legal_basis_not_allowed", _("Processo público não leva hipótese legal.")
            )
        return
    if legal_basis is None:
        raise CoreError(
            "legal_basis_required",
            _("Informe a hipótese legal para o nível de acesso restrito ou sigiloso."),
        )
    if legal_basis.access_level != access_level or not legal_basis.active:
        raise CoreError(
            "legal_basis_mismatch",
            _("A hipótese legal escolhida não se aplica a este nível de acesso."),
        )


def create_process(
    *,
    staff: StaffMember,
    process_type: ProcessType,
    summary: str,
    access_level: str,
    legal_basis: LegalBasis | None = None,
    parties=None,
) -> Process:
    unit = require_current_unit(staff)
    return open_process(
        unit=unit,
        author_id=staff.user_id,
        process_type=process_type,
        summary=summary,
        access_level=access_level,
        legal_basis=legal_basis,
        parties=parties,
        staff=staff,
    )


def open_process(
    *,
    unit,
    author_id: int,
    process_type: ProcessType,
    summary: str,
    access_level: str,
    legal_basis: LegalBasis | None = None,
    parties=None,
    staff: StaffMember | None = None,
    generated: bool = True,
    description: str = "",
) -> Process:
    """Create a process in `unit` for its author: by a clerk there (`staff`), or by a
    citizen's petition (no staff; `generated=False` puts it unread in the unit's inbox)."""
    summary = (summary or "").strip()
    if not summary:
        raise CoreError("summary_missing", _("Informe a especificação do processo."))
    if not process_type.active:
        raise CoreError("process_type_inactive", _("Este tipo de processo está desativado."))
    check_access(access_level, legal_basis)
    cleaned = _clean_parties(parties)
    with transaction.atomic():
        process = Process.objects.create(
            number=next_process_number(),
            process_type=process_type,
            summary=summary[:500],
            access_level=access_level,
            legal_basis=legal_basis,
            unit=unit,
            created_by_id=author_id,
        )
        register_number(process.number)  # found state-wide, in the same transaction
        from core.services.dispatch import open_in

        open_in(process, unit, generated=generated)  # in the unit's inbox, passage recorded
        if access_level == AccessLevel.SECRET:
            Credential.objects.create(process=process, user_id=author_id, granted_by_id=author_id)
        InterestedParty.objects.bulk_create(InterestedParty(process=process, **p) for p in cleaned)
        from citizens.directory.services import index_parties

        index_parties(p["document"] for p in cleaned)  # state-wide index, same transaction
        from core.services.search import reindex_on_commit

        reindex_on_commit(process)
        record(
            process,
            "created",
            description or _("Processo autuado na unidade %s") % unit.acronym,
            staff=staff,
            number=process.number,
            access_level=access_level,
        )
    return process
