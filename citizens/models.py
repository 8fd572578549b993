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


class Adhesion(models.Model):
    """Adesão à intimação eletrônica: a CPF (or a CNPJ, by its responsável legal) agrees
    to be intimated here electronically. Staff may intimate only an active one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.CharField(max_length=14)
    name = models.CharField(max_length=200)
    user_id = models.BigIntegerField()  # who adhered (the person or the CNPJ's L)
    trust_level = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(revoked_at=None), name="adhesion_active_once"
            )
        ]

    def __str__(self) -> str:
        return f"adesão {self.person}"


class Intimation(models.Model):
    """Intimação eletrônica on a signed principal document, with the art. 26 §1 fields.
    States per destinatário are computed (citizens.intimations), never stored."""

    class ResponseMode(models.TextChoices):
        REQUIRED = "required", _("Exige resposta")
        OPTIONAL = "optional", _("Resposta facultativa")
        NONE = "none", _("Sem resposta")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    process = models.ForeignKey("core.Process", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    annex_ids = models.JSONField(default=list)  # core.Document pks
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    issued_by_id = models.BigIntegerField()
    issued_at = models.DateTimeField()
    expedition_date = models.DateField()  # Brasília date of issued_at
    kind = models.CharField(_("tipo de intimação"), max_length=120)
    purpose = models.CharField(_("finalidade"), max_length=500)
    facts_and_grounds = models.TextField(_("fatos e fundamentos legais"))
    attendance = models.CharField(
        _("data, hora e local de comparecimento"), max_length=300, blank=True
    )
    representation_allowed = models.BooleanField(_("pode fazer-se representar"), default=True)
    response_mode = models.CharField(max_length=8, choices=ResponseMode.choices)
    response_n = models.PositiveSmallIntegerField(null=True, blank=True)
    response_unit = models.CharField(max_length=1, blank=True)  # D, M, A
    response_kind = models.CharField(max_length=1, blank=True)  # C, U
    tacit_days = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"intimação {self.uuid}"


class IntimationRecipient(models.Model):
    """One destinatário (CPF or CNPJ) of an intimação; the consultation is stored once,
    under a row lock, by whoever was entitled at that moment."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    intimation = models.ForeignKey(Intimation, on_delete=models.PROTECT, related_name="recipients")
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    person = models.CharField(max_length=14, db_index=True)
    name = models.CharField(max_length=200)
    consulted_at = models.DateTimeField(null=True, blank=True)
    consulted_by_id = models.BigIntegerField(null=True, blank=True)
    consulted_ip = models.GenericIPAddressField(null=True, blank=True)
    consulted_level = models.CharField(max_length=8, blank=True)
    response = models.ForeignKey(
        Petition, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            # A principal document is never intimated twice to one destinatário.
            models.UniqueConstraint(fields=["document", "person"], name="intimation_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.intimation_id}"


class IntimationCertificate(models.Model):
    """Certidão de intimação cumprida: one per destinatário, ever (the job and a direct
    consultation can never both write one)."""

    class Kind(models.TextChoices):
        CONSULTED = "consulted", _("Consulta direta")
        TACIT = "tacit", _("Decurso do prazo tácito")

    recipient = models.OneToOneField(
        IntimationRecipient, on_delete=models.PROTECT, related_name="certificate"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    fulfilled_at = models.DateTimeField()
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"certidão {self.recipient_id}"


class IntimationNotice(models.Model):
    """A notice (e-mail + in-app) sent about an intimação: the unique key makes the job
    idempotent."""

    recipient = models.ForeignKey(
        IntimationRecipient, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=24)  # issued, tacit_3d, response_5d, response_1d
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind"], name="intimation_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.recipient_id}"


class RepresentationControl(models.Model):
    """Processo de Controle de Representação: one per outorgante (CPF or CNPJ), opened
    on first need; every emission, link, revocation and renunciation leaves a document
    and a recibo in it."""

    grantor = models.CharField(max_length=14, unique=True)
    process = models.OneToOneField("core.Process", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"controle de representação {self.grantor}"


class RepresentationAct(models.Model):
    """One act on a representation, with its document and recibo (JSON sealed by its
    SHA-256, PDF as a document of the control process)."""

    class Kind(models.TextChoices):
        LINKED = "linked", _("Vinculação de responsável legal")
        GRANTED = "granted", _("Emissão de procuração eletrônica")
        REVOKED = "revoked", _("Revogação de procuração eletrônica")
        RENOUNCED = "renounced", _("Renúncia de procuração eletrônica")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    representation = models.ForeignKey(
        Representation, on_delete=models.PROTECT, related_name="acts"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    user_id = models.BigIntegerField()
    trust_level = models.CharField(max_length=8, blank=True)
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    receipt_document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.JSONField(default=dict)
    receipt_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["representation", "kind"], name="representation_act_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.representation_id}"


class CompanyLinkRequest(models.Model):
    """Fallback when gov.br does not vouch for the person: a petition of "vinculação a
    pessoa jurídica" with the atos constitutivos, reviewed by the city's staff."""

    class State(models.TextChoices):
        PENDING = "pending", _("Em análise")
        APPROVED = "approved", _("Aprovada")
        REFUSED = "refused", _("Recusada")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cnpj = models.CharField(max_length=14, db_index=True)
    company_name = models.CharField(max_length=200)
    user_id = models.BigIntegerField()
    cpf = models.CharField(max_length=11)
    name = models.CharField(max_length=200)
    trust_level = models.CharField(max_length=8, blank=True)
    process = models.ForeignKey("core.Process", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    reason = models.CharField(_("motivo"), max_length=1000, blank=True)
    reviewed_by_id = models.BigIntegerField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    representation = models.ForeignKey(
        Representation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cnpj", "cpf"],
                condition=Q(state="pending"),
                name="company_link_pending_once",
            )
        ]

    def __str__(self) -> str:
        return f"vinculação {self.cnpj} ← {self.cpf}"


class CitizenSigning(models.Model):
    """A citizen's filing waiting for its advanced signature through the gov.br signature
    API (ITI): the checked request, the SHA-256 of each staged file and of the manifest
    sent to gov.br, and the one-time state of the authorisation. Completed once; nothing
    of the filing exists until then (citizens.services.signing)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state_hash = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64)
    user_id = models.BigIntegerField()
    kind = models.CharField(max_length=16, choices=Petition.Kind.choices)
    idempotency_key = models.CharField(max_length=80)
    payload = models.JSONField()  # the filing's request, replayed on completion
    # [{"upload": uuid, "sha256": hex}] as checked when the signing started.
    items = models.JSONField()
    manifest = models.JSONField()
    manifest_sha256 = models.CharField(max_length=64)
    redirect_uri = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=40, blank=True)  # "signed" or an error code
    petition = models.ForeignKey(
        Petition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["user_id", "idempotency_key"])]

    def __str__(self) -> str:
        return f"assinatura avançada {self.uuid}"
