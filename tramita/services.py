"""The connector's actions: what staff and coordinators ask for, and the worker's engine.

* `request_send` / `request_send_document` (a municipality's staff): the process event
  and the outbound envelope (a process, or a documento avulso with its anexos) are
  written in one transaction; the worker is nudged after commit (outbox).
* `run` (the worker): one envelope advanced as far as it goes, under a per-envelope
  advisory lock; network errors and 5xx are retried later with backoff, up to
  TRAMITA_MAX_ATTEMPTS, then the envelope is marked failed for a coordinator to see.
* `poll` (beat): `tramites/pendentes` → inbound envelopes (one per IDT) and nudges.
* `retry` / `cancel` (coordinators; municipal admins for their own city), `request_repeat`
  (ask the sender of an inbound trâmite to repeat it: reproducoes-de-tramite).
"""

from __future__ import annotations

import contextlib
import logging
import time

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.errors import CoreError
from core.models import Document, Process, Unit
from core.services import external
from core.services.processes import require_editable
from tenants.models import Tenant
from tramita import inbound, outbound
from tramita.client import NotConfigured, TramitaClient, TramitaError, TramitaUnavailable
from tramita.models import Envelope, Mapping
from tramita.state import log, save

logger = logging.getLogger(__name__)
S = Envelope.Status
D = Envelope.Direction
LOCK_NAMESPACE = 7_401  # pg advisory lock class for envelopes


def client() -> TramitaClient:
    return TramitaClient()


def unavailable(exc: Exception) -> CoreError:
    return CoreError(
        "tramita_unavailable",
        _("O Tramita GOV.BR não respondeu. Tente novamente em alguns minutos."),
        status=502,
    )


# --- mapping -----------------------------------------------------------------------------


def sending_mapping(tenant, unit: Unit | None) -> Mapping | None:
    mappings = Mapping.objects.filter(tenant=tenant, active=True)
    if unit is not None:
        found = mappings.filter(unit_uuid=unit.uuid).first()
        if found:
            return found
    return mappings.filter(unit_uuid__isnull=True).first()


def map_structure(
    *, ibge_code: str, repository_id: int, structure_id: int, unit_uuid=None
) -> Mapping:
    """A coordinator maps a municipality (or one of its units) to its structure, checked
    against Tramita. One structure belongs to one place only."""
    tenant = Tenant.objects.exclude(schema_name="public").filter(ibge_code=ibge_code).first()
    if tenant is None:
        raise CoreError("municipality_not_found", _("Município não encontrado."), status=404)
    if unit_uuid is not None:
        with schema_context(tenant.schema_name):
            if not Unit.objects.filter(uuid=unit_uuid, active=True).exists():
                raise CoreError("unit_not_found", _("Unidade não encontrada no município."))
    try:
        with client() as tramita:
            structure = tramita.structure(repository_id, structure_id)
    except TramitaUnavailable as exc:
        raise unavailable(exc) from exc
    except TramitaError as exc:
        raise CoreError(
            "structure_not_found", _("Estrutura não encontrada no Tramita GOV.BR.")
        ) from exc
    taken = Mapping.objects.filter(repository_id=repository_id, structure_id=structure_id)
    if taken.exclude(tenant=tenant, unit_uuid=unit_uuid).exists():
        raise CoreError(
            "structure_taken", _("Esta estrutura já está mapeada para outro município ou unidade.")
        )
    try:
        with transaction.atomic():
            mapping, _created = Mapping.objects.update_or_create(
                tenant=tenant,
                unit_uuid=unit_uuid,
                defaults={
                    "repository_id": repository_id,
                    "structure_id": structure_id,
                    "name": structure.get("nome", "")[:300],
                    "acronym": structure.get("sigla", "")[:60],
                    "active": True,
                },
            )
    except IntegrityError as exc:  # mapped elsewhere at the same moment
        raise CoreError(
            "structure_taken", _("Esta estrutura já está mapeada para outro município ou unidade.")
        ) from exc
    return mapping


# --- staff -------------------------------------------------------------------------------


