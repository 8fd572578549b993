"""Peticionamento intercorrente and the response to an intimação (spec §3, §4)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from citizens import errors, policy, selectors
from citizens.errors import CitizenError
from citizens.models import IntimationRecipient, Petition, Representation
from citizens.services.petitions import Auth, DocumentInput, file_on_process
from core.models import AccessLevel, OpenIn, Process, ProcessEvent, Unit
from core.numbering import NumberError, parse


def _digits(number: str) -> str:
    try:
        return parse(number).digits
    except NumberError:
        return "".join(c for c in number or "" if c.isdigit())


def reachable_for_filing(user, number: str) -> tuple[Process, str]:
    """The process by number, if this person may file on it: as interessado or grantee,
    through an active representation covering it, or — where the city allows it — any
    público process. Anything else is the same answer as an unknown number."""
    digits = _digits(number)
    if not digits:
        raise errors.not_found()
    reach = selectors.reach_of(user, power=Representation.POWER_PETITION)
    process = selectors.my_processes(user, reach).filter(number=digits).first()
    if process is not None:
        parties = set(process.parties.values_list("document", flat=True))
        acting_for = (
            reach.cpf
            if reach.cpf in parties
            else next((g for g in reach.represented if g in parties), reach.cpf)
        )
        return process, acting_for
    if policy.policy().third_party_intercurrent:
        process = Process.objects.filter(number=digits, access_level=AccessLevel.PUBLIC).first()
        if process is not None:
            return process, user.cpf
    raise errors.not_found()


def landing_unit(process: Process) -> tuple[Unit, bool]:
    """Where the process is open (the latest arrival); closed everywhere: the unit of its
    last conclusion, if active, reopened there."""
    row = (
        OpenIn.objects.filter(process=process, unit__active=True)
        .select_related("unit")
        .order_by("-since", "-id")
        .first()
    )
    if row is not None:
        return row.unit, False
    last = (
        ProcessEvent.objects.filter(process=process, action="concluded", unit__active=True)
        .select_related("unit")
        .order_by("-created_at", "-id")
        .first()
    )
    if last is None:
        raise CitizenError(
            "intercurrent_not_accepted",
            _("O processo indicado não aceita peticionamento intercorrente."),
            status=409,
        )
    return last.unit, True


def file_intercurrent(
    *,
    user,
    auth: Auth,
    number: str,
    documents: list[DocumentInput],
    idempotency_key: str,
    confirmed: bool,
    signer=None,
) -> tuple[Petition, bool]:
    existing = Petition.objects.filter(
        filer_user_id=user.pk, idempotency_key=(idempotency_key or "").strip()
    ).first()
    if existing is not None:
        return existing, False
    process, acting_for = reachable_for_filing(user, number)
    if process.annexed_to_id or process.lock or process.suspended_at:
        raise CitizenError(
            "intercurrent_not_accepted",
            _("O processo indicado não aceita peticionamento intercorrente no momento."),
            status=409,
        )
    unit, reopen = landing_unit(process)
    return file_on_process(
        user=user,
        auth=auth,
        process=process,
        unit=unit,
        kind=Petition.Kind.INTERCURRENT,
        documents=documents,
        idempotency_key=idempotency_key,
        confirmed=confirmed,
        on_behalf_of=acting_for,
        reopen=reopen,
        signer=signer,
    )


def respond(
    *,
    user,
    auth: Auth,
    recipient_uuid,
    documents: list[DocumentInput],
    idempotency_key: str,
    confirmed: bool,
    signer=None,
) -> tuple[Petition, bool]:
    """Resposta a intimação: only while a tipo de resposta is in time; it goes to the
    issuing unit (reopened if needed). Afterwards only intercorrente."""
    from citizens.calendar import tenant_calendar
    from citizens.intimations import entitled_people, recipients_for, state_of

    existing = Petition.objects.filter(
        filer_user_id=user.pk, idempotency_key=(idempotency_key or "").strip()
    ).first()
    if existing is not None:
        return existing, False
    recipient = recipients_for(user).filter(uuid=recipient_uuid).first()
    if recipient is None:
        raise CitizenError("intimation_not_found", _("Intimação não encontrada."), status=404)
    intimation = recipient.intimation
    state = state_of(recipient, intimation, timezone.now(), tenant_calendar())
    if not state.can_respond:
        raise CitizenError(
            "response_not_allowed",
            _(
                "Esta intimação não aceita resposta agora (sem resposta, ainda não cumprida, "
                "já respondida ou fora do prazo). Use o peticionamento intercorrente."
            ),
            status=409,
        )
    process = intimation.process
    reopen = not OpenIn.objects.filter(process=process, unit=intimation.unit).exists()

    def link(petition):
        locked = IntimationRecipient.objects.select_for_update().get(pk=recipient.pk)
        if locked.response_id is not None or locked.person not in entitled_people(user, process):
            raise CitizenError(
                "response_not_allowed", _("Esta intimação já foi respondida."), status=409
            )
        locked.response = petition
        locked.save(update_fields=["response"])

    return file_on_process(
        user=user,
        auth=auth,
        process=process,
        unit=intimation.unit,
        kind=Petition.Kind.RESPONSE,
        documents=documents,
        idempotency_key=idempotency_key,
        confirmed=confirmed,
        on_behalf_of=recipient.person,
        reopen=reopen,
        after=link,
        signer=signer,
    )
