"""Sending a process to another body, step by step. Each step records what it did on the
envelope before the next begins, and checks that record first, so a crash anywhere and
a retry never register a second trâmite nor change a hash:

freeze (components frozen in S3, metadata built) → start (IDT, NRE, ticket) → upload
(only the solicited hashes, large ones in parts) → sending receipt → follow (completion
receipt 6, refusal 8 → acknowledgement 9, or cancellation 7/10).
"""

from __future__ import annotations

import base64
import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tenants.utils import schema_context

from core.models import AccessLevel, Document, Process
from core.numbering import format_number
from core.services import external
from core.text import fold
from tramita import storage
from tramita.client import TramitaClient, TramitaError, TramitaUnavailable
from tramita.models import Envelope
from tramita.state import log, save

S = Envelope.Status
CANCELLED_TEXT = "[documento cancelado]"  # what SEI sends for a withdrawn document
LEVELS = {AccessLevel.PUBLIC: 1, AccessLevel.RESTRICTED: 2, AccessLevel.SECRET: 3}
MIME_TYPES = {
    "application/pdf",
    "text/xml",
    "text/rtf",
    "text/html",
    "text/plain",
    "text/csv",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/svg+xml",
    "image/tiff",
    "image/bmp",
    "audio/mp4",
    "audio/midi",
    "audio/ogg",
    "audio/vnd.wave",
    "video/avi",
    "video/mpeg",
    "video/mp4",
    "video/ogg",
    "video/webm",
}


def content_kind(mime: str) -> str:
    """As the reference client: text and application types (PDF included) are "txt"."""
    return {"image": "img", "audio": "aud", "video": "vid"}.get(mime.split("/")[0], "txt")


def part_size() -> int:
    return settings.TRAMITA_PART_MB << 20


def advance(envelope: Envelope, client: TramitaClient) -> None:
    if envelope.status in (S.QUEUED, S.FAILED):
        envelope.status = S.SENDING
        save(envelope)
    if envelope.status == S.SENDING:
        if not envelope.components:
            freeze(envelope, client)
        if not envelope.idt:
            start(envelope, client)
        upload(envelope, client)
        if envelope.status == S.SENDING and envelope.idt:
            sending_receipt(envelope, client)
    if envelope.status == S.IN_TRANSIT:
        follow(envelope, client)


# --- freeze ------------------------------------------------------------------------------


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _match(name: str, options: list[tuple[int, str]], default: tuple[int, str]):
    wanted = fold(name)
    for code, label in options:
        if fold(label) == wanted:
            return code, label
    for code, label in options:
        if wanted and (wanted in fold(label) or fold(label) in wanted):
            return code, label
    return default


def _component(envelope: Envelope, document: Document, schema: str, order: int):
    """One document's frozen bytes: (componenteDigital for the metadata, our record)."""
    if document.cancelled_at is not None:
        # A cancelled document goes as SEI sends one: `retirado`, its component the text
        # below (hash over it, size 0), never uploaded.
        data = CANCELLED_TEXT.encode()
        key, mime, filename, size = "", "text/html", "cancelado.html", 0
        sha_b64 = base64.b64encode(hashlib.sha256(data).digest()).decode()
    elif document.kind == Document.Kind.INTERNAL:
        version = document.versions.order_by("-version").first()
        data = version.html.encode()
        name = f"tramita/out/{envelope.uuid}/{document.uuid}.html"
        key = storage.key_for(schema, name)
        written = storage.write(key, [data])
        mime, filename = "text/html", f"{document}.html"
        size, sha_b64 = written.size, written.sha256_b64
    else:
        key = storage.key_for(schema, document.file.name)
        mime = document.content_type or "application/octet-stream"
        filename = document.original_name or document.file.name.rsplit("/", 1)[-1]
        size = document.size
        sha_b64 = base64.b64encode(bytes.fromhex(document.sha256)).decode()
    component = {
        "ordem": order,
        "nome": filename[:255],
        "hash": {"algoritmo": "SHA256", "conteudo": sha_b64},
        "tamanhoEmBytes": size,
        "mimeType": mime if mime in MIME_TYPES else "outro",
        "tipoDeConteudo": content_kind(mime),
    }
    if mime not in MIME_TYPES:
        component["dadosComplementaresDoTipoDeArquivo"] = mime
    record = {
        "document": str(document.uuid),
        "key": key,
        "size": size,
        "hash": sha_b64,
        "mime": mime,
        "parted": document.kind == Document.Kind.EXTERNAL or size > part_size(),
    }
    return component, record


