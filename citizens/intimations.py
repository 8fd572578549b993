"""Intimação eletrônica (spec §4): issuing, the state of each destinatário computed from
data, the confirmed consultation, and the idempotent job that only writes certidões and
notices.

States (SEI's numbers): 1 pending, 2 cumprida por decurso do prazo tácito, 3 cumprida
por consulta direta, 4 respondida, 5 pendente de resposta com prazo externo vencido.
Tacit fulfilment is *computed*: a pending destinatário is fulfilled at 23:59:59
(Brasília) of the tacit date once that instant has passed, whether or not a job ran."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import uuid as uuidlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens import policy
from citizens.deadlines import (
    BRASILIA,
    Calendar,
    cumprimento_date,
    end_of_day,
    is_timely,
    prazo,
)
from citizens.errors import CitizenError
from citizens.models import (
    Adhesion,
    Intimation,
    IntimationCertificate,
    IntimationNotice,
    IntimationRecipient,
    Representation,
)
from core.models import AccessLevel, Document, DocumentType, Process, StaffMember

logger = logging.getLogger(__name__)

PENDING, TACIT, CONSULTED, RESPONDED, RESPONSE_OVERDUE = 1, 2, 3, 4, 5
LABELS = {
    PENDING: "Pendente",
    TACIT: "Cumprida por decurso do prazo tácito",
    CONSULTED: "Cumprida por consulta direta",
    RESPONDED: "Respondida",
    RESPONSE_OVERDUE: "Pendente de resposta com prazo externo vencido",
}


@dataclass(frozen=True)
class RecipientState:
    code: int
    label: str
    tacit_date: dt.date
    tacit_at: dt.datetime
    fulfilled_at: dt.datetime | None
    fulfilled_on: dt.date | None
    response_due: dt.date | None
    can_respond: bool


def state_of(
    recipient: IntimationRecipient, intimation: Intimation, now: dt.datetime, calendar: Calendar
) -> RecipientState:
    """The destinatário's state at `now` — a pure function of the stored facts."""
    tacit_date = prazo(intimation.expedition_date, intimation.tacit_days, "D", "C", calendar)
    tacit_at = end_of_day(tacit_date)
    consulted = recipient.consulted_at
    if consulted is not None and is_timely(consulted, tacit_date):
        code, fulfilled_at = CONSULTED, consulted
        fulfilled_on = cumprimento_date(consulted, calendar)
    elif not is_timely(now, tacit_date):
        code, fulfilled_at, fulfilled_on = TACIT, tacit_at, tacit_date
    else:
        code, fulfilled_at, fulfilled_on = PENDING, None, None
    due = None
    if fulfilled_on is not None and intimation.response_mode != Intimation.ResponseMode.NONE:
        due = prazo(
            fulfilled_on,
            intimation.response_n,
            intimation.response_unit,
            intimation.response_kind or "C",
            calendar,
        )
    can_respond = due is not None and is_timely(now, due) and recipient.response_id is None
    if recipient.response_id is not None:
        code = RESPONDED
    elif (
        intimation.response_mode == Intimation.ResponseMode.REQUIRED
        and due is not None
        and not is_timely(now, due)
    ):
        code = RESPONSE_OVERDUE
    return RecipientState(
        code, LABELS[code], tacit_date, tacit_at, fulfilled_at, fulfilled_on, due, can_respond
    )


# --- who may act for a destinatário ---------------------------------------------------


def entitled_people(user, process: Process) -> set[str]:
    """The CPF/CNPJs whose intimações `user` may see, consult and answer *now* on this
    process: himself, and outorgantes of his active representations holding the power
    "Receber, Cumprir e Responder Intimação Eletrônica" whose abrangência covers it."""
    from citizens.selectors import reach_of

    reach = reach_of(user, power=Representation.POWER_INTIMATION)
    return {reach.cpf} | {
        grantor
        for grantor, scope in reach.represented.items()
        if scope is None or str(process.uuid) in scope
    }


