"""Moving work between units: send (enviar), receive, conclude and reopen, assign."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import CoreError
from core.models import Dispatch, OpenIn, Process, ProcessUnit, StaffMember, Unit
from core.services import permissions
from core.services.permissions import Situation
from core.services.processes import record
from core.services.staff import require_current_unit, unit_ids


def require_open_here(staff: StaffMember, process: Process) -> Unit:
    """The staff member's current unit, where the process must be open."""
    return permissions.require_open_here(Situation(staff, process))


def open_in(process: Process, unit: Unit, *, generated: bool = False) -> OpenIn:
    ProcessUnit.objects.get_or_create(process=process, unit=unit)
    row, _created = OpenIn.objects.get_or_create(
        process=process, unit=unit, defaults={"generated": generated, "read": generated}
    )
    return row


def destination_units(uuids) -> list[Unit]:
    """The units chosen as destinations, by uuid; any unknown one is refused."""
    wanted = set(uuids)
    units = list(Unit.objects.filter(uuid__in=wanted))
    if len(units) != len(wanted):
        raise CoreError("not_found", _("Unidade de destino não encontrada."), status=404)
    return units


def send(
    *,
    staff: StaffMember,
    process: Process,
    to_units: list[Unit],
    note: str = "",
    keep_open: bool = False,
    return_date=None,
) -> list[Dispatch]:
    """Send from the current unit to one or more units. Only a unit where the process is
    open may send it; it stays open here only when asked (keep_open)."""
    unit = require_current_unit(staff)
    targets = {u.pk: u for u in to_units if u.pk != unit.pk}
    if not targets:
        raise CoreError("no_destination", _("Escolha ao menos uma unidade de destino."))
    if any(not u.active for u in targets.values()):
        raise CoreError("unit_inactive", _("Não é possível enviar para uma unidade desativada."))
    with transaction.atomic():
        here = OpenIn.objects.select_for_update().filter(process=process, unit=unit).first()
        permissions.check_send(Situation(staff, process, fresh=True, open_here=here is not None))
        dispatches = []
        for target in targets.values():
            row = open_in(process, target)
            if row.read or row.return_date != return_date:
                row.read, row.return_date = False, return_date
                row.save(update_fields=["read", "return_date"])
            dispatches.append(
                Dispatch.objects.create(
                    process=process,
                    from_unit=unit,
                    to_unit=target,
                    sent_by_id=staff.user_id,
                    note=(note or "").strip()[:1000],
                    keep_open=keep_open,
                    return_date=return_date,
                )
            )
        names = ", ".join(sorted(t.acronym for t in targets.values()))
        record(
            process,
            "sent",
            _("Processo enviado para %s") % names,
            staff=staff,
            to=[t.acronym for t in targets.values()],
            keep_open=keep_open,
            note=note,
        )
        if not keep_open:
            here.delete()
        from core.tasks import notify_arrival

        ids = [d.pk for d in dispatches]
        transaction.on_commit(lambda: notify_arrival.delay(ids))
    return dispatches


def mark_read(*, staff: StaffMember, process: Process) -> None:
    """Someone of the current unit opened the process: receipt recorded once (not by a
    person whose current unit is one they no longer work in)."""
    unit = staff.current_unit
    if unit is None:
        return
    rows = getattr(process, "_prefetched_objects_cache", {}).get("open_in")
    if rows is not None and not any(r.unit_id == unit.pk and not r.read for r in rows):
        return  # (selectors.process_detail) nothing unread here: nothing to record
    if unit.pk not in unit_ids(staff):
        return
    with transaction.atomic():
        updated = OpenIn.objects.filter(process=process, unit=unit, read=False).update(read=True)
        for row in rows or ():
            if row.unit_id == unit.pk:
                row.read = True  # the caller's copy says what the database now does
        if updated:
            record(
                process,
                "received",
                _("Processo recebido na unidade %s") % unit.acronym,
                staff=staff,
            )


def conclude(*, staff: StaffMember, process: Process) -> None:
    with transaction.atomic():
        unit = permissions.check_conclude(Situation(staff, process, fresh=True))
        deleted, _rows = OpenIn.objects.filter(process=process, unit=unit).delete()
        if not deleted:  # concluded meanwhile
            raise permissions.not_open_here()
        record(
            process, "concluded", _("Processo concluído na unidade %s") % unit.acronym, staff=staff
        )


def reopen(*, staff: StaffMember, process: Process) -> None:
    """Reopen where the process was concluded (see permissions.check_reopen)."""
    with transaction.atomic():
        unit = permissions.check_reopen(Situation(staff, process, fresh=True))
        OpenIn.objects.create(process=process, unit=unit, read=True)
        record(
            process, "reopened", _("Processo reaberto na unidade %s") % unit.acronym, staff=staff
        )


def assign(*, staff: StaffMember, process: Process, user_id: int | None) -> OpenIn:
    """Assign (atribuir) the process, open in the current unit, to one of the unit's
    staff who may see it — or remove the assignment (user_id None). The row is locked
    and the history line written in the same transaction."""
    unit = require_current_unit(staff)
    with transaction.atomic():
        return _assign(staff, process, unit, user_id)


def _assign(staff: StaffMember, process: Process, unit: Unit, user_id: int | None) -> OpenIn:
    from core.selectors import processes_visible_to

    row = OpenIn.objects.select_for_update().filter(process=process, unit=unit).first()
    permissions.check_assign(Situation(staff, process, open_here=row is not None))
    if user_id is not None:
        assignee = StaffMember.objects.filter(
            user_id=user_id, active=True, memberships__unit=unit
        ).first()
        if assignee is None:
            raise CoreError("not_a_member", _("Só servidores da unidade podem receber o processo."))
        if not processes_visible_to(assignee).filter(pk=process.pk).exists():
            raise CoreError(
                "assignee_without_access",
                _("Este servidor não tem credencial de acesso a este processo sigiloso."),
            )
    if row.assigned_to_id == user_id:
        return row
    row.assigned_to_id = user_id
    row.save(update_fields=["assigned_to_id"])
    if user_id is None:
        record(
            process,
            "unassigned",
            _("Atribuição removida na unidade %s") % unit.acronym,
            staff=staff,
        )
    else:
        record(
            process,
            "assigned",
            _("Processo atribuído na unidade %s") % unit.acronym,
            staff=staff,
            user=user_id,
        )
    return row
