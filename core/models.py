"""Tenant models: these tables exist once per municipality, in its own schema."""

import uuid

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """An organisational unit (secretaria, setor); units form a tree."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nome"), max_length=200)
    acronym = models.CharField(_("sigla"), max_length=30)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unidade superior"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
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
        _("nível de acesso sugerido"),
        max_length=16,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
    )
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
    usage = models.CharField(_("uso"), max_length=16, choices=Usage.choices, default=Usage.BOTH)
    numbered = models.BooleanField(
        _("numerado"),
        default=False,
        help_text=_("Recebe número sequencial por tipo e ano ao ser criado."),
    )
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
        _("nível de acesso"),
        max_length=16,
        choices=[c for c in AccessLevel.choices if c[0] != AccessLevel.PUBLIC],
    )
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
        "accounts.User",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("pessoa"),
    )
    is_municipal_admin = models.BooleanField(_("administrador municipal"), default=False)
    current_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unidade atual"),
    )
    active = models.BooleanField(_("ativo"), default=True)
    # The name this municipality's admin typed when adding the person. Shown here instead
    # of the person's account name (which gov.br or another municipality recorded) until
    # the person signs in with gov.br here: adding a CPF reveals nothing about it.
    display_name = models.CharField(
        _("nome informado pela prefeitura"), max_length=200, blank=True, db_default=""
    )
    # E-mail when a process arrives in one of the person's units (opt-out).
    email_notifications = models.BooleanField(
        _("receber avisos por e-mail"), default=True, db_default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("servidor")
        verbose_name_plural = _("servidores")

    def __str__(self) -> str:
        return f"servidor {self.user_id}"

    def name_of(self, person) -> str:
        """The name this municipality shows for its staff member `person` (their user)."""
        return self.display_name or person.name


class Membership(models.Model):
    """A staff member's role in one unit."""

    class Role(models.TextChoices):
        BASIC = "basic", _("Básico")
        UNIT_ADMIN = "unit_admin", _("Administrador da unidade")

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("perfil"), max_length=16, choices=Role.choices, default=Role.BASIC)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lotação")
        verbose_name_plural = _("lotações")
        constraints = [
            models.UniqueConstraint(fields=["staff", "unit"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.unit_id} ({self.role})"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError(f"{self.model.__name__} is append-only.")

    def delete(self):
        raise ValueError(f"{self.model.__name__} is append-only.")


class AppendOnly(models.Model):
    """Rows written once: the application can neither edit nor delete them."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} is append-only.")


class NumberSequence(models.Model):
    """Gap-free counters: process numbers per (group, year), document numbers per
    (document type, year). Incremented with one UPSERT inside the caller's transaction,
    so a rolled-back creation gives its number back."""

    key = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "year"], name="sequence_key_year")]

    def __str__(self) -> str:
        return f"{self.key}/{self.year}={self.last}"


class DocumentTemplate(models.Model):
    """Modelo de documento: the starting text of an internal document of a type."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="templates"
    )
    name = models.CharField(_("nome"), max_length=200)
    html = models.TextField(_("conteúdo"), blank=True)
    active = models.BooleanField(_("ativo"), default=True)

    class Meta:
        verbose_name = _("modelo de documento")
        verbose_name_plural = _("modelos de documento")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Lock(models.TextChoices):
    NONE = "", _("Editável")
    EXTERNAL = "external", _("Em trâmite externo")


class Process(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("número"), max_length=40, unique=True)
    process_type = models.ForeignKey(ProcessType, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(_("especificação"), max_length=500)
    access_level = models.CharField(
        _("nível de acesso"), max_length=16, choices=AccessLevel.choices
    )
    legal_basis = models.ForeignKey(
        LegalBasis, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unidade geradora")
    )
    created_by_id = models.BigIntegerField()  # accounts.User id (public schema)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Why the process is read-only ("" = editable); see services.processes.require_editable.
    lock = models.CharField(
        max_length=16, choices=Lock.choices, blank=True, default="", db_default=""
    )
    # Sobrestamento: while set, the process is read-only until resumed (require_editable).
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(
        _("motivo do sobrestamento"), max_length=500, blank=True, db_default=""
    )
    # Anexação: this process became part of `annexed_to` (closed everywhere, read-only).
    annexed_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="annexes"
    )
    annexed_at = models.DateTimeField(null=True, blank=True)
    # Full-text search (core/services/search.py): Portuguese stems of accent-folded text.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("processo")
        verbose_name_plural = _("processos")
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="process_search_gin"),
            # The few secret processes, which the inbox filter looks up (selectors.inbox).
            models.Index(fields=["id"], condition=Q(access_level="secret"), name="process_secret"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(suspended_at__isnull=True, suspension_reason="")
                | (Q(suspended_at__isnull=False) & ~Q(suspension_reason="")),
                name="process_suspension_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(annexed_to__isnull=True, annexed_at__isnull=True)
                | (Q(annexed_to__isnull=False, annexed_at__isnull=False) & ~Q(annexed_to=F("pk"))),
                name="process_annexed_to_another",
            ),
        ]

    def __str__(self) -> str:
        from core.numbering import format_number

        return format_number(self.number)