def _document_payload(document, *, order, level, producer, especies, components) -> dict:
    especie = _match(document.document_type.name, especies, (999, "Outra"))
    return {
        "ordem": order,
        "descricao": (document.description or str(document))[:100],
        "retirado": document.cancelled_at is not None,
        "nivelDeSigilo": level,
        "dataHoraDeProducao": _iso(document.created_at),
        "dataHoraDeRegistro": _iso(document.created_at),
        "produtor": producer,
        "especie": {"codigo": especie[0], "nomeNoProdutor": document.document_type.name[:100]},
        "identificacao": {
            "numero": str(document.number or ""),
            "siglaDaUnidadeProdutora": document.unit.acronym,
            "ano": document.number_year or document.created_at.year,
        },
        "componentesDigitais": components,
    }


def document_protocol(process: Process, document: Document) -> str:
    """A documento avulso's protocol in Tramita: the process's NUP and the document's
    position in it (our documents have no protocol of their own)."""
    return f"{format_number(process.number)}-{document.position:03d}"


def freeze(envelope: Envelope, client: TramitaClient) -> None:
    """The bytes to send, frozen: external documents are already immutable in S3;
    internal ones are written once, as their signed HTML, under the envelope's key.
    The metadata is built once from them and kept, so a resend sends the same hashes."""
    schema = envelope.tenant.schema_name
    especies = [(e["codigo"], e["nomeNoProdutor"]) for e in client.especies()]
    hipoteses = [(h["identificacao"], h["nome"]) for h in client.hipoteses()]
    components = []
    with schema_context(schema):
        process = Process.objects.select_related("process_type", "legal_basis", "unit").get(
            uuid=envelope.process_uuid
        )
        level = LEVELS[process.access_level]
        producer = {
            "nome": envelope.tenant.name[:150],
            "tipo": "orgaopublico",
            "unidade": {"nome": process.unit.name[:150], "tipo": "orgaopublico"},
        }
        legal_basis = None
        if process.legal_basis_id:
            code, _name = _match(process.legal_basis.name, hipoteses, hipoteses[0])
            legal_basis = {"identificacao": code}
        parties = [
            {"nome": p.name[:150], "numeroDeIdentificacao": p.document}
            for p in process.parties.all()
        ]
        documents = process.documents.select_related("document_type", "unit").order_by("position")
        if envelope.kind == Envelope.Kind.DOCUMENT:
            _freeze_document(
                envelope, process, schema, level, producer, especies, legal_basis, parties
            )
            return
        payload_documents = []
        for order, document in enumerate(documents, start=1):
            component, record = _component(envelope, document, schema, 1)
            payload_documents.append(
                _document_payload(
                    document,
                    order=order,
                    level=level,
                    producer=producer,
                    especies=especies,
                    components=[component],
                )
            )
            if document.cancelled_at is not None:
                continue  # withdrawn: nothing to upload
            components.append({**record, "ordem": order})
        processo = {
            "protocolo": format_number(process.number),
            "nivelDeSigilo": level,
            "descricao": process.summary[:100],
            "processoDeNegocio": process.process_type.name[:100],
            "dataHoraDeProducao": _iso(process.created_at),
            "dataHoraDeRegistro": _iso(process.created_at),
            "produtor": producer,
            "interessados": parties,
            "documentos": payload_documents,
            "processoApensado": [],
            "itensHistorico": [],
        }
        if legal_basis:
            processo["hipoteseLegal"] = legal_basis
    envelope.components = components
    envelope.process_number = processo["protocolo"]
    envelope.progress["processo"] = processo
    save(envelope)
    log(envelope, "frozen", f"{len(components)} componente(s) preparados para envio.")


