"""Where a login should land, and the single-use handoff to a municipality's host."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import HandoffToken, User

TOKEN_SECONDS = 45


def split_host(host: str) -> tuple[str, str]:
    name, _, port = host.partition(":")
    return name.lower(), port


def state_origin(request) -> str:
    """The state host's origin, with the port the request came in on (development)."""
    _, port = split_host(request.get_host())
    return f"{request.scheme}://{settings.BASE_DOMAIN}{':' + port if port else ''}"


def is_known_host(host: str) -> bool:
    """A municipality's host (or the state's) we serve — never anything else."""
    from tenants.routing import tenant_for_host

    name, port = split_host(host)
    if port and not port.isdigit():
        return False
    return tenant_for_host(name) is not None


def safe_next(path: str | None) -> str:
    """Only local absolute paths: no scheme, no other host, no backslashes."""
    path = path or "/"
    if not path.startswith("/") or path.startswith("//") or "\\" in path or "\n" in path:
        return "/"
    return path[:500]


def issue(
    *, user: User, host: str, next_path: str, level: str, amr: list, companies: list | None = None
) -> str:
    token = secrets.token_urlsafe(32)
    HandoffToken.objects.filter(expires_at__lt=timezone.now()).delete()
    HandoffToken.objects.create(
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        user=user,
        host=host.lower(),
        next_path=safe_next(next_path),
        level=level,
        amr=amr,
        companies=companies or [],
        expires_at=timezone.now() + timedelta(seconds=TOKEN_SECONDS),
    )
    return token


def consume(token: str, *, host: str) -> HandoffToken | None:
    """The token's grant, if it exists, has not expired and is for this host. It is
    deleted in the same statement (a replay finds nothing)."""
    digest = hashlib.sha256((token or "").encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM accounts_handofftoken WHERE token_hash = %s AND expires_at > now() "
            "RETURNING user_id, host, next_path, level, amr, companies",
            [digest],
        )
        row = cursor.fetchone()
    if row is None or row[1] != host.lower():
        return None
    amr = json.loads(row[4]) if isinstance(row[4], str) else row[4]  # jsonb as text
    companies = json.loads(row[5]) if isinstance(row[5], str) else row[5]
    return HandoffToken(
        user_id=row[0],
        host=row[1],
        next_path=row[2],
        level=row[3],
        amr=amr if isinstance(amr, list) else [],
        companies=companies if isinstance(companies, list) else [],
    )
