"""The Tramita GOV.BR connector's data (public schema: one connector for the state).

* `Mapping`: which Tramita structure is which municipality (or one of its units);
  inbound trâmites are routed by it, and only by it.
* `Envelope`: one trâmite, outbound (a process we send) or inbound (one we receive),
  with what the worker has done so far, so every step can be resumed after a crash.
* `EnvelopeEvent`: the envelope's log, append-only.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnly


class Mapping(models.Model):
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="tramita_mappings"
    )
    repository_id = models.PositiveIntegerField(_("repositório"))
    structure_id = models.PositiveBigIntegerField(_("estrutura"))
    name = models.CharField(_("nome da estrutura"), max_length=300)
    acronym = models.CharField(_("sigla"), max_length=60, blank=True)
    # None: the municipality as a whole (received processes land in its root unit).
    unit_uuid = models.UUIDField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("estrutura mapeada")
        verbose_name_plural = _("estruturas mapeadas")
        constraints = [
            models.UniqueConstraint(
                fields=["repository_id", "structure_id"], name="tramita_structure_once"
            ),
            models.UniqueConstraint(
                fields=["tenant"], condition=Q(unit_uuid__isnull=True), name="tramita_one_city"
            ),
            models.UniqueConstraint(fields=["tenant", "unit_uuid"], name="tramita_one_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.repository_id}/{self.structure_id} {self.name}"


class Envelope(models.Model):
    class Direction(models.TextChoices):
        OUTBOUND = "out", _("Envio")
        INBOUND = "in", _("Recebimento")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Na fila")
        SENDING = "sending", _("Enviando")
        IN_TRANSIT = "in_transit", _("Aguardando o destinatário")
        RECEIVING = "receiving", _("Recebendo")
        COMPLETED = "completed", _("Concluído")
        REFUSED = "refused", _("Recusado")
        CANCELLED = "cancelled", _("Cancelado")
        FAILED = "failed", _("Com falha")

    class Kind(models.TextChoices):
        PROCESS = "process", _("Processo")
        DOCUMENT = "document", _("Documento avulso")

    FINAL = {Status.COMPLETED, Status.REFUSED, Status.CANCELLED}

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    # What travels: a whole process, or one document (with its anexos as further
    # components) of a process - a documento avulso (`POST tramites/documento`).
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PROCESS)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # The municipality; null for an inbound trâmite addressed to no mapped structure.
    tenant = models.ForeignKey(
        "tenants.Tenant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tramita_envelopes",
    )
    process_uuid = models.UUIDField(null=True, blank=True)
    # Outbound documento avulso: the document sent (its anexos are in `components`).
    document_uuid = models.UUIDField(null=True, blank=True)
    process_number = models.CharField(max_length=60, blank=True)
    unit_uuid = models.UUIDField(null=True, blank=True)  # sending / receiving unit
    requested_by_id = models.BigIntegerField(null=True, blank=True)
    # Our structure and the other side's.
    local_repository_id = models.PositiveIntegerField(null=True, blank=True)
    local_structure_id = models.PositiveBigIntegerField(null=True, blank=True)
    remote_repository_id = models.PositiveIntegerField(null=True, blank=True)
    remote_structure_id = models.PositiveBigIntegerField(null=True, blank=True)
    remote_name = models.CharField(max_length=300, blank=True)
    # Tramita's identifiers and the last status seen there (situacaoAtual, 0-10).
    idt = models.BigIntegerField(null=True, blank=True)
    nre = models.CharField(max_length=20, blank=True)
    ticket = models.CharField(max_length=80, blank=True)
    situation = models.PositiveSmallIntegerField(default=0)
    # What is sent or received: frozen components, with S3 key, size and SHA-256.
    components = models.JSONField(default=list, blank=True)
    # What the worker has done: {"uploaded": [hashes], "downloaded": {...}, ...}.
    progress = models.JSONField(default=dict, blank=True)
    receipts = models.JSONField(default=dict, blank=True)
    refusal_reason = models.CharField(max_length=2, blank=True)
    refusal_text = models.CharField(max_length=1000, blank=True)
    # Outbound urgency (cabecalho.urgencia / motivoDaUrgencia, reasons from Tramita).
    urgent = models.BooleanField(default=False)
    urgency_reason = models.CharField(max_length=300, blank=True)
    # A trâmite Tramita repeated at the destination's request (reproducoes-de-tramite):
    # outbound, the envelope whose components we upload again.
    reproduction_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trâmite externo")
        verbose_name_plural = _("trâmites externos")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "idt"], condition=Q(idt__isnull=False), name="envelope_idt"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="envelope_due"),
            models.Index(fields=["tenant", "process_uuid"], name="envelope_process"),
            models.Index(fields=["nre"], name="envelope_nre"),
            models.Index(
                fields=["tenant", "document_uuid"],
                condition=Q(document_uuid__isnull=False),
                name="envelope_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.idt or self.uuid} {self.status}"

    @property
    def final(self) -> bool:
        return self.status in self.FINAL


class EnvelopeEvent(AppendOnly):
    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=1000)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.message
