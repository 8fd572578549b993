"""A municipality is a tenant: one PostgreSQL schema, reached through its domains."""

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from tenants.uf import UF

# The one definition of a valid IBGE municipality code and of a host-name label.
IBGE_CODE_PATTERN = r"^\d{7}$"
SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"

ibge_code_validator = RegexValidator(
    IBGE_CODE_PATTERN, _("O código IBGE do município tem exatamente 7 dígitos.")
)
slug_validator = RegexValidator(
    SLUG_PATTERN,
    _("Use só letras minúsculas sem acento, números e hífens (como num endereço web)."),
)


def schema_name_for(ibge_code: str) -> str:
    """The schema of a municipality: stable, unique and a valid identifier (m3125101)."""
    return f"m{ibge_code}"


class Tenant(TenantMixin):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Ativo")
        SUSPENDED = "suspended", _("Suspenso")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Null only for the public (state) tenant.
    ibge_code = models.CharField(
        _("código IBGE"),
        max_length=7,
        unique=True,
        null=True,
        blank=True,
        validators=[ibge_code_validator],
    )
    name = models.CharField(_("nome"), max_length=120)
    slug = models.SlugField(
        _("identificador"), max_length=63, unique=True, validators=[slug_validator]
    )
    uf = models.CharField(_("UF"), max_length=2, choices=UF.choices, default=UF.MG)
    status = models.CharField(
        _("situação"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    # Process numbering (../shared/specs/nup.md): the code leading every number of this
    # municipality (4 digits, Sei!MG pattern; 5-digit protocol unit for the federal NUP),
    # which also lets the state host route a number to its municipality.
    process_code = models.CharField(
        _("código de numeração"), max_length=5, null=True, blank=True, unique=True
    )
    numbering_pattern = models.CharField(
        _("padrão de numeração"),
        max_length=8,
        default="seimg",
        choices=[
            ("seimg", _("Sei!MG (OOOO.UU.SSSSSSS/AAAA-DD)")),
            ("federal", _("NUP federal (NNNNN.NNNNNN/AAAA-DD)")),
        ],
    )
    # Whether staff may sign with their password; otherwise only with gov.br.
    allow_password_signing = models.BooleanField(_("assinatura com senha permitida"), default=True)
    # The sign dialogs open on the gov.br advanced signature (issue 17).
    advanced_signing_default = models.BooleanField(
        _("assinatura avançada como padrão"), default=False, db_default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Schemas are created by tenants.services.provision_tenant (a fast clone of the
    # template schema), never implicitly on save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("município")
        verbose_name_plural = _("municípios")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"


class Domain(DomainMixin):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("domínio")
        verbose_name_plural = _("domínios")

    def __str__(self) -> str:
        return self.domain


class ProcessLocation(models.Model):
    """The state-wide directory of process numbers: which municipality holds a number.
    One row per process of each municipality — those it created and those it received
    from other bodies, in whatever format they came — written in the same transaction
    as the process (core.services.processes.create_process, core.services.external
    .receive). The state host's public consultation finds numbers here instead of
    parsing them."""

    number = models.CharField(max_length=40)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("localização de processo")
        verbose_name_plural = _("localizações de processos")
        constraints = [
            # Also the index of the lookup by number (its leading column).
            models.UniqueConstraint(fields=["number", "tenant"], name="process_location_unique"),
        ]

    def __str__(self) -> str:
        return self.number
