"""E-mail notifications: a process arriving in a unit is announced to the unit's active
members who have not opted out (StaffMember.email_notifications). Sent by a Celery task
after the dispatch commits (core.tasks.notify_arrival); each (dispatch, person) pair is
sent at most once, so a retried task sends nothing twice."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core import selectors
from core.models import ArrivalNotice, Dispatch


def process_url(host: str, process_uuid) -> str:
    return f"https://{host}/processos/{process_uuid}"


def notify_arrival(dispatch_ids: list[int]) -> int:
    """E-mail the members of each destination unit; returns how many e-mails were sent."""
    from tenants.models import Tenant
    from tenants.services import municipality_domain

    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    primary = tenant.get_primary_domain()
    host = primary.domain if primary else municipality_domain(tenant.slug)
    dispatches = Dispatch.objects.filter(pk__in=dispatch_ids).select_related(
        "process", "from_unit", "to_unit"
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for dispatch in dispatches:
            number = str(dispatch.process)
            subject = _("Processo %(number)s recebido na unidade %(unit)s") % {
                "number": number,
                "unit": dispatch.to_unit.acronym,
            }
            for _member, user in selectors.arrival_recipients(dispatch):
                with transaction.atomic():
                    _notice, created = ArrivalNotice.objects.get_or_create(
                        dispatch=dispatch, user_id=user.pk
                    )
                    if not created:
                        continue
                    # Sent inside the (one-row) transaction: if sending fails, the
                    # notice is rolled back and a retry sends it.
                    body = _body(dispatch, user, number, host, tenant)
                    send_mail(subject, body, None, [user.email])
                    sent += 1
    return sent


def _body(dispatch: Dispatch, user, number: str, host: str, tenant) -> str:
    lines = [
        _("Olá, %s.") % user.name,
        "",
        _("O processo %(number)s foi enviado pela unidade %(source)s para a unidade %(unit)s.")
        % {
            "number": number,
            "source": dispatch.from_unit.acronym,
            "unit": dispatch.to_unit.acronym,
        },
        "",
        _("Para abri-lo: %s") % process_url(host, dispatch.process.uuid),
        "",
        _(
            "Você recebe este aviso por ser servidor da unidade %s. Para deixar de recebê-lo, "
            "desmarque “Receber avisos por e-mail” no Processo Municipal."
        )
        % dispatch.to_unit.acronym,
        "",
        _("Processo Municipal — Prefeitura de %s") % tenant.name,
    ]
    return "\n".join(lines)
