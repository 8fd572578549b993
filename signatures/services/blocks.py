"""Blocos de assinatura (SEI's "bloco de assinatura"): a unit gathers unsigned documents
it generated, makes the block available to one or more other units, whose people read
and sign every document in one action (a password, a fresh gov.br login, or one gov.br
signature API authorisation for the whole block), annotate it and return it; the
generating unit then concludes it.

    open ──make_available──▶ available ──return──▶ returned ──conclude──▶ concluded
      ▲  ◀─cancel_availability─┘                      │ make_available (again)
      └────────────── conclude ─────────────────────── ┘

Who: the generating unit (the person's current unit is the block's) builds, makes
available, cancels the availability and concludes; a unit the block is available to
signs, annotates and returns. While a block is available its documents cannot be
edited or cancelled (core.services.permissions.require_not_available_in_block); once
signed they never can. A document is in at most one block not yet concluded (a partial
unique constraint). Signers take a share lock on the block's row, transitions an update
lock, so a return waits for signatures in flight and no one signs a returned block."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import CoreError
from core.models import AccessLevel, Document, Signature, StaffMember, Unit
from core.services import permissions
from core.services.permissions import Situation
from core.services.processes import record
from core.services.staff import require_current_unit
from signatures import iti
from signatures.errors import Code, SignatureError
from signatures.models import (
    Level,
    SignatureBlock,
    SignatureBlockDocument,
    SignatureBlockEvent,
    SignatureBlockUnit,
)

State = SignatureBlock.State
MAX_DOCUMENTS = iti.MAX_SESSION_HASHES  # one gov.br authorisation signs the whole block

# action → the states it may start from (anything else is a pt-BR 409)
TRANSITIONS: dict[str, set[str]] = {
    "add_documents": {State.OPEN, State.RETURNED},
    "remove_document": {State.OPEN, State.RETURNED},
    "make_available": {State.OPEN, State.RETURNED},
    "cancel_availability": {State.AVAILABLE},
    "sign": {State.AVAILABLE},
    "annotate": {State.AVAILABLE},
    "return": {State.AVAILABLE},
    "conclude": {State.OPEN, State.RETURNED},
}
# what each action needs of the person's current unit
GENERATING = {"add_documents", "remove_document", "make_available", "cancel_availability",
              "conclude"}  # fmt: skip
RECIPIENT = {"sign", "annotate", "return"}

_STATE_REFUSALS = {
    "add_documents": _("Só é possível incluir documentos em um bloco aberto ou retornado."),
    "remove_document": _("Só é possível retirar documentos de um bloco aberto ou retornado."),
    "make_available": _("O bloco já está disponibilizado ou foi concluído."),
    "cancel_availability": _("O bloco não está disponibilizado."),
    "sign": _("O bloco não está disponibilizado para assinatura."),
    "annotate": _("O bloco não está disponibilizado para a sua unidade."),
    "return": _("O bloco não está disponibilizado: não há o que retornar."),
    "conclude": _("Só é possível concluir um bloco aberto ou retornado."),
}


# --- facts ---------------------------------------------------------------------------


def is_recipient(block: SignatureBlock, unit_id: int | None) -> bool:
    return unit_id is not None and any(r.unit_id == unit_id for r in block.recipients.all())


def _working_unit_id(staff: StaffMember) -> int | None:
    from core.selectors import working_unit_id

    return working_unit_id(staff)


def check(staff: StaffMember, block: SignatureBlock, action: str, *, state: str | None = None):
    """Refuse `action` on `block` by `staff` now (the same check the screens use to offer
    it). `state`: the block's state read under lock, when the caller holds it."""
    unit_id = _working_unit_id(staff)
    if unit_id is None:
        raise CoreError("no_current_unit", _("Escolha a unidade em que está trabalhando."))
    if action in GENERATING and block.unit_id != unit_id:
        raise SignatureError(
            Code.BLOCK_NOT_YOURS,
            _("Só a unidade que gerou o bloco de assinatura pode fazer isso."),
            status=403,
        )
    if action in RECIPIENT and not is_recipient(block, unit_id):
        raise SignatureError(
            Code.BLOCK_NOT_RECIPIENT,
            _("O bloco de assinatura não foi disponibilizado para a sua unidade."),
            status=403,
        )
    if (state or block.state) not in TRANSITIONS[action]:
        raise SignatureError(Code.BLOCK_STATE, _STATE_REFUSALS[action], status=409)


def allowed_actions(staff: StaffMember, block: SignatureBlock) -> list[str]:
    found = []
    for action in TRANSITIONS:
        try:
            check(staff, block, action)
        except (SignatureError, CoreError):
            continue
        found.append(action)
    return found


