"""What a person may do now with a process or a document: one check per action, the
same one the action itself runs before changing anything, so what the process view
offers (`allowed_actions`) and what the service accepts cannot drift apart.

A check takes a `Situation` (the facts about the person, their working unit and the
process, each read once) and raises the action's CoreError when it is refused.
`process_actions` / `document_actions` run every check and keep the names of those that
pass. Services build a fresh Situation inside their transaction (`fresh=True`: the
process's row read and held, as `require_editable` always did)."""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _

from core.errors import CoreError
from core.models import (
    AccessLevel,
    Document,
    OpenIn,
    Process,
    ProcessEvent,
    ProcessUnit,
    StaffMember,
    Unit,
)

PROCESS_ACTIONS = [
    "add_document",
    "upload_document",
    "send",
    "conclude",
    "reopen",
    "assign",
    "suspend",
    "resume",
    "relate",
    "annex",
    "send_external",
    "markers",
    "watch",
    "generate_pdf",
    "grant_access",
]
DOCUMENT_ACTIONS = ["view", "edit", "sign", "cancel", "download", "send_external"]

_UNSET = object()


class Situation:
    """The facts the checks look at, each read at most once (lazily).

    `fresh=True` (inside an action's transaction): the process's state is read now and
    its row held until commit; otherwise the caller's copy of the process is trusted
    (the process view has just read it)."""

    def __init__(
        self,
        staff: StaffMember,
        process: Process,
        *,
        fresh: bool = False,
        open_here: bool | None = None,
    ):
        self.staff = staff
        self.process = process
        self.fresh = fresh
        self._unit = _UNSET
        self._state = None
        self._open_here = open_here  # when the caller has just read (and locked) it
        self._passed = None
        self._concluded_here = None

    # --- facts -------------------------------------------------------------------------
    @property
    def unit(self) -> Unit | None:
        """The current unit, if the person still works there (else None)."""
        if self._unit is _UNSET:
            from core.services.staff import unit_ids

            staff = self.staff
            ok = staff.current_unit_id is not None and staff.current_unit_id in unit_ids(staff)
            self._unit = staff.current_unit if ok else None
        return self._unit

    @property
    def state(self) -> dict:
        """lock, suspended_at, annexed_to_id (read fresh, and held, when `fresh`)."""
        if self._state is None:
            if self.fresh:
                rows = Process.objects.filter(pk=self.process.pk)
                if connection.in_atomic_block:
                    rows = rows.select_for_update(no_key=True)
                self._state = rows.values("lock", "suspended_at", "annexed_to_id").first() or {}
            else:
                p = self.process
                self._state = {
                    "lock": p.lock,
                    "suspended_at": p.suspended_at,
                    "annexed_to_id": p.annexed_to_id,
                }
        return self._state

    @property
    def open_here(self) -> bool:
        if self._open_here is None:
            unit = self.unit
            prefetched = getattr(self.process, "_prefetched_objects_cache", {}).get("open_in")
            if unit is None:
                self._open_here = False
            elif prefetched is not None and not self.fresh:  # (selectors.process_detail)
                self._open_here = any(row.unit_id == unit.pk for row in prefetched)
            else:
                self._open_here = OpenIn.objects.filter(
                    process_id=self.process.pk, unit_id=unit.pk
                ).exists()
        return self._open_here

    @property
    def passed(self) -> bool:
        """The process has passed through the current unit."""
        if self._passed is None:
            unit = self.unit
            self._passed = unit is not None and (
                ProcessUnit.objects.filter(process_id=self.process.pk, unit_id=unit.pk).exists()
            )
        return self._passed

    @property
    def concluded_here(self) -> bool:
        """The process last left the current unit by being concluded there (not sent
        away, not taken by another body)."""
        if self._concluded_here is None:
            unit = self.unit
            last = None
            if unit is not None:
                events = ProcessEvent.objects.filter(
                    process_id=self.process.pk,
                    unit_id=unit.pk,
                    action__in=["concluded", "sent", "reopened", "created"],
                ).order_by("-id")
                for action, data in events.values_list("action", "data")[:20]:
                    if action == "sent" and (data or {}).get("keep_open"):
                        continue  # it stayed open here
                    last = action
                    break
            self._concluded_here = last == "concluded"
        return self._concluded_here


