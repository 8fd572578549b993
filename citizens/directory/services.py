"""Writing and reading the state-wide party index (see models.PartyIndex)."""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import connection


def index_key(document: str) -> str:
    """HMAC-SHA256 (hex) of a CPF/CNPJ's digits under the index key."""
    digits = "".join(c for c in str(document) if c.isdigit())
    secret = settings.CITIZEN_INDEX_KEY.encode()
    return hmac.new(secret, digits.encode(), hashlib.sha256).hexdigest()


def index_parties(documents: Iterable[str]) -> None:
    """Count one more process of the current municipality for each CPF/CNPJ, inside the
    caller's transaction (the city's own: it writes the public table through the same
    connection, so the row commits or rolls back with the party). One UPSERT."""
    counts = Counter(index_key(d) for d in documents if d)
    if not counts or connection.schema_name == "public":
        return
    from tenants.models import Tenant

    tenant_id = (
        Tenant.objects.filter(schema_name=connection.schema_name)
        .values_list("pk", flat=True)
        .first()
    )
    if tenant_id is None:
        return
    keys, amounts = zip(*sorted(counts.items()), strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO public.citizen_directory_partyindex (key, tenant_id, processes, "
            "updated_at) SELECT k, %s, n, now() FROM unnest(%s::text[], %s::int[]) AS t(k, n) "
            "ON CONFLICT (key, tenant_id) DO UPDATE SET processes = "
            "citizen_directory_partyindex.processes + EXCLUDED.processes, updated_at = now()",
            [tenant_id, list(keys), list(amounts)],
        )


def municipalities_of(document: str) -> list[dict]:
    """On the state host: the active municipalities holding processes of this person,
    with how many, from the index alone (no tenant schema is read)."""
    from citizens.directory.models import PartyIndex
    from tenants.models import Tenant
    from tenants.services import municipality_domain

    rows = (
        PartyIndex.objects.filter(
            key=index_key(document), processes__gt=0, tenant__status=Tenant.Status.ACTIVE
        )
        .select_related("tenant")
        .order_by("tenant__name")
    )
    return [
        {
            "name": row.tenant.name,
            "slug": row.tenant.slug,
            "ibge_code": row.tenant.ibge_code,
            "processes": row.processes,
            "host": municipality_domain(row.tenant.slug),
        }
        for row in rows
    ]
