"""Host → tenant lookup, cached in Redis and invalidated whenever a domain changes.

The cache entry is written from the public schema, so django-tenants' key function
prefixes it with `public:`; hostnames are case-folded and stripped of the port before
they get here.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tenants.models import Domain, Tenant

_MISSING = "__no_tenant__"


def _key(hostname: str) -> str:
    return f"tenants:host:{hostname.lower()}"


def tenant_for_host(hostname: str) -> Tenant | None:
    """The tenant serving `hostname`, or None. Must run in the public schema."""
    if connection.schema_name != "public":
        raise RuntimeError("host lookup must run in the public schema")
    key = _key(hostname)
    cached = cache.get(key)
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    domain = Domain.objects.select_related("tenant").filter(domain=hostname.lower()).first()
    tenant = domain.tenant if domain else None
    # Misses are cached briefly so a flood of unknown hosts cannot hammer the database.
    timeout = settings.TENANT_DOMAIN_CACHE_SECONDS if tenant else 30
    cache.set(key, tenant if tenant else _MISSING, timeout)
    return tenant


def forget_hosts(*hostnames: str) -> None:
    """Drop cached lookups (call after creating, changing or deleting a domain)."""
    from django_tenants.utils import schema_context

    with schema_context("public"):
        cache.delete_many([_key(h) for h in hostnames])


def forget_tenant(tenant: Tenant) -> None:
    forget_hosts(*tenant.domains.values_list("domain", flat=True))