def _freeze_document(envelope, process, schema, level, producer, especies, legal_basis, parties):
    """A documento avulso: the document, then its anexos, as the components (in that
    order) of one `documento`."""
    wanted = [envelope.document_uuid, *envelope.progress.get("attachments", [])]
    found = {
        str(d.uuid): d
        for d in process.documents.select_related("document_type", "unit").filter(uuid__in=wanted)
    }
    chosen = [found[str(u)] for u in wanted]
    main = chosen[0]
    payload, components = [], []
    for order, document in enumerate(chosen, start=1):
        component, record = _component(envelope, document, schema, order)
        payload.append(component)
        components.append({**record, "ordem": order})
    documento = _document_payload(
        main, order=1, level=level, producer=producer, especies=especies, components=payload
    )
    documento.pop("ordem")
    documento["protocolo"] = document_protocol(process, main)
    documento["interessados"] = parties
    if legal_basis:
        documento["hipoteseLegal"] = legal_basis
    envelope.components = components
    envelope.process_number = format_number(process.number)
    envelope.progress["protocolo"] = documento["protocolo"]
    envelope.progress["documento"] = documento
    save(envelope)
    log(envelope, "frozen", f"Documento avulso com {len(components)} componente(s) preparado.")


# --- start -------------------------------------------------------------------------------


def protocol(envelope: Envelope) -> str:
    """The protocol the trâmite carries: the process's NUP, or the document's."""
    return envelope.progress.get("protocolo") or envelope.process_number


def _ours(envelope: Envelope, party: dict) -> bool:
    return str(party.get("numeroDeIdentificacaoDaEstrutura")) == str(envelope.local_structure_id)


def _recover(envelope: Envelope, client: TramitaClient) -> None:
    """An earlier attempt may have registered a trâmite whose answer we never got.
    A trâmite still waiting for components (1) is cancelled, as the reference client
    does, and its NRE kept; one that needs nothing from us is adopted."""
    for tramite in client.tramites(protocolo=protocol(envelope)):
        if not _ours(envelope, tramite.get("remetente") or {}):
            continue
        situation = int(tramite.get("situacaoAtual") or 0)
        envelope.nre = envelope.nre or str(tramite.get("NRE") or "")
        if situation == 1:
            idt = tramite["IDT"]
            client.change(idt, lambda idt=idt: client.cancel(idt), into={7, 10})
            log(envelope, "recovered", f"Trâmite {tramite['IDT']} incompleto cancelado.")
        elif situation in (2, 3, 4, 5) and _ours(envelope, tramite.get("remetente") or {}):
            same_destination = str(
                (tramite.get("destinatario") or {}).get("numeroDeIdentificacaoDaEstrutura")
            ) == str(envelope.remote_structure_id)
            if (
                same_destination
                and not Envelope.objects.filter(
                    direction=Envelope.Direction.OUTBOUND, idt=tramite["IDT"]
                ).exists()
            ):
                envelope.idt, envelope.nre = tramite["IDT"], str(tramite["NRE"])
                envelope.situation = situation
                envelope.progress["solicited"] = []
                save(envelope)
                log(envelope, "adopted", f"Trâmite {envelope.idt} retomado.")
                return


def header(envelope: Envelope) -> dict:
    ours = {
        "identificacaoDoRepositorioDeEstruturas": envelope.local_repository_id,
        "numeroDeIdentificacaoDaEstrutura": str(envelope.local_structure_id),
    }
    theirs = {
        "identificacaoDoRepositorioDeEstruturas": envelope.remote_repository_id,
        "numeroDeIdentificacaoDaEstrutura": str(envelope.remote_structure_id),
    }
    cabecalho = {"remetente": ours, "urgencia": envelope.urgent}
    if envelope.urgent and envelope.progress.get("urgency_code"):
        # The reason's code (its position in motivosUrgencia); the reference client sends
        # the boolean here by mistake (PE:908-910).
        cabecalho["motivoDaUrgencia"] = envelope.progress["urgency_code"]
    cabecalho["propriedadesAdicionais"] = [{"chave": "sistema", "valor": "Processo Municipal"}]
    if envelope.kind == Envelope.Kind.DOCUMENT:
        cabecalho["destinatarios"] = [theirs]
    else:
        cabecalho["destinatario"] = theirs
        cabecalho["enviarApenasComponentesDigitaisPendentes"] = bool(envelope.nre)
        if envelope.nre:
            cabecalho["NRE"] = envelope.nre
    return cabecalho