def search_structures(*, repository_id: int, name: str, start: int = 0) -> dict:
    try:
        with client() as tramita:
            return tramita.search_structures(repository_id, name=name, start=start, count=20)
    except (TramitaUnavailable, NotConfigured) as exc:
        raise unavailable(exc) from exc
    except TramitaError as exc:
        raise CoreError("tramita_error", _("Tramita GOV.BR: %s") % exc.message) from exc


def repositories() -> list[dict]:
    try:
        with client() as tramita:
            return [r for r in tramita.repositories() if r.get("ativo", True)]
    except (TramitaUnavailable, NotConfigured) as exc:
        raise unavailable(exc) from exc


def urgency_reasons() -> list[dict]:
    """Tramita's reasons for urgency (`GET motivosUrgencia`), `[{code, description}]`."""
    try:
        with client() as tramita:
            return tramita.urgency_reasons()
    except (TramitaUnavailable, NotConfigured) as exc:
        raise unavailable(exc) from exc
    except TramitaError as exc:
        raise CoreError("tramita_error", _("Tramita GOV.BR: %s") % exc.message) from exc


def _urgency(tramita: TramitaClient, urgent: bool, reason: int | None) -> tuple[str, int | None]:
    """The chosen reason's description and code, checked against Tramita's list."""
    if reason is None:
        return "", None
    if not urgent:
        raise CoreError(
            "urgency_reason_without_urgency",
            _("Informe o motivo da urgência somente em envios urgentes."),
        )
    try:
        reasons = {r["code"]: r["description"] for r in tramita.urgency_reasons()}
    except TramitaUnavailable as exc:
        raise unavailable(exc) from exc
    if reason not in reasons:
        raise CoreError("urgency_reason_invalid", _("Motivo de urgência inválido."))
    return reasons[reason][:300], reason


def _destination(tramita: TramitaClient, repository_id: int, structure_id: int) -> str:
    try:
        destination = tramita.structure(repository_id, structure_id)
    except TramitaUnavailable as exc:
        raise unavailable(exc) from exc
    except TramitaError as exc:
        raise CoreError(
            "structure_not_found", _("Destino não encontrado no Tramita GOV.BR.")
        ) from exc
    if not destination.get("aptoParaReceberTramites", True):
        raise CoreError("structure_cannot_receive", _("Este destino não recebe processos."))
    return destination.get("nome", "")[:300]


def _own_mapping(tenant, unit, repository_id: int, structure_id: int) -> Mapping:
    mapping = sending_mapping(tenant, unit)
    if mapping is None:
        raise CoreError(
            "tramita_not_enabled",
            _("O município ainda não está habilitado no Tramita GOV.BR. Procure a coordenação."),
        )
    if (mapping.repository_id, mapping.structure_id) == (repository_id, structure_id):
        raise CoreError("same_structure", _("Escolha um destino diferente do próprio órgão."))
    return mapping


def _outbound(
    *,
    tenant,
    process,
    unit,
    staff,
    mapping,
    repository_id,
    structure_id,
    name,
    urgent,
    reason_text,
    reason_code,
    progress=None,
    **fields,
) -> Envelope:
    """The outbound envelope of a send (process or documento avulso), due now."""
    return Envelope.objects.create(
        direction=D.OUTBOUND,
        tenant_id=tenant.pk,
        process_uuid=process.uuid,
        process_number=str(process),
        unit_uuid=unit.uuid,
        requested_by_id=staff.user_id,
        local_repository_id=mapping.repository_id,
        local_structure_id=mapping.structure_id,
        remote_repository_id=repository_id,
        remote_structure_id=structure_id,
        remote_name=name,
        urgent=urgent,
        urgency_reason=reason_text,
        progress={**(progress or {}), **({"urgency_code": reason_code} if reason_code else {})},
        next_attempt_at=timezone.now(),
        **fields,
    )