class ProcessUnit(models.Model):
    """A unit the process has passed through (restricted processes are visible there)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="passages")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "unit"], name="passage_unique")]

    def __str__(self) -> str:
        return f"{self.process_id}@{self.unit_id}"


class Credential(models.Model):
    """Credencial de acesso: who may see a secret (sigiloso) process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="credentials")
    user_id = models.BigIntegerField()
    granted_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "user_id"], name="credential_unique")
        ]

    def __str__(self) -> str:
        return f"{self.process_id}:{self.user_id}"


class InterestedParty(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Pessoa física")
        COMPANY = "company", _("Pessoa jurídica")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    document = models.CharField(_("CPF/CNPJ"), max_length=14, db_index=True)
    name = models.CharField(_("nome"), max_length=200)

    class Meta:
        verbose_name = _("interessado")
        verbose_name_plural = _("interessados")
        constraints = [models.UniqueConstraint(fields=["process", "document"], name="party_unique")]

    def __str__(self) -> str:
        return self.name


class ProcessEvent(AppendOnly):
    """Andamento: one line of a process's history."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=40)
    description = models.CharField(max_length=500)
    unit = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    user_id = models.BigIntegerField(null=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description


class Document(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Interno")
        EXTERNAL = "external", _("Externo")

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Nato-digital / original")
        COPY = "copy", _("Cópia digitalizada")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="documents")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(_("descrição"), max_length=300, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    # External documents: the stored file.
    file = models.FileField(max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    document_date = models.DateField(null=True, blank=True)
    form = models.CharField(max_length=8, choices=Form.choices, blank=True)
    # Plain text for search: from the HTML of internal documents, extracted from uploaded
    # PDFs by a Celery task (core.tasks.extract_document_text).
    text = models.TextField(blank=True, editable=False)
    # Cancelled (SEI "Cancelar documento"): stays in the tree, its content no longer
    # served (core.services.documents.cancel).
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by_id = models.BigIntegerField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=500, blank=True, db_default="")

    class Meta:
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="document_position"),
        ]

    def __str__(self) -> str:
        label = self.document_type.name
        if self.number:
            return f"{label} nº {self.number}/{self.number_year}"
        return label


class DocumentVersion(AppendOnly):
    """Each save of an internal document; the signed one is frozen with its hash."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    html = models.TextField()
    sha256 = models.CharField(max_length=64)
    created_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="version_unique"),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class Signature(AppendOnly):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="signatures")
    version = models.ForeignKey(
        DocumentVersion, null=True, on_delete=models.PROTECT, related_name="signatures"
    )
    sha256 = models.CharField(max_length=64)
    user_id = models.BigIntegerField()
    signer_name = models.CharField(max_length=200)
    signer_role = models.CharField(max_length=200, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=16, default="password")  # password | govbr
    # With gov.br: how the signer authenticated (amr) and their account's trust level.
    amr = models.JSONField(default=list, blank=True)
    trust_level = models.CharField(max_length=8, blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "user_id"], name="signature_once"),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} {self.signed_at:%Y-%m-%d %H:%M}"