# --- building blocks ------------------------------------------------------------------


def require_unit(s: Situation) -> Unit:
    if s.unit is None:
        raise CoreError("no_current_unit", _("Escolha a unidade em que está trabalhando."))
    return s.unit


def check_editable_state(state: dict) -> None:
    """Refuse changes to a read-only process: one with another body (lock), suspended
    (sobrestado) or annexed to another process."""
    if not state:
        return
    if state["lock"]:
        raise CoreError(
            "process_locked",
            _("O processo está em trâmite externo e não pode ser alterado."),
            status=409,
        )
    if state["annexed_to_id"]:
        raise CoreError(
            "process_annexed",
            _("O processo foi anexado a outro processo e não pode mais ser alterado."),
            status=409,
        )
    if state["suspended_at"]:
        raise CoreError(
            "process_suspended",
            _("O processo está sobrestado e não pode ser alterado até ser retomado."),
            status=409,
        )


def require_editable(s: Situation) -> None:
    check_editable_state(s.state)


def not_open_here() -> CoreError:
    return CoreError("not_open_here", _("O processo não está aberto na sua unidade."), status=409)


def require_open_here(s: Situation) -> Unit:
    unit = require_unit(s)
    if not s.open_here:
        raise not_open_here()
    return unit


# --- process actions ------------------------------------------------------------------


def check_add_document(s: Situation) -> Unit:
    """New documents (generated or uploaded) only where the process is open, and while
    it is editable: a unit that sent it away adds nothing more."""
    unit = require_unit(s)
    require_editable(s)
    if not s.open_here:
        raise CoreError(
            "not_open_here",
            _("O processo não está aberto na sua unidade: não é possível incluir documentos."),
            status=409,
        )
    return unit


check_upload_document = check_add_document


def check_send(s: Situation) -> Unit:
    unit = require_open_here(s)
    require_editable(s)
    return unit


def check_conclude(s: Situation) -> Unit:
    unit = require_unit(s)
    require_editable(s)
    if not s.open_here:
        raise not_open_here()
    return unit


def check_reopen(s: Situation) -> Unit:
    """Only where the process was concluded (by the unit itself) and is not open now."""
    unit = require_unit(s)
    if s.state.get("annexed_to_id"):
        raise CoreError(
            "process_annexed",
            _("O processo foi anexado a outro processo e não pode ser reaberto."),
            status=409,
        )
    require_editable(s)
    if s.open_here:
        raise CoreError("already_open", _("O processo já está aberto na sua unidade."), status=409)
    if not s.passed:
        raise CoreError(
            "never_here",
            _("Só unidades por onde o processo passou podem reabri-lo."),
            status=403,
        )
    if not s.concluded_here:
        raise CoreError(
            "not_concluded_here",
            _("Só a unidade que concluiu o processo pode reabri-lo."),
            status=409,
        )
    return unit


def check_assign(s: Situation) -> Unit:
    return require_open_here(s)


def check_suspend(s: Situation) -> Unit:
    unit = require_open_here(s)
    if s.state.get("suspended_at") is not None:
        raise CoreError("already_suspended", _("O processo já está sobrestado."), status=409)
    require_editable(s)
    return unit


def check_resume(s: Situation) -> Unit:
    unit = require_open_here(s)
    if s.state.get("suspended_at") is None:
        raise CoreError("not_suspended", _("O processo não está sobrestado."), status=409)
    return unit


def check_relate(s: Situation) -> Unit:
    unit = require_open_here(s)
    require_editable(s)
    return unit


check_annex = check_relate
check_markers = check_assign


def check_watch(s: Situation) -> None:
    """Anyone who may see the process may keep it on their watch list."""


def check_generate_pdf(s: Situation) -> None:
    """Anyone who may see the process may have its PDF made."""