def recipients_for(user) -> QuerySet[IntimationRecipient]:
    """Every destinatário row this person may see here (own or represented, in scope)."""
    from citizens.selectors import reach_of

    reach = reach_of(user, power=Representation.POWER_INTIMATION)
    condition = Q(person=reach.cpf)
    for grantor, scope in reach.represented.items():
        part = Q(person=grantor)
        if scope is not None:
            part &= Q(intimation__process__uuid__in=list(scope))
        condition |= part
    return (
        IntimationRecipient.objects.filter(condition)
        .exclude(intimation__process__access_level=AccessLevel.SECRET)
        .select_related("intimation", "intimation__process", "intimation__unit", "document")
        .order_by("-intimation__issued_at", "-id")
    )


def documents_shared_with(process: Process, people: set[str]) -> set[int]:
    """Principal and anexos of fulfilled intimações of `people` on this process."""
    from citizens.calendar import tenant_calendar

    rows = IntimationRecipient.objects.filter(
        intimation__process=process, person__in=people
    ).select_related("intimation")
    if not rows:
        return set()
    calendar, now, shared = tenant_calendar(), timezone.now(), set()
    for row in rows:
        if state_of(row, row.intimation, now, calendar).fulfilled_at is not None:
            shared |= {row.document_id, *row.intimation.annex_ids}
    return shared


# --- staff: issue ------------------------------------------------------------------------


def issue(
    *,
    staff: StaffMember,
    process: Process,
    document: Document,
    annexes: list[Document],
    recipients: list[str],
    kind: str,
    purpose: str,
    facts_and_grounds: str,
    attendance: str = "",
    representation_allowed: bool = True,
    response_mode: str = Intimation.ResponseMode.NONE,
    response_n: int | None = None,
    response_unit: str = "",
    response_kind: str = "",
) -> Intimation:
    from core.services.permissions import Situation, check_intimate
    from core.services.processes import record

    # The rule the process view offers "intimate" by (core.services.permissions), on the
    # chosen principal: refused before anything else is looked at.
    principal = Document.objects.prefetch_related("signatures").filter(
        pk=document.pk, process_id=process.pk
    )
    check_intimate(Situation(staff, process), list(principal))
    if any(a.process_id != process.pk for a in annexes):
        raise CitizenError("annex_invalid", _("Os anexos devem ser documentos deste processo."))
    kind, purpose = (kind or "").strip(), (purpose or "").strip()
    facts_and_grounds = (facts_and_grounds or "").strip()
    if not kind or not purpose or not facts_and_grounds:
        raise CitizenError(
            "art26_fields_missing",
            _(
                "Informe o tipo, a finalidade e os fatos e fundamentos legais da intimação "
                "(Lei 9.784, art. 26, §1º)."
            ),
        )
    if response_mode not in Intimation.ResponseMode.values:
        raise CitizenError("response_mode_invalid", _("Tipo de resposta inválido."))
    if response_mode != Intimation.ResponseMode.NONE and (
        not response_n or response_unit not in ("D", "M", "A") or (
            response_unit == "D" and response_kind not in ("C", "U")
        )
    ):  # fmt: skip
        raise CitizenError(
            "response_deadline_invalid",
            _(
                "Informe o prazo de resposta: quantidade e unidade (dias corridos ou "
                "úteis, meses, anos)."
            ),
        )
    people = []
    for raw in recipients:
        digits = "".join(c for c in str(raw) if c.isdigit())
        if digits not in people:
            people.append(digits)
    if not people:
        raise CitizenError("recipients_missing", _("Indique ao menos um destinatário."))
    adhesions = {a.person: a for a in Adhesion.objects.filter(person__in=people, revoked_at=None)}
    missing = [p for p in people if p not in adhesions]
    if missing:
        raise CitizenError(
            "recipient_not_adhered",
            _(
                "Só é possível intimar eletronicamente quem aderiu à intimação eletrônica. "
                "Sem adesão: %s."
            )
            % ", ".join(_mask(p) for p in missing),
        )
    now = timezone.now()
    with transaction.atomic():
        # Again with the process's row held.
        unit = check_intimate(Situation(staff, process, fresh=True), list(principal))
        if IntimationRecipient.objects.filter(document=document, person__in=people).exists():
            raise CitizenError(
                "already_intimated",
                _("Este documento já foi objeto de intimação a um dos destinatários."),
                status=409,
            )
        intimation = Intimation.objects.create(
            process=process,
            document=document,
            annex_ids=[a.pk for a in annexes],
            unit=unit,
            issued_by_id=staff.user_id,
            issued_at=now,
            expedition_date=now.astimezone(BRASILIA).date(),
            kind=kind[:120],
            purpose=purpose[:500],
            facts_and_grounds=facts_and_grounds,
            attendance=(attendance or "").strip()[:300],
            representation_allowed=representation_allowed,
            response_mode=response_mode,
            response_n=response_n if response_mode != "none" else None,
            response_unit=response_unit if response_mode != "none" else "",
            response_kind=response_kind if response_mode != "none" else "",
            tacit_days=policy.policy().tacit_days,
        )
        rows = IntimationRecipient.objects.bulk_create(
            IntimationRecipient(
                intimation=intimation, document=document, person=p, name=adhesions[p].name
            )
            for p in people
        )
        record(
            process,
            "intimation_issued",
            _("Intimação eletrônica expedida (%(kind)s) a %(n)d destinatário(s)")
            % {"kind": kind, "n": len(people)},
            staff=staff,
            intimation=str(intimation.uuid),
        )
        _notify(rows, "issued")
    return intimation