class ProcessPdf(models.Model):
    """A generated PDF of a whole process (Celery task with progress)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Na fila")
        RUNNING = "running", _("Gerando")
        DONE = "done", _("Pronto")
        FAILED = "failed", _("Falhou")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="pdfs")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    requested_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"pdf {self.uuid}"


class OpenIn(models.Model):
    """A process open in a unit: the unit's inbox (controle de processos) row. A process
    is only ever opened in a unit it has passed through (a ProcessUnit row, written by
    core.services.dispatch.open_in); the inbox's access filter relies on it."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="open_in")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    generated = models.BooleanField(default=False)  # created here (not received)
    read = models.BooleanField(default=False)  # someone of the unit opened it
    assigned_to_id = models.BigIntegerField(null=True, blank=True)  # accounts.User id
    return_date = models.DateField(null=True, blank=True)  # retorno programado
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "unit"], name="open_in_unique"),
        ]
        indexes = [models.Index(fields=["unit", "-since"], name="open_in_unit_since")]

    def __str__(self) -> str:
        return f"{self.process_id} open in {self.unit_id}"


class Dispatch(AppendOnly):
    """Envio: a process sent from one unit to another (kept as history)."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="dispatches")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    sent_by_id = models.BigIntegerField()
    note = models.CharField(max_length=1000, blank=True)
    keep_open = models.BooleanField(default=False)
    return_date = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.process_id}: {self.from_unit_id} -> {self.to_unit_id}"


class ProcessRelation(models.Model):
    """Relacionamento: two processes linked, symmetric. Stored once per pair with the
    lower id first, so the pair cannot be related twice in either order."""

    first = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="relation_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="relation_ordered"),
        ]
        indexes = [models.Index(fields=["second"], name="relation_second")]

    def __str__(self) -> str:
        return f"{self.first_id} <-> {self.second_id}"


class Marker(models.Model):
    """Marcador: a unit's own coloured label for the processes open there."""

    class Color(models.TextChoices):
        RED = "red", _("Vermelho")
        ORANGE = "orange", _("Laranja")
        YELLOW = "yellow", _("Amarelo")
        GREEN = "green", _("Verde")
        TEAL = "teal", _("Azul-turquesa")
        BLUE = "blue", _("Azul")
        PURPLE = "purple", _("Roxo")
        GRAY = "gray", _("Cinza")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="markers")
    name = models.CharField(_("nome"), max_length=60)
    color = models.CharField(_("cor"), max_length=8, choices=Color.choices, default=Color.BLUE)
    active = models.BooleanField(_("ativo"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("marcador")
        verbose_name_plural = _("marcadores")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("unit", Lower("name"), name="marker_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class ProcessMarker(models.Model):
    """A marker of a unit on a process, with the unit's note."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="markers")
    marker = models.ForeignKey(Marker, on_delete=models.CASCADE, related_name="uses")
    note = models.CharField(_("texto"), max_length=500, blank=True)
    created_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "marker"], name="process_marker_unique")
        ]

    def __str__(self) -> str:
        return f"{self.process_id}: {self.marker_id}"


class WatchGroup(models.Model):
    """A group of a person's watch list (acompanhamento especial)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="watch_groups")
    name = models.CharField(_("nome"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("staff", Lower("name"), name="watch_group_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Watch(models.Model):
    """Acompanhamento especial: a process on one person's watch list."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="watches")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        WatchGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="watches"
    )
    note = models.CharField(_("observação"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["staff", "process"], name="watch_unique")]

    def __str__(self) -> str:
        return f"{self.staff_id} watches {self.process_id}"


class ArrivalNotice(models.Model):
    """An e-mail sent to one person about a dispatch reaching their unit; the unique
    pair is the idempotency key of the notification task."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.PROTECT, related_name="+")
    user_id = models.BigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "user_id"], name="arrival_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.dispatch_id} -> {self.user_id}"
