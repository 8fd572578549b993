"""Which municipalities hold processes of a person (public schema).

The key is an HMAC-SHA256 of the CPF/CNPJ under `settings.CITIZEN_INDEX_KEY`, so the
table names no person: without the key a leaked copy cannot be joined to a CPF list. A row
is written by the municipality's own transaction whenever a party is added there
(`citizens.directory.services.index_parties`), so it commits or rolls back with the
process."""

from django.db import models


class PartyIndex(models.Model):
    key = models.CharField(max_length=64)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    processes = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "tenant"], name="party_index_key_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]}… @ {self.tenant_id}"
