"""Markers (marcadores): a unit's own coloured labels on the processes open there.
Any member of the unit manages them, working in that unit."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import CoreError
from core.models import Marker, Process, ProcessMarker, StaffMember
from core.services import permissions
from core.services.permissions import Situation
from core.services.processes import record
from core.services.staff import require_current_unit


def save_marker(
    *,
    staff: StaffMember,
    marker: Marker | None = None,
    name: str,
    color: str = Marker.Color.BLUE,
    active: bool = True,
) -> Marker:
    """Create a marker of the current unit, or change one of it."""
    unit = require_current_unit(staff)
    if marker is not None and marker.unit_id != unit.pk:
        raise CoreError("marker_not_found", _("Marcador não encontrado."), status=404)
    name = " ".join((name or "").split())
    if not name:
        raise CoreError("marker_name_missing", _("Informe o nome do marcador."))
    if color not in Marker.Color.values:
        raise CoreError("marker_color_invalid", _("Cor de marcador desconhecida."))
    marker = marker or Marker(unit=unit)
    marker.name, marker.color, marker.active = name[:60], color, active
    try:
        with transaction.atomic():
            marker.save()
    except IntegrityError as exc:
        raise CoreError(
            "marker_name_taken", _("A unidade já tem um marcador com este nome."), status=409
        ) from exc
    return marker


def mark(*, staff: StaffMember, process: Process, marker: Marker, note: str = "") -> ProcessMarker:
    """Put a marker of the current unit on a process open there (or change its note)."""
    note = (note or "").strip()[:500]
    with transaction.atomic():
        unit = permissions.check_markers(Situation(staff, process))
        if marker.unit_id != unit.pk:
            raise CoreError("marker_not_found", _("Marcador não encontrado."), status=404)
        if not marker.active:
            raise CoreError("marker_inactive", _("Este marcador está desativado."))
        row, created = ProcessMarker.objects.get_or_create(
            process=process, marker=marker, defaults={"note": note, "created_by_id": staff.user_id}
        )
        if not created:
            if row.note == note:
                return row
            row.note = note
            row.save(update_fields=["note", "updated_at"])
        record(
            process,
            "marked" if created else "marker_changed",
            (_("Marcador “%(name)s” incluído na unidade %(unit)s") if created
             else _("Marcador “%(name)s” alterado na unidade %(unit)s"))
            % {"name": marker.name, "unit": unit.acronym},
            staff=staff,
            marker=str(marker.uuid),
        )  # fmt: skip
    return row


def unmark(*, staff: StaffMember, process: Process, marker: Marker) -> None:
    unit = require_current_unit(staff)
    if marker.unit_id != unit.pk:
        raise CoreError("marker_not_found", _("Marcador não encontrado."), status=404)
    with transaction.atomic():
        deleted, _rows = ProcessMarker.objects.filter(process=process, marker=marker).delete()
        if not deleted:
            raise CoreError(
                "marker_not_on_process", _("O processo não tem este marcador."), status=404
            )
        record(
            process,
            "unmarked",
            _("Marcador “%(name)s” removido na unidade %(unit)s")
            % {"name": marker.name, "unit": unit.acronym},
            staff=staff,
            marker=str(marker.uuid),
        )
