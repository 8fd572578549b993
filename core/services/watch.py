"""Watch list (acompanhamento especial): each person's own list of processes to keep an
eye on, in groups they create. Only processes the person may see can be added; the list
is read through selectors.watch_list, which drops those they may no longer see."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import CoreError
from core.models import Process, StaffMember, Watch, WatchGroup


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CoreError("watch_group_name_missing", _("Informe o nome do grupo."))
    return name[:100]


def save_group(*, staff: StaffMember, name: str, group: WatchGroup | None = None) -> WatchGroup:
    """Create one of the person's groups, or rename it."""
    if group is not None and group.staff_id != staff.pk:
        raise CoreError("watch_group_not_found", _("Grupo não encontrado."), status=404)
    group = group or WatchGroup(staff=staff)
    group.name = _clean_name(name)
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as exc:
        raise CoreError(
            "watch_group_name_taken", _("Você já tem um grupo com este nome."), status=409
        ) from exc
    return group


def delete_group(*, staff: StaffMember, group: WatchGroup) -> None:
    """Delete a group; its processes stay on the list, without a group."""
    if group.staff_id != staff.pk:
        raise CoreError("watch_group_not_found", _("Grupo não encontrado."), status=404)
    group.delete()


def watch(
    *, staff: StaffMember, process: Process, group: WatchGroup | None = None, note: str = ""
) -> Watch:
    """Put a process on the person's list (or change its group and note). The caller
    resolves `process` through processes_visible_to."""
    if group is not None and group.staff_id != staff.pk:
        raise CoreError("watch_group_not_found", _("Grupo não encontrado."), status=404)
    note = (note or "").strip()[:500]
    with transaction.atomic():
        row, created = Watch.objects.get_or_create(
            staff=staff, process=process, defaults={"group": group, "note": note}
        )
        if not created:
            row.group, row.note = group, note
            row.save(update_fields=["group", "note", "updated_at"])
            return row
    return row


def unwatch(*, staff: StaffMember, process: Process) -> None:
    with transaction.atomic():
        deleted, _rows = Watch.objects.filter(staff=staff, process=process).delete()
        if not deleted:
            raise CoreError(
                "not_watched", _("O processo não está no seu acompanhamento especial."), status=404
            )