# --- helpers -------------------------------------------------------------------------


def _lock(block: SignatureBlock, *, share: bool = False) -> SignatureBlock:
    """The block read again holding its row: FOR SHARE for signers (many at once), FOR
    UPDATE for a change of state (waits for them)."""
    if share:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM signatures_signatureblock WHERE id = %s FOR SHARE", [block.pk]
            )
        return SignatureBlock.objects.prefetch_related("recipients").get(pk=block.pk)
    return (
        SignatureBlock.objects.select_for_update()
        .filter(pk=block.pk)
        .prefetch_related("recipients")
        .get()
    )


def _event(block: SignatureBlock, action: str, description: str, staff: StaffMember | None):
    return SignatureBlockEvent.objects.create(
        block=block,
        action=action,
        description=description[:500],
        unit_id=staff.current_unit_id if staff else None,
        user_id=staff.user_id if staff else None,
    )


def _set_state(block: SignatureBlock, state: str) -> None:
    block.state = state
    block.save(update_fields=["state", "updated_at"])


def documents_of(block: SignatureBlock) -> list[Document]:
    return [
        item.document
        for item in block.items.select_related(
            "document", "document__document_type", "document__process", "document__unit"
        )
    ]


# --- the generating unit -------------------------------------------------------------


def create_block(*, staff: StaffMember, description: str) -> SignatureBlock:
    unit = require_current_unit(staff)
    description = " ".join((description or "").split())
    if not description:
        raise SignatureError(Code.BLOCK_INVALID, _("Informe a descrição do bloco de assinatura."))
    if len(description) > 200:
        raise SignatureError(
            Code.BLOCK_INVALID, _("A descrição do bloco deve ter no máximo 200 caracteres.")
        )
    with transaction.atomic():
        block = SignatureBlock.objects.create(
            unit=unit, description=description, created_by_id=staff.user_id
        )
        _event(block, "created", _("Bloco gerado pela unidade %s") % unit.acronym, staff)
    return block


def add_documents(
    *, staff: StaffMember, block: SignatureBlock, documents: list[Document]
) -> list[SignatureBlockDocument]:
    """Incluir em bloco: each document as `permissions.check_add_to_block` allows (an
    unsigned document the unit generated, of a process open there, not sigiloso, in no
    other block); all or nothing."""
    if not documents:
        raise SignatureError(Code.BLOCK_INVALID, _("Selecione ao menos um documento."))
    with transaction.atomic():
        block = _lock(block)
        check(staff, block, "add_documents")
        present = set(block.items.values_list("document_id", flat=True))
        if len(present | {d.pk for d in documents}) > MAX_DOCUMENTS:
            raise SignatureError(
                Code.BLOCK_INVALID,
                _("Um bloco de assinatura tem no máximo %d documentos.") % MAX_DOCUMENTS,
            )
        situations: dict[int, Situation] = {}
        items = []
        for document in documents:
            locked = (
                Document.objects.select_for_update()
                .select_related("process", "document_type")
                .get(pk=document.pk)
            )
            if locked.pk in present:
                raise SignatureError(
                    Code.BLOCK_DOCUMENT,
                    _("O documento %s já está neste bloco.") % locked,
                    status=409,
                )
            if locked.process_id not in situations:
                situations[locked.process_id] = Situation(staff, locked.process, fresh=True)
            permissions.check_add_to_block(situations[locked.process_id], locked)
            try:
                with transaction.atomic():
                    item = SignatureBlockDocument.objects.create(
                        block=block, document=locked, added_by_id=staff.user_id
                    )
            except IntegrityError as exc:  # another request put it in a block meanwhile
                raise SignatureError(
                    Code.BLOCK_DOCUMENT,
                    _("O documento %s já está em outro bloco de assinatura.") % locked,
                    status=409,
                ) from exc
            present.add(locked.pk)
            items.append(item)
            record(
                locked.process,
                "document_added_to_block",
                _("Documento %(doc)s incluído no bloco de assinatura nº %(block)s")
                % {"doc": locked, "block": block.pk},
                staff=staff,
                document=str(locked.uuid),
                block=block.pk,
            )
            _event(block, "document_added", _("Documento %s incluído") % locked, staff)
    return items