def start(envelope: Envelope, client: TramitaClient) -> None:
    if envelope.progress.get("started"):
        _recover(envelope, client)
        if envelope.idt:
            return
    document = envelope.kind == Envelope.Kind.DOCUMENT
    if not envelope.nre and not document:  # a standalone document carries no NRE
        earlier = (
            Envelope.objects.filter(
                tenant=envelope.tenant,
                process_uuid=envelope.process_uuid,
                kind=Envelope.Kind.PROCESS,
            )
            .exclude(nre="")
            .order_by("-created_at")
            .values_list("nre", flat=True)
            .first()
        )
        envelope.nre = earlier or ""
    envelope.progress["started"] = True
    save(envelope)
    if document:
        answer = client.start_document(
            {"cabecalho": header(envelope), "documento": envelope.progress["documento"]}
        )
        [tramite] = answer.get("tramites") or [{}]
        solicited = answer.get("hashesDosComponentesDigitaisSolicitados")
        if solicited is None:  # not in the sources: then every component is wanted
            solicited = [c["hash"] for c in envelope.components]
        envelope.idt = int(tramite["IDT"])
        envelope.nre = str(tramite.get("NRE") or "")
    else:
        answer = client.start_process(
            {"cabecalho": header(envelope), "processo": envelope.progress["processo"]}
        )
        solicited = []
        for item in answer.get("processosComComponentesDigitaisSolicitados") or []:
            solicited.extend(item.get("hashes") or [])
        envelope.idt = int(answer["IDT"])
        envelope.nre = str(answer["NRE"])
    envelope.ticket = str(answer.get("ticketParaEnvioDeComponentesDigitais") or "")
    envelope.situation = 1
    envelope.progress["solicited"] = solicited
    envelope.progress["uploaded"] = []
    save(envelope)
    log(
        envelope,
        "started",
        f"Trâmite {envelope.idt} registrado (NRE {envelope.nre or '-'}); "
        f"{len(set(solicited))} componente(s) solicitado(s).",
    )


# --- upload ------------------------------------------------------------------------------


def _restart_if_gone(envelope: Envelope, client: TramitaClient, error: TramitaError) -> None:
    tramite = client.tramite(envelope.idt) or {}
    if int(tramite.get("situacaoAtual") or 0) in (7, 10):
        log(envelope, "restart", f"Trâmite {envelope.idt} cancelado no Tramita; novo envio.")
        envelope.idt, envelope.ticket = None, ""
        envelope.progress.pop("started", None)
        envelope.progress["solicited"], envelope.progress["uploaded"] = [], []
        save(envelope)
        raise TramitaUnavailable(error.status, error.code, f"novo envio: {error.message}")
    raise error


def upload(envelope: Envelope, client: TramitaClient) -> None:
    solicited = set(envelope.progress.get("solicited") or [])
    done = set(envelope.progress.get("uploaded") or [])
    protocolo = protocol(envelope)
    for component in envelope.components:
        hash_b64 = component["hash"]
        if hash_b64 not in solicited or hash_b64 in done:
            continue
        key, size = component["key"], component["size"]
        try:
            if component["parted"]:
                block = part_size()
                for begin in range(0, size, block):
                    end = min(begin + block, size)
                    client.upload_part(
                        envelope.ticket,
                        protocol=protocolo,
                        hash_b64=hash_b64,
                        begin=begin,
                        end=end,
                        chunks=lambda k=key, b=begin, e=end: storage.read(k, b, e),
                    )
                client.finish_parts(envelope.ticket, protocol=protocolo, hash_b64=hash_b64)
            else:
                client.upload_component(
                    envelope.ticket,
                    protocol=protocolo,
                    hash_b64=hash_b64,
                    size=size,
                    chunks=lambda k=key: storage.read(k),
                )
        except TramitaUnavailable:
            raise
        except TramitaError as exc:
            _restart_if_gone(envelope, client, exc)
        done.add(hash_b64)
        envelope.progress["uploaded"] = sorted(done)
        save(envelope)
        log(envelope, "uploaded", f"Componente do documento {component['ordem']} enviado.")


def sending_receipt(envelope: Envelope, client: TramitaClient) -> None:
    receipt = client.sending_receipt(envelope.idt)
    envelope.receipts["sending"] = receipt
    envelope.situation = max(envelope.situation, 2)
    envelope.status = S.IN_TRANSIT
    envelope.next_attempt_at = timezone.now()
    save(envelope)
    log(envelope, "sent", "Componentes aceitos pelo Tramita GOV.BR; aguardando o destinatário.")