def _mask(document: str) -> str:
    from accounts.cpf import mask_cpf

    return mask_cpf(document) if len(document) == 11 else document


def _addresses(recipient: IntimationRecipient) -> list[tuple[str, str]]:
    """(name, e-mail) of the destinatário and of each representative entitled now."""
    from accounts.models import User

    process = recipient.intimation.process
    cpfs = {recipient.person} if len(recipient.person) == 11 else set()
    for rep in active_representations_for_grantor(recipient.person):
        if not rep.process_ids or str(process.uuid) in rep.process_ids:
            cpfs.add(rep.grantee)
    return [(u.name, u.email) for u in User.objects.filter(cpf__in=cpfs, is_active=True) if u.email]


def active_representations_for_grantor(grantor: str) -> QuerySet[Representation]:
    today = timezone.localdate()
    return (
        Representation.objects.filter(grantor=grantor, state=Representation.State.ACTIVE)
        .filter(valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(
            ~Q(kind=Representation.Kind.SIMPLE)
            | Q(powers__contains=[Representation.POWER_INTIMATION])
        )
    )


def _notify(recipients, kind: str, calendar: Calendar | None = None) -> int:
    """Queue the notice `kind` for each destinatário once (unique row)."""
    from citizens.calendar import tenant_calendar
    from citizens.services.outbox import queue
    from core.numbering import format_number

    calendar = calendar or tenant_calendar()
    now, queued = timezone.now(), 0
    for recipient in recipients:
        with transaction.atomic():
            _row, created = IntimationNotice.objects.get_or_create(recipient=recipient, kind=kind)
            if not created:
                continue
            intimation = recipient.intimation
            state = state_of(recipient, intimation, now, calendar)
            number = format_number(intimation.process.number)
            subject = {
                "issued": _("Intimação eletrônica no processo %s"),
                "tacit_3d": _("Intimação eletrônica: faltam 3 dias — processo %s"),
                "response_5d": _("Prazo de resposta termina em 5 dias — processo %s"),
                "response_1d": _("Prazo de resposta termina amanhã — processo %s"),
            }[kind] % number
            lines = [
                _("Há uma intimação eletrônica (%(kind)s) para %(name)s no processo %(number)s.")
                % {"kind": intimation.kind, "name": recipient.name, "number": number},
                _(
                    "Se não for consultada antes, será considerada cumprida ao final do dia "
                    "%s (art. 66 da Lei 9.784/1999)."
                )
                % state.tacit_date.strftime("%d/%m/%Y"),
            ]
            if state.response_due:
                lines.append(
                    _("Prazo de resposta: até 23h59min59s de %s (horário de Brasília).")
                    % state.response_due.strftime("%d/%m/%Y")
                )
            lines.append(_("Este e-mail não substitui a consulta à intimação na área do cidadão."))
            queue([(email, subject, f"Olá, {name}.\n\n" + "\n".join(lines))
                   for name, email in _addresses(recipient)])  # fmt: skip
            queued += 1
    return queued


# --- citizen: consult --------------------------------------------------------------------


def consult(*, user, recipient_uuid, confirmed: bool, ip: str | None, level: str | None):
    """The confirmed consultation: stores who, when, IP and gov.br level and writes the
    certidão in one transaction, under the destinatário's row lock. Later views (or a
    consultation after the tacit date) change nothing."""
    from citizens.calendar import tenant_calendar

    recipient = recipients_for(user).filter(uuid=recipient_uuid).first()
    if recipient is None:
        raise CitizenError("intimation_not_found", _("Intimação não encontrada."), status=404)
    if not confirmed:
        raise CitizenError(
            "consultation_not_confirmed",
            _(
                "Confirme a consulta: ao abrir o documento, a intimação será considerada "
                "cumprida nesta data."
            ),
        )
    calendar = tenant_calendar()
    with transaction.atomic():
        locked = (
            IntimationRecipient.objects.select_for_update()
            .select_related("intimation", "intimation__process", "intimation__unit")
            .get(pk=recipient.pk)
        )
        # Entitlement evaluated now, not when the intimação was issued.
        if locked.person not in entitled_people(user, locked.intimation.process):
            raise CitizenError("intimation_not_found", _("Intimação não encontrada."), status=404)
        now = timezone.now()
        state = state_of(locked, locked.intimation, now, calendar)
        if state.code == PENDING:
            locked.consulted_at = now
            locked.consulted_by_id = user.pk
            locked.consulted_ip = ip
            locked.consulted_level = level or ""
            locked.save(
                update_fields=["consulted_at", "consulted_by_id", "consulted_ip", "consulted_level"]
            )
            state = state_of(locked, locked.intimation, now, calendar)
            _certify(locked, IntimationCertificate.Kind.CONSULTED, now, by=user)
    return locked, state


def _certify(recipient: IntimationRecipient, kind: str, fulfilled_at, *, by=None) -> bool:
    """Write the certidão once (a savepoint: a concurrent writer's row wins); reopen the
    process in the issuing unit unless it is sigiloso."""
    from core.services.dispatch import open_in
    from core.services.documents import add_external_document
    from core.services.processes import record

    intimation = recipient.intimation
    process = intimation.process
    if IntimationCertificate.objects.filter(recipient=recipient).exists():
        return False
    when = timezone.localtime(fulfilled_at, BRASILIA).strftime("%d/%m/%Y %H:%M:%S")
    how = (
        _("por consulta direta de %(name)s (IP %(ip)s, nível gov.br %(level)s)")
        % {
            "name": by.name,
            "ip": recipient.consulted_ip or "-",
            "level": recipient.consulted_level or "-",
        }
        if by is not None
        else _("por decurso do prazo tácito")
    )
    text = _(
        "Certifico que a intimação eletrônica (%(kind)s) dirigida a %(name)s no processo "
        "%(number)s foi cumprida em %(when)s (horário de Brasília), %(how)s."
    ) % {
        "kind": intimation.kind,
        "name": recipient.name,
        "number": str(process),
        "when": when,
        "how": how,
    }
    from core.services.process_pdf import _html_pdf

    pdf = _html_pdf(f"<h2>Certidão de Intimação Cumprida</h2><p>{html.escape(text)}</p>")
    certidao = DocumentType.objects.filter(
        name__iexact="Certidão"
    ).first() or DocumentType.objects.create(name="Certidão", usage="both")
    key = default_storage.save(f"processes/{process.uuid}/{uuidlib.uuid4()}.pdf", ContentFile(pdf))
    try:
        with transaction.atomic():
            document = add_external_document(
                process=process,
                unit=intimation.unit,
                author_id=by.pk if by is not None else 0,
                document_type=certidao,
                key=key,
                name=f"certidao-intimacao-{recipient.uuid}.pdf",
                size=len(pdf),
                sha256=hashlib.sha256(pdf).hexdigest(),
                content_type="application/pdf",
                event_description=_("Certidão de intimação cumprida (%s)") % recipient.name,
            )
            IntimationCertificate.objects.create(
                recipient=recipient, kind=kind, fulfilled_at=fulfilled_at, document=document
            )
            if by is not None and process.access_level != AccessLevel.SECRET:
                open_in(process, intimation.unit)  # reopened where it was issued
                record(
                    process,
                    "intimation_fulfilled",
                    _("Intimação cumprida por consulta direta (%s)") % recipient.name,
                    recipient=str(recipient.uuid),
                )
    except BaseException:
        default_storage.delete(key)
        raise
    return True


# --- the job --------------------------------------------------------------------------


def run_job(now: dt.datetime | None = None) -> dict:
    """Certidões for tacit fulfilments and the reminder notices, per destinatário,
    idempotently; one failure never stops the batch. It never moves a process."""
    from citizens.calendar import tenant_calendar

    now = now or timezone.now()
    calendar = tenant_calendar()
    done = {"certificates": 0, "notices": 0, "errors": 0}
    pending = (
        IntimationRecipient.objects.filter(certificate__isnull=True)
        .select_related("intimation", "intimation__process", "intimation__unit")
        .order_by("pk")
    )
    for recipient in pending.iterator(chunk_size=200):
        try:
            with transaction.atomic():
                locked = (
                    IntimationRecipient.objects.select_for_update(skip_locked=True)
                    .select_related("intimation", "intimation__process", "intimation__unit")
                    .filter(pk=recipient.pk)
                    .first()
                )
                if locked is None:
                    continue
                state = state_of(locked, locked.intimation, now, calendar)
                tacit = state.fulfilled_at is not None and state.fulfilled_at == state.tacit_at
                if tacit and _certify(locked, IntimationCertificate.Kind.TACIT, state.tacit_at):
                    done["certificates"] += 1
                done["notices"] += _reminders(locked, state, now, calendar)
        except Exception:
            done["errors"] += 1
            logger.exception("intimation job item failed", extra={"recipient": recipient.pk})
    return done


def _reminders(recipient, state: RecipientState, now, calendar) -> int:
    today = now.astimezone(BRASILIA).date()
    kinds = []
    if state.code == PENDING and (state.tacit_date - today).days <= 3:
        kinds.append("tacit_3d")
    if state.response_due and state.code not in (RESPONDED, RESPONSE_OVERDUE):
        left = (state.response_due - today).days
        if left <= 5:
            kinds.append("response_5d")
        if left <= 1:
            kinds.append("response_1d")
    return sum(_notify([recipient], kind, calendar) for kind in kinds)


def closed_documents(people: set[str] | None = None) -> set[int]:
    """Principal and anexos of intimações not yet fulfilled: closed to the destinatário
    (who opens them only through the confirmed consultation) and to the public
    consultation until then. `people`: only those destinatários' intimações."""
    from citizens.calendar import tenant_calendar

    rows = IntimationRecipient.objects.filter(
        consulted_at__isnull=True, certificate__isnull=True
    ).select_related("intimation")
    if people is not None:
        rows = rows.filter(person__in=people)
    rows = list(rows[:5000])
    if not rows:
        return set()
    calendar, now, closed = tenant_calendar(), timezone.now(), set()
    for row in rows:
        if state_of(row, row.intimation, now, calendar).code == PENDING:
            closed |= {row.document_id, *row.intimation.annex_ids}
    return closed