def check_grant_access(s: Situation) -> Unit:
    """Acesso externo (a citizen sees the process, restrito documents included): from a
    unit where the process is open; never for a sigiloso process."""
    unit = require_open_here(s)
    if s.process.access_level == AccessLevel.SECRET:
        raise CoreError(
            "secret_not_allowed", _("Processo sigiloso não admite acesso externo."), status=409
        )
    return unit


def check_send_external(s: Situation, documents=None) -> Unit:
    """Out to another body (Tramita GOV.BR): from a unit where the process is open, when
    every internal document not cancelled is signed (as SEI's PEN module requires).
    `documents`: the process's documents with their signatures, if already read."""
    unit = require_open_here(s)
    require_editable(s)
    if documents is None:
        from core.selectors import signatures_prefetch

        documents = list(
            s.process.documents.select_related("document_type").prefetch_related(
                signatures_prefetch()
            )
        )
    live = [d for d in documents if d.cancelled_at is None]
    unsigned = [str(d) for d in live if d.kind == Document.Kind.INTERNAL and not d.signatures.all()]
    if unsigned:
        raise CoreError(
            "unsigned_documents",
            _("Assine os documentos antes de enviar o processo: %s.") % ", ".join(unsigned),
        )
    if not live:
        raise CoreError("no_documents", _("O processo não tem documentos para enviar."))
    return unit


def check_send_document_external(s: Situation, document: Document, attachments=()) -> Unit:
    """A documento avulso out to another body (Tramita GOV.BR): one document and its
    anexos, from a unit where the process is open and editable; all of this process, not
    cancelled, and signed when generated in the system. The process stays here.
    Signatures are read through `document.signatures.all()` (prefetched by the view)."""
    unit = require_open_here(s)
    require_editable(s)
    chosen = [document, *attachments]
    if any(d.process_id != s.process.pk for d in chosen):
        raise CoreError("document_not_in_process", _("Os anexos devem ser do mesmo processo."))
    if len({d.pk for d in chosen}) != len(chosen):
        raise CoreError("duplicate_attachment", _("Um documento foi escolhido mais de uma vez."))
    cancelled = [str(d) for d in chosen if d.cancelled_at is not None]
    if cancelled:
        raise CoreError(
            "document_cancelled",
            _("Documento cancelado não pode ser enviado: %s.") % ", ".join(cancelled),
        )
    unsigned = [
        str(d) for d in chosen if d.kind == Document.Kind.INTERNAL and not d.signatures.all()
    ]
    if unsigned:
        raise CoreError(
            "unsigned_documents",
            _("Assine os documentos antes de enviá-los: %s.") % ", ".join(unsigned),
        )
    empty = [str(d) for d in chosen if d.kind == Document.Kind.EXTERNAL and not d.size]
    if empty:
        raise CoreError("empty_document", _("Documento sem arquivo: %s.") % ", ".join(empty))
    return unit


# --- document actions -----------------------------------------------------------------


def is_draft(document: Document) -> bool:
    return (
        document.kind == Document.Kind.INTERNAL
        and document.cancelled_at is None
        and not document.signatures.all()
    )


def document_state(document: Document) -> str:
    if document.cancelled_at is not None:
        return "cancelled"
    if document.kind == Document.Kind.EXTERNAL:
        return "external"
    return "signed" if document.signatures.all() else "draft"


def document_not_found() -> CoreError:
    return CoreError("not_found", _("Documento não encontrado."), status=404)


def check_view(s: Situation, document: Document) -> None:
    """The content may be read: not cancelled, and an unsigned draft only in the unit
    that generated it (other units see it listed, without content)."""
    if document.cancelled_at is not None:
        raise CoreError(
            "document_cancelled",
            _("Documento cancelado: o conteúdo não está disponível."),
            status=404,
        )
    if is_draft(document) and (s.unit is None or s.unit.pk != document.unit_id):
        raise document_not_found()


check_download = check_view


def _require_own_document(s: Situation, document: Document, message: str) -> Unit:
    unit = require_unit(s)
    if document.cancelled_at is not None:
        raise CoreError("document_cancelled", _("O documento foi cancelado."), status=409)
    if document.unit_id != unit.pk:
        raise CoreError("not_your_unit", message, status=403)
    return unit


