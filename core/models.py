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


class AccessLevel(models.TextChoices):
    """Nível de acesso (LAI): who may see a process or document."""

    PUBLIC = "public", _("Público")
    RESTRICTED = "restricted", _("Restrito")
    SECRET = "secret", _("Sigiloso")


class ProcessType(models.Model):
    """Tipo de processo: the catalogue a clerk picks from when opening a process."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nome"), max_length=200)
    description = models.TextField(_("orientações"), blank=True)
    default_access_level = models.CharField(
        _("nível de acesso sugerido"), max_length=16, choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )  # fmt: skip
    active = models.BooleanField(_("ativo"), default=True)

    class Meta:
        verbose_name = _("tipo de processo")
        verbose_name_plural = _("tipos de processo")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="process_type_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentType(models.Model):
    """Tipo de documento (série): Ofício, Despacho, Parecer…"""

    class Usage(models.TextChoices):
        INTERNAL = "internal", _("Gerado no sistema")
        EXTERNAL = "external", _("Externo (enviado por upload)")
        BOTH = "both", _("Ambos")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nome"), max_length=120)
    usage = models.CharField(_("uso"), max_length=16, choices=Usage.choices,
                             default=Usage.BOTH)  # fmt: skip
    numbered = models.BooleanField(
        _("numerado"), default=False,
        help_text=_("Recebe número sequencial por tipo e ano ao ser criado."),
    )  # fmt: skip
    active = models.BooleanField(_("ativo"), default=True)

    class Meta:
        verbose_name = _("tipo de documento")
        verbose_name_plural = _("tipos de documento")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="document_type_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    """Hipótese legal: the legal ground for restricting access to a process or document."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nome"), max_length=200)
    reference = models.CharField(_("base legal"), max_length=300)
    access_level = models.CharField(
        _("nível de acesso"), max_length=16,
        choices=[c for c in AccessLevel.choices if c[0] != AccessLevel.PUBLIC],
    )  # fmt: skip
    active = models.BooleanField(_("ativa"), default=True)

    class Meta:
        verbose_name = _("hipótese legal")
        verbose_name_plural = _("hipóteses legais")
        ordering = ["access_level", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "access_level", name="legal_basis_name_level_unique_ci"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class StaffMember(models.Model):
    """A person (accounts.User, shared across cities) working for this municipality.

    The user lives in the public schema. The reference has no database constraint and
    never cascades: a schema cannot hold a foreign key that Django's deletion collector
    could follow from the public schema, and people are deactivated, never deleted.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        "accounts.User", on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+", verbose_name=_("pessoa"),
    )  # fmt: skip
    is_municipal_admin = models.BooleanField(_("administrador municipal"), default=False)
    current_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("unidade atual"),
    )  # fmt: skip
    active = models.BooleanField(_("ativo"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("servidor")
        verbose_name_plural = _("servidores")

    def __str__(self) -> str:
        return f"servidor {self.user_id}"


class Membership(models.Model):
    """A staff member's role in one unit."""

    class Role(models.TextChoices):
        BASIC = "basic", _("Básico")
        UNIT_ADMIN = "unit_admin", _("Administrador da unidade")

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("perfil"), max_length=16, choices=Role.choices,
                            default=Role.BASIC)  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lotação")
        verbose_name_plural = _("lotações")
        constraints = [
            models.UniqueConstraint(fields=["staff", "unit"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.unit_id} ({self.role})"
