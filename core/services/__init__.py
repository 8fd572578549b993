"""Actions inside a municipality. They run in the current tenant's schema."""

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from core.models import (
    DocumentTemplate,
    DocumentType,
    LegalBasis,
    Membership,
    ProcessType,
    StaffMember,
    Unit,
)

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "data" / "municipal_defaults.json"


@cache
def municipal_defaults() -> dict:
    """The starting data of every municipality, from its one data file."""
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


ROOT_UNIT_NAME = municipal_defaults()["root_unit"]["name"]
ROOT_UNIT_ACRONYM = municipal_defaults()["root_unit"]["acronym"]


def ensure_root_unit() -> Unit:
    """The unit every municipality starts with. Idempotent."""
    with transaction.atomic():
        unit = Unit.objects.filter(parent__isnull=True, acronym__iexact=ROOT_UNIT_ACRONYM).first()
        if unit is None:
            unit = Unit.objects.create(name=ROOT_UNIT_NAME, acronym=ROOT_UNIT_ACRONYM)
    return unit


def create_unit(*, name: str, acronym: str, parent: Unit | None = None) -> Unit:
    with transaction.atomic():
        return Unit.objects.create(name=name.strip(), acronym=acronym.strip(), parent=parent)


def seed_defaults() -> Unit:
    """Root unit, process types, document types, legal bases and document templates from
    the defaults file.

    Idempotent: rows are matched by name (case-insensitive), so a re-run — or a run
    after a municipal admin renamed or deactivated something — adds only what is missing
    and never overwrites the municipality's own edits."""
    defaults = municipal_defaults()
    with transaction.atomic():
        root = ensure_root_unit()
        for item in defaults["process_types"]:
            if not ProcessType.objects.filter(name__iexact=item["name"]).exists():
                ProcessType.objects.create(name=item["name"], default_access_level=item["access"])
        for item in defaults["document_types"]:
            if not DocumentType.objects.filter(name__iexact=item["name"]).exists():
                DocumentType.objects.create(
                    name=item["name"], usage=item["usage"], numbered=item["numbered"]
                )
        for item in defaults["legal_bases"]:
            if not LegalBasis.objects.filter(
                name__iexact=item["name"], access_level=item["access"]
            ).exists():
                LegalBasis.objects.create(
                    name=item["name"], reference=item["reference"], access_level=item["access"]
                )
        for item in defaults.get("templates", []):
            if DocumentTemplate.objects.filter(name__iexact=item["name"]).exists():
                continue
            document_type = DocumentType.objects.filter(name__iexact=item["document_type"]).first()
            if document_type is not None:  # the municipality may have removed the type
                DocumentTemplate.objects.create(
                    document_type=document_type, name=item["name"], html=item["html"]
                )
    return root


def grant_municipal_admin(*, user, unit: Unit | None = None) -> StaffMember:
    """Make a person a municipal admin here, working in `unit` (the root unit by
    default) as its unit admin. Idempotent."""
    unit = unit or ensure_root_unit()
    with transaction.atomic():
        staff, _ = StaffMember.objects.select_for_update().get_or_create(
            user_id=user.pk, defaults={"current_unit": unit}
        )
        changed = []
        if not staff.is_municipal_admin:
            staff.is_municipal_admin, changed = True, [*changed, "is_municipal_admin"]
        if not staff.active:
            staff.active, changed = True, [*changed, "active"]
        if staff.current_unit_id is None:
            staff.current_unit, changed = unit, [*changed, "current_unit"]
        if changed:
            staff.save(update_fields=changed)
        Membership.objects.update_or_create(
            staff=staff, unit=unit, defaults={"role": Membership.Role.UNIT_ADMIN}
        )
    return staff
