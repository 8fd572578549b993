"""Public schema: verification code / SHA-256 → municipality. Holds no document data."""

from django.db import models
from django.db.models import Q


class AuthenticityIndex(models.Model):
    class Kind(models.TextChoices):
        CODE = "code", "código verificador"
        SHA256 = "sha256", "SHA-256 de um arquivo assinado"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=64)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # A verification code is unique across the state; the same file may be a
            # signed document of several municipalities.
            models.UniqueConstraint(
                fields=["key"], condition=Q(kind="code"), name="authenticity_code_unique"
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "tenant"], name="authenticity_key_tenant_unique"
            ),
        ]
        indexes = [models.Index(fields=["key"], name="authenticity_key")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key[:12]}"