def request_send_document(
    *,
    staff,
    process: Process,
    document: Document,
    attachments: list[Document],
    repository_id: int,
    structure_id: int,
    urgent: bool = False,
    urgency_reason: int | None = None,
) -> Envelope:
    """'Enviar documento para outro órgão': one signed document of the process, its
    anexos as further components, to a structure (`POST tramites/documento`). The process
    stays here and editable; its history and the document record where it went."""
    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    unit = external.check_can_send_document(
        staff=staff, process=process, document=document, attachments=attachments
    )
    mapping = _own_mapping(tenant, unit, repository_id, structure_id)
    try:
        with client() as tramita:
            name = _destination(tramita, repository_id, structure_id)
            reason_text, reason_code = _urgency(tramita, urgent, urgency_reason)
    except NotConfigured as exc:
        raise unavailable(exc) from exc
    with transaction.atomic():
        require_editable(process)
        if (
            Envelope.objects.filter(
                tenant=tenant,
                document_uuid=document.uuid,
                direction=D.OUTBOUND,
                remote_repository_id=repository_id,
                remote_structure_id=structure_id,
            )
            .exclude(status__in=Envelope.FINAL)
            .exists()
        ):
            raise CoreError(
                "already_sending",
                _("Este documento já está sendo enviado para este destino."),
                status=409,
            )
        external.record_document_event(
            process,
            action="external_document_requested",
            description=_("Envio de %(document)s para %(to)s solicitado via Tramita GOV.BR")
            % {"document": document, "to": name},
            staff=staff,
            document=str(document.uuid),
            destination=name,
            attachments=[str(a.uuid) for a in attachments],
        )
        envelope = _outbound(
            tenant=tenant,
            process=process,
            unit=unit,
            staff=staff,
            mapping=mapping,
            repository_id=repository_id,
            structure_id=structure_id,
            name=name,
            urgent=urgent,
            reason_text=reason_text,
            reason_code=reason_code,
            kind=Envelope.Kind.DOCUMENT,
            document_uuid=document.uuid,
            progress={"attachments": [str(a.uuid) for a in attachments]},
        )
        log(
            envelope,
            "requested",
            f"Envio de {document} ({len(attachments)} anexo(s)) para {name} solicitado.",
            user_id=staff.user_id,
        )
        transaction.on_commit(lambda: enqueue(envelope.pk))
    return envelope


def request_send(
    *,
    staff,
    process: Process,
    repository_id: int,
    structure_id: int,
    urgent: bool = False,
    urgency_reason: int | None = None,
) -> Envelope:
    """'Enviar para outro órgão': runs in the municipality's schema."""
    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    unit = external.check_can_send(staff=staff, process=process)
    mapping = _own_mapping(tenant, unit, repository_id, structure_id)
    try:
        with client() as tramita:
            name = _destination(tramita, repository_id, structure_id)
            reason_text, reason_code = _urgency(tramita, urgent, urgency_reason)
    except NotConfigured as exc:
        raise unavailable(exc) from exc
    with transaction.atomic():
        require_editable(process)  # again, holding the row: nothing changes it meanwhile
        if (
            Envelope.objects.filter(
                tenant=tenant,
                process_uuid=process.uuid,
                direction=D.OUTBOUND,
                kind=Envelope.Kind.PROCESS,
            )
            .exclude(status__in=Envelope.FINAL)
            .exists()
        ):
            raise CoreError(
                "already_sending", _("Este processo já está sendo enviado."), status=409
            )
        external.lock_for_sending(staff=staff, process=process, destination=name)
        envelope = _outbound(
            tenant=tenant,
            process=process,
            unit=unit,
            staff=staff,
            mapping=mapping,
            repository_id=repository_id,
            structure_id=structure_id,
            name=name,
            urgent=urgent,
            reason_text=reason_text,
            reason_code=reason_code,
        )
        log(envelope, "requested", f"Envio para {name} solicitado.", user_id=staff.user_id)
        transaction.on_commit(lambda: enqueue(envelope.pk))
    return envelope


# --- worker ------------------------------------------------------------------------------


def enqueue(envelope_id: int) -> None:
    from tramita.tasks import nudge

    nudge(envelope_id)


# How long a coordinator's retry or cancel waits for a worker's step on the same
# envelope (usually milliseconds: one poll) before answering "busy".
USER_LOCK_WAIT_SECONDS = 5.0


