"""Credenciais de acesso: who may see a secret (sigiloso) process besides its author."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import CoreError
from core.models import AccessLevel, Credential, Process, StaffMember
from core.services.dispatch import require_open_here
from core.services.processes import record, require_editable


def grant_credential(*, staff: StaffMember, process: Process, user_id: int) -> Credential:
    """A credentialed person, working in a unit where the secret process is open, gives
    another active servidor of this municipality access to it. Idempotent per person."""
    if process.access_level != AccessLevel.SECRET:
        raise CoreError(
            "not_secret", _("Credenciais de acesso só se aplicam a processos sigilosos.")
        )
    with transaction.atomic():
        require_open_here(staff, process)
        require_editable(process)
        if not Credential.objects.filter(process=process, user_id=staff.user_id).exists():
            raise CoreError(
                "no_credential",
                _("Só quem tem credencial de acesso ao processo pode concedê-la."),
                status=403,
            )
        if not StaffMember.objects.filter(user_id=user_id, active=True).exists():
            raise CoreError(
                "not_staff", _("Credenciais só podem ser concedidas a servidores do município.")
            )
        credential, created = Credential.objects.get_or_create(
            process=process, user_id=user_id, defaults={"granted_by_id": staff.user_id}
        )
        if created:
            name = User.objects.filter(pk=user_id).values_list("name", flat=True).first()
            record(
                process,
                "credential_granted",
                _("Credencial de acesso concedida a %s") % name,
                staff=staff,
                user=user_id,
            )
    return credential
