"""Receiving a trâmite addressed to one of our structures, step by step:

metadata (→ 3) → route by the destination structure, and only by it (unmapped → refuse)
→ download and verify every component (mismatch → refuse "02"; → 4) → create the process
in the receiving unit's inbox, in the same commit that records it on the envelope →
signed completion receipt (→ 5).

A crash anywhere and a retry give exactly one process and one receipt: the envelope is
unique per IDT, downloaded components are recorded, and the process is created only when
the envelope has none.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_context

from core.models import AccessLevel, Unit
from core.services import ensure_root_unit, external
from tramita import receipts, storage
from tramita.client import TramitaClient, TramitaError
from tramita.models import Envelope, Mapping
from tramita.outbound import MIME_TYPES, finish
from tramita.state import log, save

S = Envelope.Status
LEVELS = {1: AccessLevel.PUBLIC, 2: AccessLevel.RESTRICTED, 3: AccessLevel.SECRET}
# Refusal reasons (motivo)
UNSUPPORTED, CORRUPTED, MISSING, KIND_NOT_MAPPED, OTHER = "01", "02", "03", "04", "99"


def level_of(value) -> str:
    """nivelDeSigilo 1/2/3, sent as a number or as a string (the reference client sends
    strings); anything else is treated as restricted, the safe side."""
    try:
        return LEVELS.get(int(value), AccessLevel.RESTRICTED)
    except (TypeError, ValueError):
        return AccessLevel.RESTRICTED


class Refuse(Exception):
    def __init__(self, reason: str, text: str):
        super().__init__(text)
        self.reason, self.text = reason, text


def advance(envelope: Envelope, client: TramitaClient) -> None:
    if envelope.status in (S.QUEUED, S.FAILED):
        envelope.status = S.RECEIVING
        save(envelope)
    if envelope.status != S.RECEIVING:
        return
    try:
        if "metadata" not in envelope.progress:
            read_metadata(envelope, client)
        if envelope.tenant_id is None:
            route(envelope)
        check(envelope)
        download(envelope, client)
    except Refuse as refusal:
        refuse(envelope, client, refusal.reason, refusal.text)
        return
    if not envelope.process_uuid:
        create_process(envelope)
    send_receipt(envelope, client)


def read_metadata(envelope: Envelope, client: TramitaClient) -> None:
    meta = client.metadata(envelope.idt)
    processo = meta.get("processo")
    if processo is None and meta.get("documento") is not None:
        # A documento avulso: received as a new process holding it (as mod-sei-pen does).
        envelope.kind = Envelope.Kind.DOCUMENT
        processo = {**meta["documento"], "documentos": [{**meta["documento"], "ordem": 1}]}
    if processo is None:
        raise Refuse(OTHER, "O trâmite não traz processo nem documento.")
    sender = meta.get("remetente") or {}
    destination = meta.get("destinatario") or {}
    envelope.nre = str(meta.get("nre") or meta.get("NRE") or "")
    envelope.process_number = str(processo.get("protocolo") or "")[:60]
    envelope.remote_repository_id = int(sender.get("identificacaoDoRepositorioDeEstruturas") or 0)
    envelope.remote_structure_id = int(sender.get("numeroDeIdentificacaoDaEstrutura") or 0)
    envelope.local_repository_id = int(
        destination.get("identificacaoDoRepositorioDeEstruturas") or 0
    )
    envelope.local_structure_id = int(destination.get("numeroDeIdentificacaoDaEstrutura") or 0)
    envelope.situation = max(envelope.situation, 3)
    # v4 (and v3 since mod-sei-pen 4.0.2): the sender repeated its last trâmite at a
    # destination's request; the process (if we created one) is found again by NRE.
    envelope.progress["reproduction"] = bool(
        meta.get("reproducaoDeTramite") or meta.get("reproducaoDeProcesso")
    )
    # What this trâmite brings (components already held under the NRE are not resent);
    # the completion receipt signs exactly these hashes.
    pending = (client.tramite(envelope.idt) or {}).get("hashDosComponentesPendentesDeRecebimento")
    components = []
    for document in processo.get("documentos") or []:
        if document.get("retirado"):
            continue
        for component in document.get("componentesDigitais") or []:
            if pending is not None and (component.get("hash") or {}).get("conteudo") not in pending:
                continue
            order = document.get("ordem")
            if envelope.kind == Envelope.Kind.DOCUMENT:  # its components, in their order
                order = component.get("ordem") or len(components) + 1
            components.append(
                {
                    "ordem": order,
                    "hash": (component.get("hash") or {}).get("conteudo") or "",
                    "size": component.get("tamanhoEmBytes") or 0,
                    "mime": component.get("mimeType") or "",
                    "name": component.get("nome") or "",
                    "type": (document.get("especie") or {}).get("nomeNoProdutor") or "",
                    "description": document.get("descricao") or "",
                }
            )
    envelope.components = components
    envelope.progress["metadata"] = meta
    envelope.progress.setdefault("downloaded", {})
    basis = (processo.get("hipoteseLegal") or {}).get("identificacao")
    if basis is not None:  # sent by id only: its name is matched to the city's bases
        names = {str(h["identificacao"]): h["nome"] for h in client.hipoteses()}
        envelope.progress["legal_basis_name"] = names.get(str(basis), "")
    try:
        envelope.remote_name = client.structure(
            envelope.remote_repository_id, envelope.remote_structure_id
        ).get("nome", "")[:300]
    except TramitaError:
        envelope.remote_name = f"estrutura {envelope.remote_structure_id}"
    save(envelope)
    what = "Documento avulso" if envelope.kind == Envelope.Kind.DOCUMENT else "Processo"
    again = " (reprodução de trâmite)" if envelope.progress["reproduction"] else ""
    log(envelope, "metadata", f"{what} {envelope.process_number} de {envelope.remote_name}{again}.")


def route(envelope: Envelope) -> None:
    """The destination structure decides the municipality; nothing else does."""
    mapping = (
        Mapping.objects.select_related("tenant")
        .filter(
            repository_id=envelope.local_repository_id,
            structure_id=envelope.local_structure_id,
            active=True,
        )
        .first()
    )
    if mapping is None:
        raise Refuse(
            OTHER,
            f"A estrutura de destino {envelope.local_structure_id} não está habilitada "
            "para receber processos no Processo Municipal.",
        )
    envelope.tenant = mapping.tenant
    envelope.unit_uuid = mapping.unit_uuid
    save(envelope)
    log(envelope, "routed", f"Destinado a {mapping.tenant.name} ({mapping.name}).")


def check(envelope: Envelope) -> None:
    limit = settings.TRAMITA_MAX_COMPONENT_MB << 20
    if not envelope.components:
        raise Refuse(MISSING, "O processo não tem componentes digitais.")
    for c in envelope.components:
        if not c["hash"] or not isinstance(c["size"], int) or c["size"] <= 0:
            raise Refuse(MISSING, f"Documento {c['ordem']}: componente sem hash ou tamanho.")
        if c["size"] > limit:
            raise Refuse(
                OTHER,
                f"Documento {c['ordem']}: {c['size']} bytes, acima do limite de "
                f"{settings.TRAMITA_MAX_COMPONENT_MB} MB do destinatário.",
            )
        if c["mime"] not in MIME_TYPES:
            raise Refuse(UNSUPPORTED, f"Documento {c['ordem']}: formato {c['mime']} não aceito.")


def _name(envelope: Envelope, component: dict) -> str:
    digest = component["hash"].encode().hex()[:32]
    return f"tramita/in/{envelope.idt}/{component['ordem']}-{digest}"


def download(envelope: Envelope, client: TramitaClient) -> None:
    schema = envelope.tenant.schema_name
    done = envelope.progress.setdefault("downloaded", {})
    protocol = envelope.process_number
    block = settings.TRAMITA_PART_MB << 20
    for component in envelope.components:
        hash_b64 = component["hash"]
        if hash_b64 in done:
            continue
        name = _name(envelope, component)
        key = storage.key_for(schema, name)
        size = component["size"]

        def chunks(c=component, h=hash_b64, s=size):
            if s <= block:
                with client.download(envelope.idt, protocol=protocol, hash_b64=h) as stream:
                    yield from stream
                return
            for begin in range(0, s, block):
                end = min(begin + block, s)
                with client.download(
                    envelope.idt, protocol=protocol, hash_b64=h, begin=begin, end=end
                ) as stream:
                    yield from stream

        try:
            written = storage.write(key, chunks(), limit=size)
        except ValueError as exc:
            raise Refuse(CORRUPTED, f"Documento {component['ordem']}: {exc}.") from exc
        if written.sha256_b64 != hash_b64 or written.size != size:
            storage.delete(key)
            raise Refuse(
                CORRUPTED,
                f"Documento {component['ordem']}: o conteúdo recebido não confere com o hash "
                "informado (componente corrompido).",
            )
        done[hash_b64] = {"name": name, "sha256": written.sha256_hex}
        save(envelope)
    envelope.situation = max(envelope.situation, 4)
    save(envelope)


def create_process(envelope: Envelope) -> None:
    meta = envelope.progress["metadata"]
    standalone = envelope.kind == Envelope.Kind.DOCUMENT
    processo = meta["documento"] if standalone else meta["processo"]
    done = envelope.progress["downloaded"]
    hipotese = envelope.progress.get("legal_basis_name", "")
    protocol = str(processo.get("protocolo") or "")
    summary = str(processo.get("descricao") or "")
    if standalone:
        kind = (processo.get("especie") or {}).get("nomeNoProdutor") or "Documento"
        summary = f"{kind} {protocol} recebido de {envelope.remote_name}: {summary}".strip(": ")
    received = external.ReceivedProcess(
        protocol=protocol,
        summary=summary,
        type_name="" if standalone else str(processo.get("processoDeNegocio") or ""),
        access_level=level_of(processo.get("nivelDeSigilo")),
        legal_basis_name=hipotese,
        parties=[
            {"name": p.get("nome"), "document": p.get("numeroDeIdentificacao")}
            for p in processo.get("interessados") or []
        ],
        documents=[
            external.ReceivedDocument(
                type_name=c["type"],
                description=(
                    f"Anexo {n} de {c['description'] or c['type']}"
                    if standalone and n > 1
                    else c["description"]
                ),
                file_key=done[c["hash"]]["name"],
                original_name=c["name"],
                content_type=c["mime"],
                size=c["size"],
                sha256=done[c["hash"]]["sha256"],
            )
            for n, c in enumerate(envelope.components, start=1)
        ],
    )
    earlier = (
        Envelope.objects.filter(tenant=envelope.tenant, nre=envelope.nre)
        .exclude(process_uuid=None)
        .exclude(pk=envelope.pk)
        .order_by("-created_at")
        .values_list("process_uuid", flat=True)
        .first()
        if envelope.nre
        else None
    )
    with schema_context(envelope.tenant.schema_name), transaction.atomic():
        locked = Envelope.objects.select_for_update().get(pk=envelope.pk)
        if locked.process_uuid:  # created by an attempt that crashed after its commit
            envelope.process_uuid = locked.process_uuid
            return
        unit = None
        if envelope.unit_uuid:
            unit = Unit.objects.filter(uuid=envelope.unit_uuid, active=True).first()
        unit = unit or ensure_root_unit()
        process = external.receive(
            received,
            unit=unit,
            origin=envelope.remote_name,
            existing_uuid=earlier,
            standalone=standalone,
            # The sender's identifiers, kept in the history of the process.
            protocol=protocol,
            nre=envelope.nre,
            idt=envelope.idt,
            sender_repository=envelope.remote_repository_id,
            sender_structure=envelope.remote_structure_id,
            reproduction=bool(envelope.progress.get("reproduction")),
        )
        envelope.process_uuid = process.uuid
        envelope.unit_uuid = unit.uuid
        save(envelope)
        what = f"Processo {process}" if standalone else "Processo"
        log(envelope, "created", f"{what} criado na unidade {unit.acronym}.")


def send_receipt(envelope: Envelope, client: TramitaClient) -> None:
    received_at = receipts.timestamp()
    hashes = [c["hash"] for c in envelope.components]
    signature = receipts.sign(receipts.text(envelope.idt, envelope.nre, received_at, hashes))
    client.change(
        envelope.idt,
        lambda: client.send_receipt(envelope.idt, received_at=received_at, signature_b64=signature),
        into={5, 6},
    )
    envelope.receipts["completion"] = {"dataDeRecebimento": received_at, "assinatura": signature}
    finish(envelope, S.COMPLETED, 5)
    log(envelope, "completed", "Recibo de conclusão enviado.")


def refuse(envelope: Envelope, client: TramitaClient, reason: str, text: str) -> None:
    client.change(
        envelope.idt,
        lambda: client.refuse(envelope.idt, reason=reason, justification=text),
        into={8, 9},
    )
    for item in (envelope.progress.get("downloaded") or {}).values():
        if envelope.tenant_id:
            storage.delete(storage.key_for(envelope.tenant.schema_name, item["name"]))
    envelope.progress["downloaded"] = {}
    envelope.refusal_reason, envelope.refusal_text = reason, text[:1000]
    finish(envelope, S.REFUSED, 8)
    log(envelope, "refused", f"Recusado (motivo {reason}): {text}")
