"""The citizen side inside a municipality (tenant schema).

Calendar (holidays, outages), the city's citizen policy, petition types, petitions with
their receipts, access grants, representations, electronic notices and the e-mail
outbox. People are accounts.User rows (public schema) referenced by id, as in core."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AccessLevel


class MunicipalHoliday(models.Model):
    """A day the city hall is closed: municipal holiday or ponto facultativo (national
    and state holidays come from the `holidays` package)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Feriado municipal")
        OPTIONAL = "optional", _("Ponto facultativo")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("data"), unique=True)
    name = models.CharField(_("nome"), max_length=120)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.HOLIDAY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Outage(models.Model):
    """Indisponibilidade do sistema, registered by the city; "com prorrogação" moves a
    deadline ending inside it to the next business day (Decreto 8.539 art. 7 §2)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_on = models.DateField(_("início"))
    ends_on = models.DateField(_("fim"))
    extends_deadlines = models.BooleanField(_("com prorrogação de prazos"), default=True)
    description = models.CharField(_("descrição"), max_length=300, blank=True)
    created_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="outage_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} to {self.ends_on}"


class CitizenPolicy(models.Model):
    """The municipality's decree: one row. Levels may be raised, never lowered below
    the spec's defaults (services.policy checks)."""

    simple_signature_allowed = models.BooleanField(
        _("decreto admite assinatura simples em petições públicas"), default=True
    )
    restricted_petition_level = models.CharField(max_length=8, default="prata")
    adhesion_level = models.CharField(max_length=8, default="prata")
    representation_level = models.CharField(max_length=8, default="prata")
    tacit_days = models.PositiveSmallIntegerField(_("prazo tácito (dias)"), default=15)
    third_party_intercurrent = models.BooleanField(
        _("intercorrente de terceiros em processos públicos"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "política do cidadão"


class PetitionType(models.Model):
    """Tipo de processo para peticionamento: what citizens may file, where it lands."""

    class AccessRule(models.TextChoices):
        CITIZEN_CHOOSES = "citizen", _("O usuário indica (público ou restrito)")
        FIXED = "fixed", _("Padrão pré-definido")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    process_type = models.ForeignKey("core.ProcessType", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    guidance = models.TextField(_("orientações"), blank=True)
    access_rule = models.CharField(
        max_length=8, choices=AccessRule.choices, default=AccessRule.CITIZEN_CHOOSES
    )
    fixed_access_level = models.CharField(
        max_length=16,
        choices=[c for c in AccessLevel.choices if c[0] != AccessLevel.SECRET],
        default=AccessLevel.PUBLIC,
    )
    fixed_legal_basis = models.ForeignKey(
        "core.LegalBasis", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requires_advanced = models.BooleanField(_("exige assinatura avançada"), default=False)
    allow_third_parties = models.BooleanField(_("permite indicar terceiros"), default=False)
    max_file_mb = models.PositiveIntegerField(_("tamanho máximo por arquivo (MB)"), default=10)
    # Allowed MIME types (core.services.documents.ALLOWED_MIME keys); empty: PDF only.
    formats = models.JSONField(_("formatos"), default=list, blank=True)
    active = models.BooleanField(_("ativo"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["process_type"], condition=Q(active=True), name="petition_type_once"
            ),
            models.CheckConstraint(
                condition=~Q(fixed_access_level="secret"), name="petition_type_never_secret"
            ),
        ]

    def __str__(self) -> str:
        return f"peticionamento: {self.process_type_id}"


class PetitionTypeDocument(models.Model):
    """A document type a petition of this type takes: essencial (required) or
    complementar (optional); `access_level` forces its level when set."""

    petition_type = models.ForeignKey(
        PetitionType, on_delete=models.CASCADE, related_name="document_types"
    )
    document_type = models.ForeignKey(
        "core.DocumentType", on_delete=models.PROTECT, related_name="+"
    )
    required = models.BooleanField(default=False)
    access_level = models.CharField(
        max_length=16,
        blank=True,
        choices=[c for c in AccessLevel.choices if c[0] != AccessLevel.SECRET],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition_type", "document_type"], name="petition_type_document_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_type_id}:{self.document_type_id}"


class StagedUpload(models.Model):
    """A citizen's file already checked and stored in S3, waiting for the petition that
    will make it a document (or for the cleanup job)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user_id = models.BigIntegerField(db_index=True)
    key = models.CharField(max_length=300)
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    used = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Petition(models.Model):
    """A citizen's filing — new process, intercorrente or response to a notice — with its
    recibo eletrônico de protocolo. The idempotency key makes a retry return it."""

    class Kind(models.TextChoices):
        NEW = "new", _("Processo novo")
        INTERCURRENT = "intercurrent", _("Intercorrente")
        RESPONSE = "response", _("Resposta a intimação")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    process = models.ForeignKey("core.Process", on_delete=models.PROTECT, related_name="+")
    petition_type = models.ForeignKey(
        PetitionType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    filer_user_id = models.BigIntegerField()
    on_behalf_of = models.CharField(max_length=14)  # CPF/CNPJ of the interessado
    idempotency_key = models.CharField(max_length=80)
    # The simple signature: fresh gov.br authentication + explicit "Assinar".
    trust_level = models.CharField(max_length=8)
    signature_level = models.CharField(max_length=12, default="simples")
    auth_time = models.DateTimeField()
    amr = models.JSONField(default=list)
    ip = models.GenericIPAddressField(null=True)
    manifest_sha256 = models.CharField(max_length=64)
    receipt = models.JSONField(default=dict)
    receipt_sha256 = models.CharField(max_length=64)  # of the receipt's JSON bytes
    receipt_document = models.ForeignKey(
        "core.Document", null=True, on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField()

    class Meta:
        ordering = ["-committed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["filer_user_id", "idempotency_key"], name="petition_idempotent"
            )
        ]

    def __str__(self) -> str:
        return f"petição {self.uuid}"


class PetitionDocument(models.Model):
    """A document a petition brought, with the level the citizen gave it."""

    class Role(models.TextChoices):
        PRINCIPAL = "principal", _("Principal")
        ESSENTIAL = "essential", _("Essencial")
        COMPLEMENTARY = "complementary", _("Complementar")

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="documents")
    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="petition_entry"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    access_level = models.CharField(
        max_length=16, choices=[c for c in AccessLevel.choices if c[0] != AccessLevel.SECRET]
    )
    legal_basis = models.ForeignKey(
        "core.LegalBasis", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.document_id}"


class AccessGrant(models.Model):
    """Acesso externo: staff let a CPF/CNPJ see a process (integral: every non-secret
    document, present and future) or one document."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    process = models.ForeignKey("core.Process", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.CharField(max_length=14, db_index=True)  # CPF/CNPJ digits
    granted_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person} → {self.process_id}"


class Representation(models.Model):
    """Representação: an outorgante (PF CPF or PJ CNPJ) lets an outorgado (CPF) act for
    them. `vencida` is derived at read time from valid_until, never stored."""

    class Kind(models.TextChoices):
        LEGAL = "L", _("Responsável legal")
        SPECIAL = "E", _("Procurador especial")
        SIMPLE = "S", _("Procurador simples")

    class State(models.TextChoices):
        ACTIVE = "A", _("Ativa")
        SUSPENDED = "S", _("Suspensa")
        REVOKED = "R", _("Revogada")
        RENOUNCED = "C", _("Renunciada")
        REPLACED = "T", _("Substituída")

    POWER_INTIMATION = "intimacao"  # Receber, Cumprir e Responder Intimação Eletrônica
    POWER_PETITION = "peticionar"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    grantor = models.CharField(max_length=14, db_index=True)  # outorgante CPF/CNPJ
    grantor_name = models.CharField(max_length=200)
    grantee = models.CharField(max_length=11, db_index=True)  # outorgado CPF
    grantee_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=1, choices=Kind.choices)
    powers = models.JSONField(default=list)  # [] for L/E: all powers
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    process_ids = models.JSONField(default=list)  # [] = every process (abrangência)
    state = models.CharField(max_length=1, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grantor", "grantee", "kind"],
                condition=Q(state="A"),
                name="representation_active_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.grantee} ({self.kind})"


class Outbox(models.Model):
    """An e-mail to send after commit; a failure is logged and retried, never undoes the
    act that queued it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], condition=Q(sent_at=None), name="outbox_pending")
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
