"""Actions on municipalities (tenants): create the template, provision, manage domains."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import schema_exists

from tenants import blueprint, routing
from tenants.errors import TenantError, TenantErrorCode
from tenants.models import IBGE_CODE_PATTERN, SLUG_PATTERN, Domain, Tenant, schema_name_for
from tenants.uf import UF

logger = logging.getLogger(__name__)

PUBLIC_SCHEMA = "public"
_IBGE_RE = re.compile(IBGE_CODE_PATTERN)
_SLUG_RE = re.compile(SLUG_PATTERN)


def template_schema() -> str:
    return settings.TENANT_BASE_SCHEMA


def municipality_domain(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def prepare_template_schema(*, verbosity: int = 0) -> str:
    """Create (if missing) and migrate the template every municipality is cloned from.

    Run once per release, before migrating the existing municipalities.
    """
    name = template_schema()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {blueprint.quote_ident(name)}")
    call_command("migrate_schemas", schema_name=name, interactive=False, verbosity=verbosity)
    connection.set_schema_to_public()
    return name


def ensure_public_tenant(*, domain: str | None = None) -> Tenant:
    """The state's own tenant (public schema) that serves BASE_DOMAIN. Idempotent."""
    domain = (domain or settings.BASE_DOMAIN).lower()
    with transaction.atomic():
        tenant, _ = Tenant.objects.get_or_create(
            schema_name=PUBLIC_SCHEMA,
            defaults={"name": settings.STATE_NAME, "slug": "public", "uf": settings.STATE_UF},
        )
        Domain.objects.get_or_create(domain=domain, defaults={"tenant": tenant, "is_primary": True})
        transaction.on_commit(lambda: routing.forget_hosts(domain))
    return tenant


def provision_tenant(
    *,
    ibge_code: str,
    name: str,
    slug: str,
    uf: str = "MG",
    domain: str | None = None,
) -> Tenant:
    """Create a municipality: its schema (a clone of the template), its row, its domain.

    Idempotent: provisioning the same IBGE code again returns the existing tenant and
    changes nothing. Atomic: the schema, the tenant and the domain are created in one
    transaction (PostgreSQL DDL is transactional), so a failure leaves none of them.
    """
    ibge_code, name, slug = str(ibge_code).strip(), name.strip(), slug.strip().lower()
    if not _IBGE_RE.match(ibge_code):
        raise TenantError(TenantErrorCode.INVALID_IBGE_CODE, repr(ibge_code))
    if not _SLUG_RE.match(slug):
        raise TenantError(TenantErrorCode.INVALID_SLUG, repr(slug))
    if not name:
        raise TenantError(TenantErrorCode.INVALID_NAME)
    if uf not in UF.values:
        raise TenantError(TenantErrorCode.INVALID_UF, repr(uf))
    domain = (domain or municipality_domain(slug)).lower()
    schema = schema_name_for(ibge_code)

    with transaction.atomic():
        # Serialise concurrent provisioning of the same municipality.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext('provision'), %s)", [int(ibge_code)]
            )
        existing = Tenant.objects.filter(ibge_code=ibge_code).first()
        if existing is not None:
            if existing.slug != slug:
                raise TenantError(
                    TenantErrorCode.CONFLICTING_PROVISION, f"{existing.slug!r} != {slug!r}"
                )
            return existing
        if Tenant.objects.filter(slug=slug).exists():
            raise TenantError(TenantErrorCode.SLUG_TAKEN, slug)
        if Domain.objects.filter(domain=domain).exists():
            raise TenantError(TenantErrorCode.DOMAIN_TAKEN, domain)
        if not schema_exists(template_schema()):
            raise TenantError(TenantErrorCode.TEMPLATE_MISSING, template_schema())
        if schema_exists(schema):
            raise TenantError(TenantErrorCode.SCHEMA_EXISTS, schema)

        _clone_schema(schema)
        tenant = Tenant.objects.create(
            schema_name=schema,
            ibge_code=ibge_code,
            name=name,
            slug=slug,
            uf=uf,
            process_code=_next_process_code(),
        )
        _create_domain(tenant, domain)
        # A cached "unknown host" answer for this domain must not outlive the commit.
        transaction.on_commit(lambda: routing.forget_hosts(domain))
    logger.info("tenant provisioned", extra={"schema": schema, "ibge_code": ibge_code})
    return tenant


# Codes the state assigns to municipalities for process numbers start here (state bodies
# use lower codes in Sei!MG).
FIRST_PROCESS_CODE = 5001


def _next_process_code() -> str:
    """The next free 4-digit numbering code. Serialised by a transaction-level lock, so
    two cities provisioned at once never get the same code."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('process_code'))")
        cursor.execute(
            "SELECT max(process_code::int) FROM tenants_tenant WHERE process_code ~ '^[0-9]{4}$'"
        )
        current = cursor.fetchone()[0]
    return f"{max(FIRST_PROCESS_CODE, (current or 0) + 1):04d}"


def _clone_schema(schema: str) -> None:
    blueprint.clone_schema(template_schema(), schema)


def _create_domain(tenant: Tenant, domain: str) -> Domain:
    return Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)


def add_domain(*, tenant: Tenant, domain: str, is_primary: bool = False) -> Domain:
    """Give a municipality another host name (e.g. sei.extrema.mg.gov.br)."""
    domain = domain.strip().lower()
    with transaction.atomic():
        if Domain.objects.filter(domain=domain).exists():
            raise TenantError(TenantErrorCode.DOMAIN_TAKEN, domain)
        if is_primary:
            tenant.domains.filter(is_primary=True).update(is_primary=False)
        created = Domain.objects.create(domain=domain, tenant=tenant, is_primary=is_primary)
        transaction.on_commit(lambda: routing.forget_hosts(domain))
    return created


def change_domain(*, domain: Domain, new_domain: str) -> Domain:
    """Rename a host; the old name stops resolving as soon as this commits."""
    new_domain = new_domain.strip().lower()
    old = domain.domain
    with transaction.atomic():
        if Domain.objects.filter(domain=new_domain).exclude(pk=domain.pk).exists():
            raise TenantError(TenantErrorCode.DOMAIN_TAKEN, new_domain)
        domain.domain = new_domain
        domain.save(update_fields=["domain", "updated_at"])
        transaction.on_commit(lambda: routing.forget_hosts(old, new_domain))
    return domain


def remove_domain(*, domain: Domain) -> None:
    name = domain.domain
    with transaction.atomic():
        domain.delete()
        transaction.on_commit(lambda: routing.forget_hosts(name))


def set_status(*, tenant: Tenant, status: str) -> Tenant:
    """Suspend or reactivate a municipality (its hosts answer 503 while suspended)."""
    with transaction.atomic():
        tenant.status = Tenant.Status(status)
        tenant.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: routing.forget_tenant(tenant))
    return tenant
