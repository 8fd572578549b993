"""Actions inside a municipality. They run in the current tenant's schema."""

from django.db import transaction

from core.models import Unit

ROOT_UNIT_NAME = "Gabinete do Prefeito"
ROOT_UNIT_ACRONYM = "GAB"


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