@contextlib.contextmanager
def envelope_lock(envelope_id: int, *, wait: float = 0.0):
    """The envelope's advisory lock: yields whether it was taken (trying for `wait`
    seconds). Workers never wait: another one is already on it."""
    deadline = time.monotonic() + wait
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, envelope_id])
            got = cursor.fetchone()[0]
        if got or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, envelope_id])


def backoff_seconds(attempts: int) -> float:
    return min(settings.TRAMITA_RETRY_SECONDS * 2 ** max(attempts - 1, 0), 3600)


def run(envelope_id: int, *, tramita: TramitaClient | None = None) -> str | None:
    """Advance one envelope as far as it goes now. Returns its status (None: busy)."""
    with envelope_lock(envelope_id) as got:
        if not got:
            return None
        envelope = Envelope.objects.select_related("tenant").get(pk=envelope_id)
        if envelope.final or envelope.status == S.FAILED:
            return envelope.status
        own = tramita is None
        try:
            tramita = tramita or client()
            step = outbound.advance if envelope.direction == D.OUTBOUND else inbound.advance
            step(envelope, tramita)
            if envelope.attempts and envelope.status != S.FAILED:
                envelope.attempts = 0
                save(envelope)
        except TramitaError as exc:
            _failed_step(envelope, exc)
        finally:
            if own and tramita is not None:
                tramita.close()
        return envelope.status


def _failed_step(envelope: Envelope, exc: TramitaError) -> None:
    envelope.attempts += 1
    envelope.last_error = str(exc)[:2000]
    # 0044: a trâmite of this process is in progress - an earlier attempt's, which the
    # next attempt finds and cancels or adopts (outbound.start).
    retryable = isinstance(exc, TramitaUnavailable) or exc.code == "0044"
    if retryable and envelope.attempts < settings.TRAMITA_MAX_ATTEMPTS:
        delay = backoff_seconds(envelope.attempts)
        envelope.next_attempt_at = timezone.now() + timezone.timedelta(seconds=delay)
        save(envelope)
        log(envelope, "retry", f"Tentativa {envelope.attempts} falhou: {exc}", delay=delay)
    else:
        envelope.status = S.FAILED
        envelope.next_attempt_at = None
        save(envelope)
        log(envelope, "failed", f"Falha: {exc}")
        logger.warning("tramita envelope %s failed: %s", envelope.pk, exc)