# --- follow ------------------------------------------------------------------------------


def follow(envelope: Envelope, client: TramitaClient) -> None:
    tramite = client.tramite(envelope.idt)
    if tramite is None:
        raise TramitaError(404, "", f"Trâmite {envelope.idt} não encontrado no Tramita.")
    situation = int(tramite.get("situacaoAtual") or 0)
    if situation in (5, 6):
        receipt = client.completion_receipt(envelope.idt)
        ours = sorted({c["hash"] for c in envelope.components})
        theirs = sorted((receipt.get("recibo") or {}).get("hashesDosComponentesDigitais") or [])
        if theirs != ours:
            raise TramitaError(200, "receipt", "Recibo de conclusão com hashes divergentes.")
        envelope.receipts["completion"] = receipt
        finish(envelope, S.COMPLETED, 6)
        release_process(envelope, "external_completed", close=True)
        log(envelope, "completed", f"Recebido por {envelope.remote_name}: trâmite concluído.")
    elif situation in (8, 9):
        if situation == 8:
            client.acknowledge_refusal(envelope.idt)
        envelope.refusal_reason = str(tramite.get("motivoDaRecusa") or "")[:2]
        envelope.refusal_text = str(tramite.get("justificativaDaRecusa") or "")[:1000]
        finish(envelope, S.REFUSED, 9)
        release_process(envelope, "external_refused")
        log(envelope, "refused", f"Recusado por {envelope.remote_name}: {envelope.refusal_text}")
    elif situation in (7, 10):
        finish(envelope, S.CANCELLED, situation)
        release_process(envelope, "external_cancelled")
        reason = "automaticamente pelo Tramita" if situation == 10 else "pelo remetente"
        log(envelope, "cancelled", f"Trâmite cancelado {reason}.")
    else:
        envelope.situation = situation
        envelope.next_attempt_at = timezone.now() + timezone.timedelta(
            seconds=settings.TRAMITA_POLL_SECONDS
        )
        save(envelope)


def finish(envelope: Envelope, status: str, situation: int) -> None:
    envelope.status, envelope.situation = status, situation
    envelope.completed_at = timezone.now()
    envelope.next_attempt_at = None
    envelope.last_error = ""
    save(envelope)


DESCRIPTIONS = {
    "external_completed": gettext_noop("Processo recebido por %s via Tramita GOV.BR"),
    "external_refused": gettext_noop("Processo recusado por %s via Tramita GOV.BR"),
    "external_cancelled": gettext_noop("Envio para %s via Tramita GOV.BR cancelado"),
}
DOCUMENT_DESCRIPTIONS = {
    "external_completed": gettext_noop("%(document)s recebido por %(to)s via Tramita GOV.BR"),
    "external_refused": gettext_noop("%(document)s recusado por %(to)s via Tramita GOV.BR"),
    "external_cancelled": gettext_noop(
        "Envio de %(document)s para %(to)s via Tramita GOV.BR cancelado"
    ),
}


def release_process(envelope: Envelope, action: str, *, close: bool = False) -> None:
    """The trâmite ended: the process's history says so. A process is released (or
    closed in the sending unit when received); a documento avulso never held it."""
    with schema_context(envelope.tenant.schema_name):
        process = Process.objects.get(uuid=envelope.process_uuid)
        if envelope.kind == Envelope.Kind.DOCUMENT:
            document = Document.objects.select_related("document_type").get(
                uuid=envelope.document_uuid
            )
            description = _(DOCUMENT_DESCRIPTIONS[action]) % {
                "document": document,
                "to": envelope.remote_name,
            }
            if envelope.refusal_text and action == "external_refused":
                description += f": {envelope.refusal_text}"
            external.record_document_event(
                process,
                action=action.replace("external_", "external_document_"),
                description=description,
                idt=envelope.idt,
                document=str(document.uuid),
            )
            return
        description = _(DESCRIPTIONS[action]) % envelope.remote_name
        if envelope.refusal_text and action == "external_refused":
            description += f": {envelope.refusal_text}"
        external.release(
            process,
            action=action,
            description=description,
            close_in=envelope.unit_uuid if close else None,
            idt=envelope.idt,
        )
