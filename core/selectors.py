"""Reads that carry permissions. Every list/detail endpoint starts from one of these."""

from django.db.models import QuerySet

from core.models import Unit


def units_visible_to(user) -> QuerySet[Unit]:
    """Units of the current municipality. The organisational chart is not confidential;
    per-role limits arrive with staff memberships."""
    return Unit.objects.filter(active=True).select_related("parent")