def due(limit: int = 500) -> list[int]:
    """Envelopes whose next step is due (the sweep that makes a lost task harmless)."""
    now = timezone.now()
    return list(
        Envelope.objects.filter(
            status__in=[S.QUEUED, S.SENDING, S.RECEIVING, S.IN_TRANSIT],
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def poll(tramita: TramitaClient | None = None) -> list[int]:
    """Read `tramites/pendentes` once: new inbound trâmites get their envelope (one per
    IDT, however often the entry is repeated); a trâmite in status 1 that we did not start
    is a repeat the destination asked for, whose components we upload again; the
    envelopes concerned are returned to be run, with every other due one."""
    own = tramita is None
    tramita = tramita or client()
    ids: set[int] = set()
    try:
        pending = tramita.pending()
        now = timezone.now()
        for entry in pending:
            idt, status = int(entry["IDT"]), int(entry.get("status") or 0)
            if status in (2, 3, 4):
                envelope, created = Envelope.objects.get_or_create(
                    direction=D.INBOUND,
                    idt=idt,
                    defaults={"status": S.RECEIVING, "situation": status, "next_attempt_at": now},
                )
                if created:
                    log(envelope, "pending", f"Trâmite {idt} aguardando recebimento.")
            elif status in (5, 8):
                envelope = Envelope.objects.filter(direction=D.OUTBOUND, idt=idt).first()
                if envelope is None:
                    continue
                if envelope.status == S.IN_TRANSIT:
                    Envelope.objects.filter(pk=envelope.pk).update(next_attempt_at=now)
            elif status == 1:
                if Envelope.objects.filter(direction=D.OUTBOUND, idt=idt).exists():
                    continue  # ours, being sent
                envelope = adopt_reproduction(tramita, idt)
                if envelope is None:
                    continue
            else:
                continue
            if not envelope.final:
                ids.add(envelope.pk)
    finally:
        if own:
            tramita.close()
    return sorted(ids | set(due()))


def adopt_reproduction(tramita: TramitaClient, idt: int) -> Envelope | None:
    """Tramita repeated one of our trâmites at the destination's request
    (`reproducoes-de-tramite`): a new IDT under the same NRE, in status 1, waiting for the
    components again. The earlier envelope's frozen components are uploaded again with
    the new ticket; nothing is rebuilt, so the hashes are the same."""
    try:
        meta = tramita.metadata(idt)
    except TramitaError as exc:
        logger.warning("tramita: metadata of pending trâmite %s unavailable: %s", idt, exc)
        return None
    if not (meta.get("reproducaoDeTramite") or meta.get("reproducaoDeProcesso")):
        return None  # one of ours whose start answer was lost: its envelope recovers it
    nre = str(meta.get("nre") or meta.get("NRE") or "")
    destination = (meta.get("destinatario") or {}).get("numeroDeIdentificacaoDaEstrutura")
    original = (
        Envelope.objects.filter(direction=D.OUTBOUND, nre=nre, remote_structure_id=destination)
        .exclude(components=[])
        .select_related("tenant")
        .order_by("-created_at")
        .first()
        if nre and destination
        else None
    )
    if original is None:
        logger.warning("tramita: repeat %s of unknown NRE %s ignored", idt, nre)
        return None
    tramite = tramita.tramite(idt) or {}
    wanted = tramite.get("hashDosComponentesPendentesDeEnvio")
    if wanted is None:
        wanted = [c["hash"] for c in original.components]
    progress = {
        k: original.progress[k]
        for k in ("processo", "documento", "protocolo", "attachments")
        if k in original.progress
    }
    progress.update(started=True, solicited=list(wanted), uploaded=[])
    try:
        with transaction.atomic():
            envelope = Envelope.objects.create(
                direction=D.OUTBOUND,
                kind=original.kind,
                status=S.SENDING,
                tenant=original.tenant,
                process_uuid=original.process_uuid,
                document_uuid=original.document_uuid,
                process_number=original.process_number,
                unit_uuid=original.unit_uuid,
                local_repository_id=original.local_repository_id,
                local_structure_id=original.local_structure_id,
                remote_repository_id=original.remote_repository_id,
                remote_structure_id=original.remote_structure_id,
                remote_name=original.remote_name,
                idt=idt,
                nre=nre,
                ticket=str(meta.get("ticketParaReenvioDeComponentesDigitais") or ""),
                situation=1,
                components=original.components,
                progress=progress,
                reproduction_of=original,
                next_attempt_at=timezone.now(),
            )
            log(
                envelope,
                "reproduction",
                f"{original.remote_name} pediu a reprodução do trâmite {original.idt}: "
                f"novo trâmite {idt}, componentes reenviados.",
                original=str(original.uuid),
            )
    except IntegrityError:  # another poll adopted it at the same moment
        return Envelope.objects.filter(direction=D.OUTBOUND, idt=idt).first()
    with schema_context(original.tenant.schema_name):
        process = Process.objects.filter(uuid=original.process_uuid).first()
        if process is not None:
            external.record_document_event(
                process,
                action="external_reproduction",
                description=_("%s pediu a reprodução do trâmite via Tramita GOV.BR")
                % original.remote_name,
                idt=idt,
                original_idt=original.idt,
            )
    return envelope


# --- coordinators --------------------------------------------------------------------------


def retry(envelope: Envelope, *, user) -> Envelope:
    """A new attempt now, from where the envelope stopped. Refused while a worker is on
    it (its save would overwrite ours)."""
    with envelope_lock(envelope.pk, wait=USER_LOCK_WAIT_SECONDS) as got:
        if not got:
            raise CoreError("envelope_busy", _("O trâmite está em processamento."), status=409)
        envelope.refresh_from_db()
        _reschedule(envelope, user)
    transaction.on_commit(lambda: enqueue(envelope.pk))
    return envelope


def _reschedule(envelope: Envelope, user) -> None:
    if envelope.final:
        raise CoreError("envelope_final", _("Este trâmite já terminou."), status=409)
    envelope.status = S.SENDING if envelope.direction == D.OUTBOUND else S.RECEIVING
    if envelope.direction == D.OUTBOUND and envelope.situation >= 2 and envelope.idt:
        envelope.status = S.IN_TRANSIT if envelope.receipts.get("sending") else S.SENDING
    envelope.attempts = 0
    envelope.next_attempt_at = timezone.now()
    save(envelope)
    log(envelope, "retry_requested", f"Nova tentativa solicitada por {user}.")


def request_repeat(envelope: Envelope, *, user, tramita: TramitaClient | None = None) -> Envelope:
    """As the destination of an inbound trâmite that ended (refused: a corrupted or
    purged component, say) or failed, ask Tramita for its repetition
    (`reproducoes-de-tramite`); the sender uploads the components again and the new
    trâmite arrives through the pending list like any other."""
    if envelope.direction != D.INBOUND:
        raise CoreError("not_inbound", _("Só é possível pedir a reprodução de um recebimento."))
    if not envelope.final and envelope.status != S.FAILED:
        raise CoreError("envelope_not_final", _("O trâmite ainda está em andamento."), status=409)
    if not (envelope.nre and envelope.local_structure_id):
        raise CoreError(
            "repeat_unavailable", _("Este trâmite não tem os dados para pedir a reprodução.")
        )
    own = tramita is None
    try:
        tramita = tramita or client()
        answer = tramita.repeat(
            envelope.nre, envelope.local_repository_id, envelope.local_structure_id
        )
    except (TramitaUnavailable, NotConfigured) as exc:
        raise unavailable(exc) from exc
    except TramitaError as exc:
        raise CoreError("tramita_error", _("Tramita GOV.BR: %s") % exc.message) from exc
    finally:
        if own and tramita is not None:
            tramita.close()
    log(
        envelope,
        "repeat_requested",
        f"Reprodução do trâmite solicitada por {user}.",
        answer=answer if isinstance(answer, dict) else None,
    )
    return envelope


def cancel(envelope: Envelope, *, user, tramita: TramitaClient | None = None) -> Envelope:
    """Outbound: cancel the trâmite (possible until the receipt, 1-4) and release the
    process. Inbound: refuse it with the coordinator's reason."""
    if envelope.final:
        raise CoreError("envelope_final", _("Este trâmite já terminou."), status=409)
    own = tramita is None
    with envelope_lock(envelope.pk, wait=USER_LOCK_WAIT_SECONDS) as got:
        if not got:
            raise CoreError("envelope_busy", _("O trâmite está em processamento."), status=409)
        envelope.refresh_from_db()
        try:
            tramita = tramita or client()
            if envelope.direction == D.OUTBOUND:
                if envelope.idt:
                    situation = int((tramita.tramite(envelope.idt) or {}).get("situacaoAtual") or 0)
                    if situation in (5, 6):
                        raise CoreError(
                            "receipt_sent",
                            _("O destinatário já recebeu o processo; não é possível cancelar."),
                            status=409,
                        )
                    if situation in (1, 2, 3, 4):
                        tramita.cancel(envelope.idt)
                outbound.finish(envelope, S.CANCELLED, 7)
                outbound.release_process(envelope, "external_cancelled")
            else:
                if envelope.idt and envelope.situation in (2, 3, 4):
                    tramita.refuse(
                        envelope.idt,
                        reason=inbound.OTHER,
                        justification="Recebimento cancelado pela coordenação.",
                    )
                outbound.finish(envelope, S.REFUSED, 8)
        except TramitaUnavailable as exc:
            raise unavailable(exc) from exc
        except TramitaError as exc:
            raise CoreError("tramita_error", _("Tramita GOV.BR: %s") % exc.message) from exc
        finally:
            if own and tramita is not None:
                tramita.close()
        log(envelope, "cancelled", f"Cancelado por {user}.")
    return envelope