def remove_document(*, staff: StaffMember, block: SignatureBlock, document: Document) -> None:
    with transaction.atomic():
        block = _lock(block)
        check(staff, block, "remove_document")
        item = SignatureBlockDocument.objects.filter(block=block, document=document).first()
        if item is None:
            raise SignatureError(
                Code.BLOCK_DOCUMENT, _("O documento não está neste bloco."), status=404
            )
        item.delete()
        record(
            document.process,
            "document_removed_from_block",
            _("Documento %(doc)s retirado do bloco de assinatura nº %(block)s")
            % {"doc": document, "block": block.pk},
            staff=staff,
            document=str(document.uuid),
            block=block.pk,
        )
        _event(block, "document_removed", _("Documento %s retirado") % document, staff)


def make_available(
    *, staff: StaffMember, block: SignatureBlock, units: list[Unit]
) -> SignatureBlock:
    """Disponibilizar: to one or more other active units (replacing an earlier choice)."""
    units = list({u.pk: u for u in units}.values())
    if not units:
        raise SignatureError(
            Code.BLOCK_INVALID, _("Escolha ao menos uma unidade para disponibilizar o bloco.")
        )
    if any(not u.active for u in units):
        raise SignatureError(Code.BLOCK_INVALID, _("Uma das unidades escolhidas está desativada."))
    with transaction.atomic():
        block = _lock(block)
        check(staff, block, "make_available")
        if any(u.pk == block.unit_id for u in units):
            raise SignatureError(
                Code.BLOCK_INVALID,
                _("O bloco é disponibilizado a outras unidades, não à que o gerou."),
            )
        documents = documents_of(block)
        if not documents:
            raise SignatureError(
                Code.BLOCK_EMPTY, _("Inclua ao menos um documento antes de disponibilizar.")
            )
        cancelled = [str(d) for d in documents if d.cancelled_at is not None]
        if cancelled:
            raise SignatureError(
                Code.BLOCK_DOCUMENT,
                _("Retire do bloco o documento cancelado: %s.") % ", ".join(cancelled),
                status=409,
            )
        SignatureBlockUnit.objects.filter(block=block).exclude(unit__in=units).delete()
        for unit in units:
            SignatureBlockUnit.objects.get_or_create(block=block, unit=unit)
        _set_state(block, State.AVAILABLE)
        names = ", ".join(sorted(u.acronym for u in units))
        _event(block, "made_available", _("Bloco disponibilizado para %s") % names, staff)
    return block


def cancel_availability(*, staff: StaffMember, block: SignatureBlock) -> SignatureBlock:
    """Cancelar disponibilização: the block is open again (signatures already made stay)."""
    with transaction.atomic():
        block = _lock(block)
        check(staff, block, "cancel_availability")
        _set_state(block, State.OPEN)
        _event(block, "availability_cancelled", _("Disponibilização cancelada"), staff)
    return block


def conclude(*, staff: StaffMember, block: SignatureBlock) -> SignatureBlock:
    """Concluir: the block's documents are free for another block."""
    with transaction.atomic():
        block = _lock(block)
        check(staff, block, "conclude")
        SignatureBlockDocument.objects.filter(block=block).update(active=False)
        _set_state(block, State.CONCLUDED)
        _event(block, "concluded", _("Bloco concluído"), staff)
    return block


# --- the units it is available to ----------------------------------------------------


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > 1000:
        raise SignatureError(
            Code.BLOCK_INVALID, _("A anotação deve ter no máximo 1000 caracteres.")
        )
    return note


def annotate(*, staff: StaffMember, block: SignatureBlock, note: str) -> SignatureBlockUnit:
    """Anotação of the person's unit on the block, read by the generating unit."""
    note = _clean_note(note)
    with transaction.atomic():
        block = _lock(block)
        check(staff, block, "annotate")
        row = SignatureBlockUnit.objects.get(block=block, unit_id=staff.current_unit_id)
        row.note = note
        row.save(update_fields=["note"])
        _event(block, "annotated", _("Anotação registrada"), staff)
    return row


def return_block(*, staff: StaffMember, block: SignatureBlock, note: str = "") -> SignatureBlock:
    """Retornar (devolver) the block to the unit that generated it, with an optional
    anotação."""
    note = _clean_note(note)
    with transaction.atomic():
        block = _lock(block)
        check(staff, block, "return")
        if note:
            SignatureBlockUnit.objects.filter(block=block, unit_id=staff.current_unit_id).update(
                note=note
            )
        _set_state(block, State.RETURNED)
        unit = staff.current_unit
        _event(block, "returned", _("Bloco retornado pela unidade %s") % unit.acronym, staff)
    return block


