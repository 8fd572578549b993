"""Signing through core's service, plus what makes the result checkable by anyone."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from core.models import Document, Signature, StaffMember
from core.services import documents as document_services
from signatures.services.authenticity import ensure_authenticity


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
) -> list[Signature]:
    """core's `sign` (password or a fresh gov.br login, or an already verified signer),
    and in the same transaction each signed document's verification code and CRC."""
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
        )
        for signature in signatures:
            ensure_authenticity(signature.document)
    return signatures
