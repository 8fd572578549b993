"""Acesso externo: staff let a CPF/CNPJ see a process (integral) or one document."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from validate_docbr import CNPJ, CPF

from citizens.errors import CitizenError
from citizens.models import AccessGrant
from core.models import Document, Process, StaffMember


def grant_access(
    *, staff: StaffMember, process: Process, person: str, document: Document | None = None
) -> AccessGrant:
    from citizens.directory.services import index_parties
    from core.services.permissions import Situation, check_grant_access
    from core.services.processes import record

    # The same check the process screen's `allowed_actions` runs ("grant_access").
    check_grant_access(Situation(staff, process))
    digits = "".join(c for c in str(person or "") if c.isdigit())
    if not (
        (len(digits) == 11 and CPF().validate(digits))
        or (len(digits) == 14 and CNPJ().validate(digits))
    ):
        raise CitizenError("person_invalid", _("CPF ou CNPJ inválido."))
    if document is not None and document.process_id != process.pk:
        raise CitizenError("document_not_found", _("Documento não encontrado."), status=404)
    with transaction.atomic():
        existing = AccessGrant.objects.filter(
            process=process, document=document, person=digits, revoked_at=None
        ).first()
        if existing is not None:
            return existing
        row = AccessGrant.objects.create(
            process=process, document=document, person=digits, granted_by_id=staff.user_id
        )
        index_parties([digits])  # the state host lists this city for him too
        record(
            process,
            "access_granted",
            _("Acesso externo concedido (%s)")
            % (_("documento %s") % document if document else _("processo integral")),
            staff=staff,
            grant=str(row.uuid),
        )
    return row


def revoke_access(*, staff: StaffMember, grant: AccessGrant) -> None:
    from core.services.permissions import Situation, check_grant_access
    from core.services.processes import record

    check_grant_access(Situation(staff, grant.process))
    with transaction.atomic():
        if AccessGrant.objects.filter(pk=grant.pk, revoked_at=None).update(
            revoked_at=timezone.now()
        ):
            record(grant.process, "access_revoked", _("Acesso externo cancelado"), staff=staff)