def _signing_rule(block: SignatureBlock, item_ids: set[int]):
    """The check that replaces `permissions.check_sign` for a block's documents: the
    signer works in a unit the block is available to (checked before, under the block's
    lock); the document is of the block, generated in the system, not cancelled, of a
    process that can change; the signer has not signed it yet."""

    def rule(s: Situation, document: Document) -> Unit:
        unit = permissions.require_unit(s)
        if document.pk not in item_ids:
            raise SignatureError(
                Code.BLOCK_DOCUMENT, _("O documento %s não está no bloco.") % document
            )
        if document.kind != Document.Kind.INTERNAL:
            raise CoreError(
                "not_internal", _("Só documentos gerados no sistema podem ser assinados.")
            )
        if document.cancelled_at is not None:
            raise CoreError("document_cancelled", _("O documento foi cancelado."), status=409)
        permissions.require_editable(s)
        if any(sig.user_id == s.staff.user_id for sig in document.signatures.all()):
            raise CoreError(
                "already_signed", _("Você já assinou o documento %s.") % document, status=409
            )
        return unit

    return rule


def to_sign(block: SignatureBlock, user: User) -> list[Document]:
    """The block's documents this person has not signed yet (not cancelled)."""
    signed = set(
        Signature.objects.filter(
            user_id=user.pk, document__in=block.items.values("document")
        ).values_list("document_id", flat=True)
    )
    return [d for d in documents_of(block) if d.pk not in signed and d.cancelled_at is None]


def prepare_signing(*, staff: StaffMember, user: User, block: SignatureBlock, share: bool = True):
    """Inside the caller's transaction: the block locked (shared), the signer checked,
    and what they sign with the rule to apply. Used by password/gov.br login signing
    here and by the gov.br signature API (`signatures.services.govbr`)."""
    block = _lock(block, share=share)
    check(staff, block, "sign")
    documents = to_sign(block, user)
    if not documents:
        raise SignatureError(
            Code.BLOCK_NOTHING_TO_SIGN,
            _("Você já assinou todos os documentos deste bloco."),
            status=409,
        )
    item_ids = set(block.items.values_list("document_id", flat=True))
    return block, documents, _signing_rule(block, item_ids)


def sign_block(
    *,
    staff: StaffMember,
    user: User,
    block: SignatureBlock,
    password: str = "",
    role: str = "",
    method: str = "password",
    govbr: dict | None = None,
) -> list[Signature]:
    """Assinar bloco with a password or a fresh gov.br login (level simples): every
    document of the block the person has not signed, in one transaction; a document whose
    type requires a higher level refuses the whole block (sign it with the gov.br
    signature API instead)."""
    from signatures.services.signing import sign_documents

    if method not in ("password", "govbr"):
        raise SignatureError(Code.BLOCK_INVALID, _("Forma de assinatura inválida."))
    with transaction.atomic():
        block, documents, rule = prepare_signing(staff=staff, user=user, block=block)
        signatures = sign_documents(
            staff=staff,
            user=user,
            documents=documents,
            password=password,
            role=role,
            method=method,
            govbr=govbr,
            level=Level.SIMPLE,
            check=rule,
            block=block.pk,
        )
        record_signed(block, staff=staff, user=user, count=len(signatures))
    return signatures


def record_signed(block: SignatureBlock, *, staff: StaffMember, user: User, count: int) -> None:
    _event(
        block,
        "signed",
        _("%(name)s assinou %(count)d documento(s) do bloco") % {"name": user.name, "count": count},
        staff,
    )


def readable_document(block: SignatureBlock, staff: StaffMember, document_uuid) -> Document:
    """A document of the block its units may read (even another unit's draft, and only
    through the block): the generating unit always; a recipient unit once the block has
    been made available to it (not while it is open again)."""
    unit_id = _working_unit_id(staff)
    mine = unit_id is not None and block.unit_id == unit_id
    received = block.state != State.OPEN and is_recipient(block, unit_id)
    document = (
        Document.objects.filter(uuid=document_uuid, pk__in=block.items.values("document"))
        .select_related("document_type", "process")
        .first()
    )
    if document is None or not (mine or received):
        raise CoreError("not_found", _("Documento não encontrado."), status=404)
    if document.cancelled_at is not None:
        raise CoreError(
            "document_cancelled",
            _("Documento cancelado: o conteúdo não está disponível."),
            status=404,
        )
    if document.process.access_level == AccessLevel.SECRET:  # (never added; kept safe)
        raise CoreError("not_found", _("Documento não encontrado."), status=404)
    return document


def units_by_uuid(uuids: Iterable) -> list[Unit]:
    wanted = list(dict.fromkeys(str(u) for u in uuids))
    found = {str(u.uuid): u for u in Unit.objects.filter(uuid__in=wanted)}
    if len(found) != len(wanted):
        raise SignatureError(Code.BLOCK_INVALID, _("Unidade não encontrada."), status=400)
    return [found[u] for u in wanted]
