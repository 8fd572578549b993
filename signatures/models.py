"""Tenant models of the signatures app: what makes a signed document checkable by anyone
(verification code and CRC, the copies we issued), the evidence of signatures made
through the gov.br signature API (ITI), and those signings in progress."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Signature levels of Lei 14.063/2020, art. 4."""

    SIMPLE = "simple", _("Assinatura eletrônica simples")
    ADVANCED = "advanced", _("Assinatura eletrônica avançada (gov.br)")
    QUALIFIED = "qualified", _("Assinatura eletrônica qualificada (ICP-Brasil)")


class DocumentAuthenticity(models.Model):
    """A signed document's verification code (unique in the state, see
    signatures.index) and the CRC of its signed content."""

    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="authenticity"
    )
    code = models.CharField(max_length=10, unique=True)
    crc = models.CharField(max_length=8)
    sha256 = models.CharField(max_length=64)  # the signed content the CRC is taken over
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.code}/{self.crc}"


class IssuedCopy(models.Model):
    """A file we generated for a signed document (its PDF with the signature block),
    kept so the same bytes are served again and a copy can be checked byte for byte."""

    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    signatures = models.PositiveSmallIntegerField()  # how many signatures it shows
    file = models.FileField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "signatures"], name="issued_copy_once"),
        ]

    def __str__(self) -> str:
        return f"copy {self.sha256[:12]}"


class SignatureEvidence(models.Model):
    """What proves a signature made through the gov.br signature API: the CMS (.p7s,
    detached, over the SHA-256 of the exact bytes) and the signer's certificate."""

    signature = models.OneToOneField(
        "core.Signature", on_delete=models.PROTECT, related_name="evidence"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    p7s = models.FileField(max_length=300)
    certificate = models.FileField(max_length=300)
    certificate_subject = models.CharField(max_length=500)
    certificate_issuer = models.CharField(max_length=500)
    certificate_serial = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.level} {self.certificate_serial}"


class ItiAuthorization(models.Model):
    """One gov.br signature authorisation in progress: started by a staff member for a
    set of documents, completed once (single-use state) when gov.br sends them back."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state_hash = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64)
    user_id = models.BigIntegerField()
    staff = models.ForeignKey("core.StaffMember", on_delete=models.CASCADE, related_name="+")
    # [{"document": uuid, "sha256": hex}] as they were when the signing started.
    items = models.JSONField()
    role = models.CharField(max_length=200, blank=True)
    redirect_uri = models.CharField(max_length=500)
    return_path = models.CharField(max_length=500, default="/")
    # Signing every document of a signature block (its rules, not the unit's own).
    block = models.ForeignKey(
        "SignatureBlock", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=40, blank=True)  # "signed" or an error code

    def __str__(self) -> str:
        return f"iti {self.uuid}"


LEVEL_ORDER = [Level.SIMPLE, Level.ADVANCED, Level.QUALIFIED]


class SignaturePolicy(models.Model):
    """The lowest signature level a document type accepts in this municipality (e.g.
    Portaria and Decreto: advanced). Enforced by `signatures.services.signing`."""

    document_type = models.OneToOneField(
        "core.DocumentType", on_delete=models.CASCADE, related_name="signature_policy"
    )
    minimum_level = models.CharField(max_length=10, choices=Level.choices, default=Level.SIMPLE)
    updated_by_id = models.BigIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.document_type_id}: {self.minimum_level}"


class SignatureBlock(models.Model):
    """Bloco de assinatura (SEI): a unit gathers documents it generated, makes the block
    available to other units, whose people sign them all in one action, and the block
    comes back. States and transitions: `signatures.services.blocks`."""

    class State(models.TextChoices):
        OPEN = "open", _("Aberto")
        AVAILABLE = "available", _("Disponibilizado")
        RETURNED = "returned", _("Retornado")
        CONCLUDED = "concluded", _("Concluído")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_by_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit", "state"], name="block_unit_state")]

    def __str__(self) -> str:
        return f"bloco {self.pk}"


class SignatureBlockDocument(models.Model):
    """A document in a block. `active` while the block is not concluded: a document is
    in at most one such block (the database holds it)."""

    block = models.ForeignKey(SignatureBlock, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    added_by_id = models.BigIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["block", "document"], name="block_document_once"),
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(active=True),
                name="document_in_one_open_block",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block_id}: {self.document_id}"


class SignatureBlockUnit(models.Model):
    """A unit the block is made available to, with what it wrote back (anotação)."""

    block = models.ForeignKey(SignatureBlock, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["block", "unit"], name="block_unit_once"),
        ]
        indexes = [models.Index(fields=["unit"], name="block_recipient_unit")]

    def __str__(self) -> str:
        return f"{self.block_id} → {self.unit_id}"


class SignatureBlockEvent(models.Model):
    """The block's own history (created, documents in and out, made available,
    signed, returned, concluded), shown to the units involved."""

    block = models.ForeignKey(SignatureBlock, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    description = models.CharField(max_length=500)
    unit = models.ForeignKey("core.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    user_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description
