"""A process's life beside moving it: suspension (sobrestamento) and resumption,
relations between processes (relacionamento) and annexation (anexação)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import CoreError
from core.models import AccessLevel, OpenIn, Process, ProcessRelation, StaffMember
from core.services import permissions
from core.services.permissions import Situation
from core.services.processes import record


def label(process: Process) -> str:
    """How a history line names another process: its number, unless it is secret
    (the line may be read by people who may not see that one)."""
    if process.access_level == AccessLevel.SECRET:
        return _("(processo sigiloso)")
    return str(process)


def suspend(*, staff: StaffMember, process: Process, reason: str) -> Process:
    """Sobrestar: pause the process with a reason; it is read-only until resumed.
    Only a unit where the process is open may do it."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CoreError("suspension_reason_missing", _("Informe o motivo do sobrestamento."))
    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        unit = permissions.check_suspend(Situation(staff, locked))  # `locked` is fresh
        locked.suspended_at, locked.suspension_reason = timezone.now(), reason[:500]
        locked.save(update_fields=["suspended_at", "suspension_reason", "updated_at"])
        record(
            locked,
            "suspended",
            (
                _("Processo sobrestado na unidade %(unit)s. Motivo: %(reason)s")
                % {"unit": unit.acronym, "reason": reason}
            )[:500],
            staff=staff,
            reason=reason[:500],
        )
    return locked


def resume(*, staff: StaffMember, process: Process) -> Process:
    """Remove the suspension; only a unit where the process is open may do it."""
    with transaction.atomic():
        locked = Process.objects.select_for_update().get(pk=process.pk)
        unit = permissions.check_resume(Situation(staff, locked))  # `locked` is fresh
        locked.suspended_at, locked.suspension_reason = None, ""
        locked.save(update_fields=["suspended_at", "suspension_reason", "updated_at"])
        record(
            locked,
            "resumed",
            _("Sobrestamento removido na unidade %s") % unit.acronym,
            staff=staff,
        )
    return locked


def _pair(a: Process, b: Process) -> tuple[Process, Process]:
    return (a, b) if a.pk < b.pk else (b, a)


def relate(*, staff: StaffMember, process: Process, other: Process) -> ProcessRelation:
    """Relate `process` (open in the current unit) to `other` (any process the person
    may see: the caller resolves it through processes_visible_to). Symmetric."""
    if process.pk == other.pk:
        raise CoreError("relation_self", _("Um processo não pode ser relacionado a si mesmo."))
    with transaction.atomic():
        unit = permissions.check_relate(Situation(staff, process, fresh=True))
        first, second = _pair(process, other)
        relation, created = ProcessRelation.objects.get_or_create(
            first=first, second=second, defaults={"unit": unit, "created_by_id": staff.user_id}
        )
        if not created:
            raise CoreError("already_related", _("Os processos já estão relacionados."), status=409)
        for this, that in ((process, other), (other, process)):
            record(
                this,
                "related",
                _("Processo relacionado ao processo %s") % label(that),
                staff=staff,
                other=str(that.uuid),
            )
    return relation


def unrelate(*, staff: StaffMember, process: Process, other: Process) -> None:
    with transaction.atomic():
        permissions.check_relate(Situation(staff, process, fresh=True))
        first, second = _pair(process, other)
        deleted, _rows = ProcessRelation.objects.filter(first=first, second=second).delete()
        if not deleted:
            raise CoreError("not_related", _("Os processos não estão relacionados."), status=404)
        for this, that in ((process, other), (other, process)):
            record(
                this,
                "unrelated",
                _("Relacionamento com o processo %s removido") % label(that),
                staff=staff,
                other=str(that.uuid),
            )


def annex(*, staff: StaffMember, main: Process, annexed: Process) -> Process:
    """Anexar: `annexed` becomes part of `main`. Both must be open in the current unit
    and editable; the annexed process is then closed in every unit and read-only."""
    if main.pk == annexed.pk:
        raise CoreError("annex_self", _("Um processo não pode ser anexado a si mesmo."))
    with transaction.atomic():
        rows = Process.objects.select_for_update().filter(pk__in=[main.pk, annexed.pk])
        rows = {p.pk: p for p in rows.order_by("pk")}  # one lock order: no deadlock
        main, annexed = rows[main.pk], rows[annexed.pk]
        # Both open here and editable. No cycles can form: an annexed process is
        # read-only, so `main` is not inside another process, and `annexed` becomes a leaf.
        permissions.require_open_here(Situation(staff, main))
        permissions.require_open_here(Situation(staff, annexed))
        permissions.check_annex(Situation(staff, main))  # both rows are fresh (locked)
        permissions.check_annex(Situation(staff, annexed))
        annexed.annexed_to, annexed.annexed_at = main, timezone.now()
        annexed.save(update_fields=["annexed_to", "annexed_at", "updated_at"])
        OpenIn.objects.filter(process=annexed).delete()  # closed in all units
        record(
            annexed,
            "annexed",
            _("Processo anexado ao processo %s") % label(main),
            staff=staff,
            other=str(main.uuid),
        )
        record(
            main,
            "annex_received",
            _("Processo %s anexado a este processo") % label(annexed),
            staff=staff,
            other=str(annexed.uuid),
        )
    return annexed
