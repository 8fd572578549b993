"""Signing through core's service, plus what makes the result checkable by anyone and
the municipality's signature levels per document type."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import Document, DocumentType, Signature, StaffMember
from core.services import documents as document_services
from signatures.errors import Code, SignatureError
from signatures.models import LEVEL_ORDER, Level, SignaturePolicy
from signatures.services.authenticity import ensure_authenticity


def required_level(document: Document) -> str:
    policy = SignaturePolicy.objects.filter(document_type_id=document.document_type_id).first()
    return policy.minimum_level if policy is not None else Level.SIMPLE


def check_level(documents: list[Document], level: str) -> None:
    """Refuse (before anything is written) a document whose type needs a higher level."""
    for document in documents:
        needed = required_level(document)
        if LEVEL_ORDER.index(needed) > LEVEL_ORDER.index(level):
            hint = (
                _(" Assine com o certificado gov.br.")
                if needed == Level.ADVANCED
                else _(" Assine com a assinatura qualificada (ICP-Brasil, certificado em nuvem).")
            )
            raise SignatureError(
                Code.LEVEL_REQUIRED,
                _("O tipo “%(type)s” exige %(level)s ou superior.")
                % {"type": document.document_type.name, "level": str(Level(needed).label).lower()}
                + hint,
                status=403,
            )


def sign_documents(
    *,
    staff: StaffMember,
    user: User,
    documents: list[Document],
    password: str = "",
    role: str = "",
    method: str = "password",
    govbr: dict | None = None,
    verified: dict | None = None,
    level: str = Level.SIMPLE,
    check=None,
    block: int | None = None,
) -> list[Signature]:
    """core's `sign` (password or a fresh gov.br login, or an already verified signer),
    refused when a document's type requires a higher level than `level`, and in the same
    transaction each signed document's verification code and CRC. `check`/`block`: in a
    signature block (signatures.services.blocks)."""
    check_level(documents, level)
    with transaction.atomic():
        signatures = document_services.sign(
            staff=staff,
            user=user,
            documents=documents,
            password=password,
            role=role,
            method=method,
            govbr=govbr,
            verified=verified,
            check=check,
            block=block,
        )
        for signature in signatures:
            ensure_authenticity(signature.document)
    return signatures


def set_policy(*, staff: StaffMember, document_type: DocumentType, minimum_level: str):
    """A municipal admin sets the lowest level a document type accepts."""
    if not staff.is_municipal_admin:
        raise SignatureError(
            Code.NOT_ADMIN,
            _("Só o administrador municipal define os níveis de assinatura."),
            status=403,
        )
    if minimum_level not in Level.values:
        raise SignatureError(
            Code.LEVEL_REQUIRED,
            _("Nível de assinatura inválido: use simple, advanced ou qualified."),
        )
    policy, _created = SignaturePolicy.objects.update_or_create(
        document_type=document_type,
        defaults={"minimum_level": minimum_level, "updated_by_id": staff.user_id},
    )
    return policy


def signing_defaults() -> dict:
    """How this municipality signs: may staff sign with their password, and do the sign
    dialogs open on the gov.br advanced signature."""
    from django.db import connection

    from signatures import iti
    from tenants.models import Tenant

    tenant = Tenant.objects.filter(schema_name=connection.schema_name).first()
    return {
        "password_allowed": bool(tenant and tenant.allow_password_signing),
        "advanced_default": bool(tenant and tenant.advanced_signing_default),
        "advanced_available": iti.configured(),
        "qualified_available": iti.qualified_available(),
    }


def set_signing_defaults(
    *, staff: StaffMember, advanced_default: bool, password_allowed: bool
) -> dict:
    """A municipal admin chooses the gov.br advanced signature as the default and whether
    password signing stays on."""
    from django.db import connection

    from tenants.models import Tenant
    from tenants.routing import forget_tenant

    if not staff.is_municipal_admin:
        raise SignatureError(
            Code.NOT_ADMIN,
            _("Só o administrador municipal define como se assina nesta prefeitura."),
            status=403,
        )
    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    tenant.advanced_signing_default = bool(advanced_default)
    tenant.allow_password_signing = bool(password_allowed)
    tenant.save(update_fields=["advanced_signing_default", "allow_password_signing", "updated_at"])
    forget_tenant(tenant)
    return signing_defaults()