def check_edit(s: Situation, document: Document) -> Unit:
    if document.kind != Document.Kind.INTERNAL:
        raise CoreError("not_internal", _("Só documentos gerados no sistema podem ser editados."))
    unit = _require_own_document(
        s, document, _("Só a unidade que gerou o documento pode editá-lo.")
    )
    check_add_document(s)
    if document.signatures.all():
        raise CoreError(
            "document_signed", _("Documento assinado não pode ser alterado."), status=409
        )
    return unit


def check_sign(s: Situation, document: Document) -> Unit:
    if document.kind != Document.Kind.INTERNAL:
        raise CoreError("not_internal", _("Só documentos gerados no sistema podem ser assinados."))
    unit = _require_own_document(
        s, document, _("Só servidores da unidade do documento podem assiná-lo.")
    )
    check_add_document(s)
    if any(sig.user_id == s.staff.user_id for sig in document.signatures.all()):
        raise CoreError(
            "already_signed", _("Você já assinou o documento %s.") % document, status=409
        )
    return unit


def check_cancel(s: Situation, document: Document) -> Unit:
    unit = _require_own_document(
        s, document, _("Só a unidade que gerou o documento pode cancelá-lo.")
    )
    check_add_document(s)
    return unit


PROCESS_CHECKS = {
    "add_document": check_add_document,
    "upload_document": check_upload_document,
    "send": check_send,
    "conclude": check_conclude,
    "reopen": check_reopen,
    "assign": check_assign,
    "suspend": check_suspend,
    "resume": check_resume,
    "relate": check_relate,
    "annex": check_annex,
    "markers": check_markers,
    "watch": check_watch,
    "generate_pdf": check_generate_pdf,
    "grant_access": check_grant_access,
}
DOCUMENT_CHECKS = {
    "view": check_view,
    "edit": check_edit,
    "sign": check_sign,
    "cancel": check_cancel,
    "download": check_download,
}


def _passes(check, *args) -> bool:
    try:
        check(*args)
    except CoreError:
        return False
    return True


def process_actions(
    staff: StaffMember, process: Process, *, situation: Situation | None = None
) -> list[str]:
    """The process-level actions `staff` may take now (PROCESS_ACTIONS' order).

    `process` as the process view reads it (documents with their signatures prefetched):
    a handful of small queries, whatever the number of documents."""
    s = situation or Situation(staff, process)
    allowed = [name for name, check in PROCESS_CHECKS.items() if _passes(check, s)]
    documents = list(process.documents.all())
    if _passes(check_send_external, s, documents) and _tramita_enabled(s):
        allowed.append("send_external")
    return [name for name in PROCESS_ACTIONS if name in allowed]


def _tramita_enabled(s: Situation) -> bool:
    """The municipality (or the unit) is mapped in Tramita GOV.BR (read once per
    Situation: the process view asks for every document)."""
    cached = getattr(s, "_tramita_enabled", None)
    if cached is not None:
        return cached
    from tenants.models import Tenant
    from tramita.services import sending_mapping

    tenant = getattr(connection, "tenant", None)  # (django-tenants: the request's own)
    if not isinstance(tenant, Tenant) or tenant.schema_name != connection.schema_name:
        tenant = Tenant.objects.filter(schema_name=connection.schema_name).first()
    s._tramita_enabled = tenant is not None and sending_mapping(tenant, s.unit) is not None
    return s._tramita_enabled


def document_actions(
    staff: StaffMember,
    document: Document,
    *,
    situation: Situation | None = None,
) -> list[str]:
    """The actions `staff` may take now on `document` (signatures prefetched)."""
    s = situation or Situation(staff, document.process)
    allowed = [name for name, check in DOCUMENT_CHECKS.items() if _passes(check, s, document)]
    # "Enviar documento para outro órgão" (a documento avulso), when the city is mapped.
    if _tramita_enabled(s) and _passes(check_send_document_external, s, document):
        allowed.append("send_external")
    return allowed
