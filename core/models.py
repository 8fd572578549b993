"""Tenant models: these tables exist once per municipality, in its own schema."""

import uuid

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """An organisational unit (secretaria, setor); units form a tree."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nome"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30)
    parent = models.ForeignKey(
        "self", verbose_name=_("unidade superior"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )  # fmt: skip
    active = models.BooleanField(_("ativa"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unidade")
        verbose_name_plural = _("unidades")
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(Lower("acronym"), name="unit_acronym_unique_ci"),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}"
