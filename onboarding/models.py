"""Control plane (public schema): the municipality catalogue and onboarding cases.

An onboarding case takes one municipality from the state's first contact to a live
tenant. Its status moves only through the transitions declared here (django-fsm);
onboarding.services checks each one's preconditions and records it in the history."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from core.text import fold
from onboarding.storage import onboarding_storage
from tenants.models import ibge_code_validator, slug_validator
from tenants.uf import UF


class Municipality(models.Model):
    """One of Brazil's municipalities, from IBGE's list (public data)."""

    ibge_code = models.CharField(
        _("código IBGE"), max_length=7, unique=True, validators=[ibge_code_validator]
    )
    name = models.CharField(_("nome"), max_length=120)
    uf = models.CharField(_("UF"), max_length=2, choices=UF.choices)
    search_name = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        verbose_name = _("município (catálogo IBGE)")
        verbose_name_plural = _("municípios (catálogo IBGE)")
        ordering = ["uf", "search_name"]

    def __str__(self) -> str:
        return f"{self.name}/{self.uf}"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    INTEREST = "interest", _("Manifestação de interesse")
    AGREEMENT_SIGNED = "agreement_signed", _("Acordo de adesão assinado")
    MANAGER_DESIGNATED = "manager_designated", _("Gestor municipal designado")
    PROVISIONING = "provisioning", _("Em provisionamento")
    TRAINING = "training", _("Em capacitação")
    LIVE = "live", _("Em produção")
    PAUSED = "paused", _("Suspenso temporariamente")
    CANCELLED = "cancelled", _("Cancelado")
    FAILED = "failed", _("Falha no provisionamento")


# The path every case follows, in order (the funnel).
MAIN_PATH = [
    Status.INTEREST,
    Status.AGREEMENT_SIGNED,
    Status.MANAGER_DESIGNATED,
    Status.PROVISIONING,
    Status.TRAINING,
    Status.LIVE,
]
# States a case can be paused from (and resumed to). Provisioning is not one of them:
# its task ends in `training` or `failed` on its own.
PAUSABLE = [
    Status.INTEREST,
    Status.AGREEMENT_SIGNED,
    Status.MANAGER_DESIGNATED,
    Status.TRAINING,
    Status.FAILED,
]
CANCELLABLE = [*PAUSABLE, Status.PAUSED]
CLOSED = [Status.LIVE, Status.CANCELLED]


class ProvisioningBatch(models.Model):
    """Cases a coordinator sent to provisioning together (bulk action)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lote de provisionamento")
        verbose_name_plural = _("lotes de provisionamento")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"lote {self.uuid}"


class OnboardingCase(FSMModelMixin, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cases", verbose_name=_("município")
    )
    status = FSMField(
        _("situação"),
        max_length=32,
        choices=Status.choices,
        default=Status.INTEREST,
        protected=True,
        db_index=True,
    )
    paused_from = models.CharField(max_length=32, choices=Status.choices, blank=True)
    slug = models.SlugField(
        _("identificador"), max_length=63, blank=True, validators=[slug_validator]
    )
    manager_name = models.CharField(_("nome do gestor municipal"), max_length=200, blank=True)
    manager_cpf = models.CharField(_("CPF do gestor municipal"), max_length=11, blank=True)
    manager_email = models.EmailField(_("e-mail do gestor municipal"), blank=True)
    tenant = models.OneToOneField(
        "tenants.Tenant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="onboarding_case",
    )
    batch = models.ForeignKey(
        ProvisioningBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    provisioning_step = models.CharField(max_length=32, blank=True)
    provisioning_progress = models.PositiveSmallIntegerField(default=0)
    provisioning_error = models.TextField(blank=True)
    provisioning_heartbeat = models.DateTimeField(null=True, blank=True)
    provisioning_seconds = models.FloatField(null=True, blank=True)
    close_reason = models.TextField(_("motivo"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("caso de implantação")
        verbose_name_plural = _("casos de implantação")
        ordering = ["municipality__search_name"]
        constraints = [
            # At most one case in progress (or live) per municipality.
            models.UniqueConstraint(
                fields=["municipality"],
                condition=~Q(status="cancelled"),
                name="one_open_case_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=~Q(slug="") & ~Q(status="cancelled"),
                name="case_slug_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} — {self.get_status_display()}"

    # The state machine. Preconditions and history live in onboarding.services.
    @transition(field=status, source=Status.INTEREST, target=Status.AGREEMENT_SIGNED)
    def sign_agreement(self):
        pass

    @transition(field=status, source=Status.AGREEMENT_SIGNED, target=Status.MANAGER_DESIGNATED)
    def designate_manager(self):
        pass

    @transition(field=status, source=Status.MANAGER_DESIGNATED, target=Status.PROVISIONING)
    def provision(self):
        pass

    @transition(field=status, source=Status.FAILED, target=Status.PROVISIONING)
    def retry(self):
        pass

    @transition(field=status, source=Status.PROVISIONING, target=Status.TRAINING)
    def finish_provisioning(self):
        pass

    @transition(field=status, source=Status.PROVISIONING, target=Status.FAILED)
    def fail(self):
        pass

    @transition(field=status, source=Status.TRAINING, target=Status.LIVE)
    def go_live(self):
        pass

    @transition(field=status, source=PAUSABLE, target=Status.PAUSED)
    def pause(self):
        self.paused_from = self.status

    @transition(field=status, source=Status.PAUSED, target=RETURN_VALUE(*PAUSABLE))
    def resume(self):
        previous, self.paused_from = self.paused_from, ""
        return previous

    @transition(field=status, source=CANCELLABLE, target=Status.CANCELLED)
    def cancel(self):
        self.paused_from = ""

    @property
    def stage(self) -> str:
        """Where the case is on the main path (paused and failed cases included)."""
        if self.status == Status.PAUSED:
            return self.paused_from
        if self.status == Status.FAILED:
            return Status.PROVISIONING
        return self.status


class CaseEvent(models.Model):
    """One line of a case's history: who did what, when and why. Append-only."""

    case = models.ForeignKey(OnboardingCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("evento do caso")
        verbose_name_plural = _("histórico dos casos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Case history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case history is append-only.")


class CaseDocument(models.Model):
    class Kind(models.TextChoices):
        INTEREST = "interest", _("Manifestação de interesse")
        AGREEMENT = "agreement", _("Acordo de adesão assinado")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(OnboardingCase, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices)
    file = models.FileField(storage=onboarding_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("documento do caso")
        verbose_name_plural = _("documentos dos casos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
