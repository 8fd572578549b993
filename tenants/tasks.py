"""Provisioning runs on the `provisioning` queue, in the public schema."""

from config.celery import app
from tenants import services


@app.task(bind=True, acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True,
          max_retries=5)  # fmt: skip
def provision_tenant_task(self, *, ibge_code: str, name: str, slug: str, uf: str = "MG") -> dict:
    """Idempotent by IBGE code: a retry returns the tenant the first run created."""
    tenant = services.provision_tenant(ibge_code=ibge_code, name=name, slug=slug, uf=uf)
    return {"schema": tenant.schema_name, "tenant": str(tenant.uuid)}
