"""Peticionamento eletrônico (spec §2, §3): staged uploads, the simple signature and the
one transaction that creates process, documents, signatures and the receipt."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid as uuidlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from citizens import policy, receipts
from citizens.errors import CitizenError
from citizens.models import (
    Petition,
    PetitionDocument,
    PetitionType,
    PetitionTypeDocument,
    StagedUpload,
)
from citizens.services import signing
from core.models import (
    AccessLevel,
    DocumentType,
    LegalBasis,
    Marker,
    ProcessMarker,
    StaffMember,
)
from core.services.documents import ALLOWED_MIME, add_external_document, check_name
from core.services.processes import open_process

MAX_DOCUMENTS = 99
RECEIPT_TYPE = "Recibo Eletrônico de Protocolo"
MARKER_NAME = "Peticionamento"


@dataclass(frozen=True)
class Auth:
    """How this session signed in: what a simple signature records."""

    method: str | None
    level: str | None
    auth_time: float
    amr: tuple
    ip: str | None

    @classmethod
    def of(cls, request) -> Auth:
        session = getattr(request, "session", {})
        return cls(
            method=session.get("auth_method"),
            level=session.get("auth_level") if session.get("auth_method") == "govbr" else None,
            auth_time=float(session.get("auth_time") or 0),
            amr=tuple(session.get("auth_amr") or ()),
            ip=request.META.get("REMOTE_ADDR"),
        )


@dataclass
class OpenRule:
    """The rule for filings on an existing process (intercorrente, resposta): the
    citizen picks any external document type and público or restrito."""

    access_rule: str = PetitionType.AccessRule.CITIZEN_CHOOSES
    fixed_access_level: str = AccessLevel.PUBLIC
    fixed_legal_basis_id: None = None
    fixed_legal_basis: None = None
    requires_advanced: bool = False
    allow_third_parties: bool = False
    max_file_mb: int = 10
    formats: tuple = tuple(ALLOWED_MIME)
    active: bool = True


@dataclass
class OpenTypeRow:
    document_type: DocumentType
    required: bool = False
    access_level: str = ""


def open_type_rows() -> dict[str, OpenTypeRow]:
    return {
        str(t.uuid): OpenTypeRow(t)
        for t in DocumentType.objects.filter(active=True)
        .exclude(usage="internal")
        .exclude(name__iexact=RECEIPT_TYPE)  # the system issues recibos; nobody files one
    }


def allowed_formats(petition_type) -> dict[str, str]:
    wanted = petition_type.formats or ["application/pdf"]
    return {mime: ext for mime, ext in ALLOWED_MIME.items() if mime in wanted}


def _level_action(*, restricted: bool, petition_type: PetitionType, city_policy) -> str:
    if restricted or petition_type.requires_advanced or not city_policy.simple_signature_allowed:
        return "petition_restricted"
    return "petition_public"


# --- staging --------------------------------------------------------------------------


def check_staging(
    *, user, auth: Auth, petition_type, name: str, length: int, access_level: str
) -> None:
    """Everything that can refuse an upload before a byte of it is read."""
    if not petition_type.active:
        raise CitizenError("petition_type_inactive", _("Este tipo de petição não está disponível."))
    if access_level not in (AccessLevel.PUBLIC, AccessLevel.RESTRICTED):
        raise CitizenError(
            "access_level_invalid", _("Escolha o nível de acesso: público ou restrito.")
        )
    policy.require_level(
        auth.level,
        _level_action(
            restricted=access_level == AccessLevel.RESTRICTED,
            petition_type=petition_type,
            city_policy=policy.policy(),
        ),
    )
    check_name(name)
    limit = min(petition_type.max_file_mb * 1024 * 1024, settings.DOCUMENT_MAX_UPLOAD_BYTES)
    if length <= 0:
        raise CitizenError("file_empty", _("O arquivo enviado está vazio."))
    if length > limit:
        raise CitizenError(
            "file_too_large",
            _("O arquivo tem mais de %(limit)s, o máximo para este tipo de petição.")
            % {"limit": filesizeformat(limit)},
        )


def stage(*, user, upload, petition_type) -> StagedUpload:
    """Record a checked upload (already in S3) as the citizen's; a format the petition
    type does not take is refused and the object deleted."""
    try:
        upload.wait()
        if upload.content_type not in allowed_formats(petition_type):
            names = ", ".join(
                ext.lstrip(".").upper() for ext in allowed_formats(petition_type).values()
            )
            raise CitizenError(
                "file_type_not_allowed",
                _("Formato não aceito para este tipo de petição. Envie: %s.") % names,
            )
        return StagedUpload.objects.create(
            user_id=user.pk,
            key=upload.key,
            name=upload.name[:255],
            size=upload.size,
            sha256=upload.sha256,
            content_type=upload.content_type,
        )
    except BaseException:
        upload.discard()
        raise


# --- filing ---------------------------------------------------------------------------


def require_fresh_signature(auth: Auth, confirmed: bool) -> None:
    """Assinatura simples: an explicit "Assinar" after a gov.br login of ≤ 15 minutes."""
    if not confirmed:
        raise CitizenError(
            "signature_not_confirmed",
            _("Confirme a assinatura marcando “Assinar” para enviar a petição."),
        )
    if auth.method != "govbr" or time.time() - auth.auth_time > settings.CITIZEN_SIGN_FRESH_SECONDS:
        raise CitizenError(
            "reauth_required",
            _(
                "Para assinar, confirme sua identidade entrando novamente com o gov.br "
                "(o login precisa ter sido feito nos últimos 15 minutos)."
            ),
            status=403,
        )


@dataclass
class DocumentInput:
    upload: str
    document_type: str
    access_level: str = AccessLevel.PUBLIC
    legal_basis: str | None = None
    form: str = "original"
    description: str = ""


def _resolve_documents(user, petition_type, items: list[DocumentInput], rows=None):
    if not items:
        raise CitizenError("documents_missing", _("Inclua ao menos um documento."))
    if len(items) > MAX_DOCUMENTS:
        raise CitizenError(
            "too_many_documents", _("Uma petição leva no máximo %d documentos.") % MAX_DOCUMENTS
        )
    allowed = (
        rows
        if rows is not None
        else {
            str(row.document_type.uuid): row
            for row in PetitionTypeDocument.objects.filter(
                petition_type=petition_type
            ).select_related("document_type")
        }
    )
    uploads = {
        str(u.uuid): u
        for u in StagedUpload.objects.filter(
            user_id=user.pk, used=False, uuid__in=[_uuid(i.upload) for i in items]
        )
    }
    resolved, names = [], set()
    for item in items:
        upload = uploads.get(str(_uuid(item.upload)))
        if upload is None:
            raise CitizenError(
                "upload_missing",
                _("Um dos arquivos não foi recebido. Envie-o novamente e tente de novo."),
            )
        row = allowed.get(str(_uuid(item.document_type)))
        if row is None:
            raise CitizenError(
                "document_type_not_allowed",
                _("Tipo de documento não aceito para este tipo de petição."),
            )
        if upload.name.casefold() in names:
            raise CitizenError(
                "duplicate_file_name",
                _("Dois documentos com o mesmo nome de arquivo: “%s”.") % upload.name,
            )
        names.add(upload.name.casefold())
        level, basis = _level_for(petition_type, row, item)
        if item.form not in ("original", "copy"):
            raise CitizenError(
                "form_invalid", _("Informe se o documento é nato-digital ou digitalizado.")
            )
        resolved.append((upload, row, level, basis, item))
    missing = [
        row.document_type.name
        for row in allowed.values()
        if row.required and all(r is not row for _u, r, *_rest in resolved)
    ]
    if missing:
        raise CitizenError(
            "required_documents_missing",
            _("Faltam documentos essenciais: %s.") % ", ".join(sorted(missing)),
        )
    return resolved


def _uuid(value) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(str(value))
    except ValueError as exc:
        raise CitizenError("invalid_id", _("Identificador inválido.")) from exc


def _level_for(petition_type, row, item: DocumentInput):
    if item.access_level == AccessLevel.SECRET:
        raise CitizenError(
            "secret_not_allowed", _("O cidadão não pode marcar documentos como sigilosos.")
        )
    if row.access_level:
        level = row.access_level
    elif petition_type.access_rule == PetitionType.AccessRule.FIXED:
        level = petition_type.fixed_access_level
    else:
        level = item.access_level
    if level not in (AccessLevel.PUBLIC, AccessLevel.RESTRICTED):
        raise CitizenError(
            "access_level_invalid", _("Escolha o nível de acesso: público ou restrito.")
        )
    if level == AccessLevel.PUBLIC:
        return level, None
    basis = None
    if item.legal_basis:
        basis = LegalBasis.objects.filter(
            uuid=_uuid(item.legal_basis), access_level=AccessLevel.RESTRICTED, active=True
        ).first()
    elif petition_type.fixed_legal_basis_id and petition_type.access_rule == "fixed":
        basis = petition_type.fixed_legal_basis
    if basis is None:
        raise CitizenError(
            "legal_basis_required",
            _("Informe a hipótese legal do documento restrito."),
        )
    return level, basis


def on_behalf_allowed(user, document: str, petition_type: PetitionType) -> None:
    from citizens.models import Representation
    from citizens.selectors import active_representations

    if document == user.cpf or petition_type.allow_third_parties:
        return
    reps = active_representations(user.cpf, power=Representation.POWER_PETITION).filter(
        grantor=document, process_ids=[]
    )
    if not reps.exists():
        raise CitizenError(
            "representation_required",
            _(
                "Para peticionar em nome de outra pessoa ou empresa, é preciso uma "
                "representação ativa que cubra este pedido."
            ),
            status=403,
        )


def file_petition(
    *,
    user,
    auth: Auth,
    petition_type: PetitionType,
    summary: str,
    documents: list[DocumentInput],
    idempotency_key: str,
    confirmed: bool,
    on_behalf_of: str | None = None,
    on_behalf_name: str = "",
    signer=None,
) -> tuple[Petition, bool]:
    """File a new-process petition. Returns (petition, created): a retry with the same
    idempotency key returns the first one and creates nothing. When it needs the advanced
    signature, `citizens.services.signing` stops it before anything is written and
    replays it with the verified `signer`."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 80:
        raise CitizenError(
            "idempotency_key_invalid", _("Envie uma chave de idempotência (até 80 caracteres).")
        )
    existing = Petition.objects.filter(filer_user_id=user.pk, idempotency_key=key).first()
    if existing is not None:
        return existing, False
    if not petition_type.active or not petition_type.unit.active:
        raise CitizenError("petition_type_inactive", _("Este tipo de petição não está disponível."))
    summary = (summary or "").strip()
    if not summary or len(summary) > 100:
        raise CitizenError(
            "summary_invalid", _("Informe a especificação do pedido (até 100 caracteres).")
        )
    city_policy = policy.policy()
    resolved = _resolve_documents(user, petition_type, documents)
    restricted = any(level == AccessLevel.RESTRICTED for _u, _r, level, *_rest in resolved)
    policy.require_level(
        auth.level,
        _level_action(restricted=restricted, petition_type=petition_type, city_policy=city_policy),
        city_policy,
    )
    party_document = "".join(c for c in (on_behalf_of or user.cpf) if c.isdigit())
    on_behalf_allowed(user, party_document, petition_type)
    party_name = user.name if party_document == user.cpf else (on_behalf_name or party_document)
    signer = signing.choose(
        user=user,
        auth=auth,
        confirmed=confirmed,
        reasons=signing.advanced_reasons(
            restricted=restricted,
            requires_advanced=petition_type.requires_advanced,
            simple_allowed=city_policy.simple_signature_allowed,
        ),
        resolved=resolved,
        kind=Petition.Kind.NEW,
        key=key,
        context={
            "tipo_peticao": str(petition_type.uuid),
            "especificacao": summary,
            "interessado": party_document,
        },
        signer=signer,
    )
    created_keys: list[str] = []
    try:
        with transaction.atomic():
            petition = _commit(
                user=user,
                auth=auth,
                petition_type=petition_type,
                summary=summary,
                resolved=resolved,
                restricted=restricted,
                key=key,
                parties=[{"document": party_document, "name": party_name}],
                created_keys=created_keys,
                signer=signer,
            )
    except BaseException as exc:
        if (existing := _undo(exc, created_keys, user=user, key=key)) is not None:
            return existing, False
        raise
    return petition, True


def _commit(
    *, user, auth, petition_type, summary, resolved, restricted, key, parties, created_keys,
    signer,
):  # fmt: skip
    from tenants.models import Tenant

    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    unit = petition_type.unit
    _check_staged_objects(resolved)  # ours alone until commit; each one in S3
    basis = next((b for _u, _r, level, b, _i in resolved if level == AccessLevel.RESTRICTED), None)
    process = open_process(
        unit=unit,
        author_id=user.pk,
        process_type=petition_type.process_type,
        summary=summary,
        access_level=AccessLevel.RESTRICTED if restricted else AccessLevel.PUBLIC,
        legal_basis=basis,
        parties=parties,
        generated=False,
        description=_("Processo aberto por peticionamento eletrônico de %s") % user.name,
    )
    signed_at = timezone.now()
    petition = Petition(
        kind=Petition.Kind.NEW,
        process=process,
        petition_type=petition_type,
        unit=unit,
        filer_user_id=user.pk,
        on_behalf_of=parties[0]["document"],
        idempotency_key=key,
        trust_level=auth.level or "",
        signature_level=signer.level,
        auth_time=dt.datetime.fromtimestamp(auth.auth_time, tz=dt.UTC),
        amr=list(auth.amr),
        ip=auth.ip,
        manifest_sha256="",
        committed_at=signed_at,
    )
    return _attach_and_seal(
        signer=signer,
        petition=petition,
        user=user,
        tenant=tenant,
        unit=unit,
        resolved=resolved,
        type_name=petition_type.process_type.name,
        parties=parties,
        created_keys=created_keys,
    )


def _attach_and_seal(
    *, petition, user, tenant, unit, resolved, type_name, parties, created_keys: list, signer
):
    """Documents, signatures (by `signer`: simples or avançada), receipt (JSON + PDF as
    a document of the process), the unit's "Peticionamento" marker and the e-mails —
    inside the caller's transaction."""
    process = petition.process
    documents = []
    for upload, row, level, _basis, item in resolved:
        document = add_external_document(
            process=process,
            unit=unit,
            author_id=user.pk,
            document_type=row.document_type,
            key=upload.key,
            name=upload.name,
            size=upload.size,
            sha256=upload.sha256,
            content_type=upload.content_type,
            form=item.form,
            description=item.description,
            event_description=_("Documento %(type)s peticionado por %(name)s")
            % {"type": row.document_type.name, "name": user.name},
        )
        documents.append((document, level, row, _basis))
    manifest = (
        signer.manifest_sha256
        or hashlib.sha256(
            "\n".join(f"{d.uuid}:{d.sha256}" for d, *_rest in documents).encode()
        ).hexdigest()
    )
    petition.manifest_sha256 = manifest
    for document, *_rest in documents:
        signer.sign(document=document, user=user, unit=unit, petition=petition)
    # Receipt time = as close to commit as we can stamp it: the last thing written.
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        petition.committed_at = cursor.fetchone()[0]
    data = receipts.build(
        kind=petition.kind,
        process=process,
        tenant=tenant,
        unit=unit,
        petition_type_name=type_name,
        parties=parties,
        signer=user,
        trust_level=petition.trust_level,
        signature_level=petition.signature_level,
        documents=[(d, level) for d, level, *_rest in documents],
        committed_at=petition.committed_at,
        extra=signer.receipt_extra,
    )
    petition.receipt = data
    petition.receipt_sha256 = receipts.seal(data)
    pdf = receipts.render_pdf(data, petition.receipt_sha256)
    receipt_type = DocumentType.objects.filter(name__iexact=RECEIPT_TYPE).first()
    if receipt_type is None:
        receipt_type = DocumentType.objects.create(name=RECEIPT_TYPE, usage="external")
    key = default_storage.save(f"processes/{process.uuid}/{uuidlib.uuid4()}.pdf", ContentFile(pdf))
    created_keys.append(key)  # deleted by file_petition if the transaction fails
    petition.receipt_document = add_external_document(
        process=process,
        unit=unit,
        author_id=user.pk,
        document_type=receipt_type,
        key=key,
        name=f"recibo-{petition.uuid}.pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        content_type="application/pdf",
        event_description=_("Recibo eletrônico de protocolo gerado"),
    )
    petition.save()
    PetitionDocument.objects.bulk_create(
        PetitionDocument(
            petition=petition,
            document=document,
            role=PetitionDocument.Role.ESSENTIAL
            if row.required
            else PetitionDocument.Role.COMPLEMENTARY,
            access_level=level,
            legal_basis=basis,
        )
        for document, level, row, basis in documents
    )
    StagedUpload.objects.filter(pk__in=[u.pk for u, *_rest in resolved]).update(used=True)
    _mark_for_unit(process, unit, user)
    _queue_emails(petition, user, unit, tenant)
    return petition


def _mark_for_unit(process, unit, user) -> None:
    marker = Marker.objects.filter(unit=unit, name__iexact=MARKER_NAME).first()
    if marker is None:
        marker = Marker.objects.create(unit=unit, name=MARKER_NAME, color=Marker.Color.ORANGE)
    ProcessMarker.objects.get_or_create(
        process=process,
        marker=marker,
        defaults={"note": _("Petição eletrônica"), "created_by_id": user.pk},
    )


def _queue_emails(petition, user, unit, tenant) -> None:
    from accounts.models import User
    from citizens.services.outbox import queue
    from core.numbering import format_number

    number = format_number(petition.process.number)
    when = timezone.localtime(petition.committed_at).strftime("%d/%m/%Y %H:%M:%S")
    messages = [
        (
            user.email,
            _("Recibo do peticionamento — processo %s") % number,
            _(
                "Olá, %(name)s.\n\nSua petição foi recebida em %(when)s (horário de Brasília) "
                "no processo %(number)s, unidade %(unit)s da Prefeitura de %(city)s.\n"
                "O recibo eletrônico de protocolo está na sua área do cidadão.\n\n"
                "Selo do recibo (SHA-256): %(seal)s"
            )
            % {
                "name": user.name,
                "when": when,
                "number": number,
                "unit": unit.acronym,
                "city": tenant.name,
                "seal": petition.receipt_sha256,
            },
        )
    ]
    member_ids = StaffMember.objects.filter(
        active=True, email_notifications=True, memberships__unit=unit
    ).values_list("user_id", flat=True)
    for person in User.objects.filter(pk__in=list(member_ids), is_active=True).exclude(email=""):
        messages.append(
            (
                person.email,
                _("Nova petição eletrônica na unidade %(unit)s — processo %(number)s")
                % {"unit": unit.acronym, "number": number},
                _(
                    "Olá, %(name)s.\n\nO processo %(number)s recebeu um peticionamento "
                    "eletrônico e está na caixa da unidade %(unit)s, marcado "
                    "“Peticionamento”. Caso não seja de competência de sua unidade, "
                    "envie-o à unidade competente."
                )
                % {"name": person.name, "number": number, "unit": unit.acronym},
            )
        )
    queue(messages)


def _undo(exc: BaseException, created_keys, *, user, key: str) -> Petition | None:
    """After a failed filing: the files it stored go (nothing half-written in S3), and
    when a concurrent retry with the same key committed first (it took the staged files,
    or the unique key), its petition is the answer."""
    for stored in created_keys:
        default_storage.delete(stored)
    if isinstance(exc, IntegrityError | CitizenError):
        return Petition.objects.filter(filer_user_id=user.pk, idempotency_key=key).first()
    return None


def verify_receipt(petition: Petition) -> dict:
    """Recompute the seal of the stored JSON and each listed document's SHA-256 from the
    bytes in storage."""
    from core.models import Document

    result = {"seal_ok": receipts.seal(petition.receipt) == petition.receipt_sha256}
    docs = []
    for entry in petition.receipt.get("documentos", []):
        document = Document.objects.filter(uuid=entry["id"], process=petition.process).first()
        digest = hashlib.sha256()
        if document is not None:
            with default_storage.open(document.file.name, "rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1024 * 1024), b""):
                    digest.update(chunk)
        docs.append(
            {
                "id": entry["id"],
                "ok": document is not None and digest.hexdigest() == entry["sha256"],
            }
        )
    result["documents"] = docs
    return result


# --- filings on an existing process: intercorrente and resposta ------------------------


def file_on_process(
    *,
    user,
    auth: Auth,
    process,
    unit,
    kind: str,
    documents: list[DocumentInput],
    idempotency_key: str,
    confirmed: bool,
    on_behalf_of: str,
    reopen: bool = False,
    after=None,
    signer=None,
) -> tuple[Petition, bool]:
    """Documents filed by a citizen on an existing process (recibo I or R), landing in
    `unit` (reopened there when `reopen`). `after(petition)` runs inside the transaction
    (e.g. linking the response to the intimação)."""
    from core.services.dispatch import open_in
    from core.services.processes import record, require_editable
    from tenants.models import Tenant

    key = (idempotency_key or "").strip()
    if not key or len(key) > 80:
        raise CitizenError(
            "idempotency_key_invalid", _("Envie uma chave de idempotência (até 80 caracteres).")
        )
    existing = Petition.objects.filter(filer_user_id=user.pk, idempotency_key=key).first()
    if existing is not None:
        return existing, False
    rule = OpenRule()
    resolved = _resolve_documents(user, rule, documents, rows=open_type_rows())
    restricted = any(level == AccessLevel.RESTRICTED for _u, _r, level, *_rest in resolved)
    city_policy = policy.policy()
    policy.require_level(
        auth.level,
        _level_action(restricted=restricted, petition_type=rule, city_policy=city_policy),
        city_policy,
    )
    signer = signing.choose(
        user=user,
        auth=auth,
        confirmed=confirmed,
        reasons=signing.advanced_reasons(
            restricted=restricted,
            requires_advanced=False,
            simple_allowed=city_policy.simple_signature_allowed,
        ),
        resolved=resolved,
        kind=kind,
        key=key,
        context={"processo": str(process.uuid), "interessado": on_behalf_of},
        signer=signer,
    )
    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    created_keys: list[str] = []
    try:
        with transaction.atomic():
            require_editable(process)
            _check_staged_objects(resolved)
            if reopen:
                open_in(process, unit)
                record(
                    process,
                    "reopened",
                    _("Processo reaberto na unidade %s por peticionamento intercorrente")
                    % unit.acronym,
                )
            basis = next((b for _u, _r, lv, b, _i in resolved if lv == "restricted"), None)
            if basis is not None and process.access_level == AccessLevel.PUBLIC:
                # A process is as restricted as its most restricted document.
                type(process).objects.filter(pk=process.pk).update(
                    access_level=AccessLevel.RESTRICTED, legal_basis=basis
                )
            from core.models import OpenIn

            OpenIn.objects.filter(process=process, unit=unit).update(read=False)
            petition = Petition(
                kind=kind,
                process=process,
                unit=unit,
                filer_user_id=user.pk,
                on_behalf_of=on_behalf_of,
                idempotency_key=key,
                trust_level=auth.level or "",
                signature_level=signer.level,
                auth_time=dt.datetime.fromtimestamp(auth.auth_time, tz=dt.UTC),
                amr=list(auth.amr),
                ip=auth.ip,
                manifest_sha256="",
                committed_at=timezone.now(),
            )
            parties = [{"document": p.document, "name": p.name} for p in process.parties.all()] or [
                {"document": on_behalf_of, "name": user.name}
            ]
            petition = _attach_and_seal(
                petition=petition,
                user=user,
                tenant=tenant,
                unit=unit,
                resolved=resolved,
                type_name=process.process_type.name,
                parties=parties,
                created_keys=created_keys,
                signer=signer,
            )
            if after is not None:
                after(petition)
    except BaseException as exc:
        if (existing := _undo(exc, created_keys, user=user, key=key)) is not None:
            return existing, False
        raise
    return petition, True


def _check_staged_objects(resolved) -> None:
    locked = list(
        StagedUpload.objects.select_for_update()
        .filter(pk__in=[u.pk for u, *_rest in resolved], used=False)
        .order_by("pk")
    )
    if len(locked) != len(resolved):
        raise CitizenError(
            "upload_missing",
            _("Um dos arquivos não foi recebido. Envie-o novamente e tente de novo."),
        )
    client = default_storage.connection.meta.client
    for upload, *_rest in resolved:
        try:
            head = client.head_object(
                Bucket=default_storage.bucket_name, Key=default_storage._normalize_name(upload.key)
            )
        except Exception as exc:
            raise CitizenError(
                "upload_missing",
                _("O arquivo “%s” não foi armazenado. Envie-o novamente.") % upload.name,
            ) from exc
        if head.get("ContentLength") != upload.size:
            raise CitizenError(
                "upload_missing",
                _("O arquivo “%s” não foi armazenado. Envie-o novamente.") % upload.name,
            )


def purge_staged(*, older_than: dt.timedelta = dt.timedelta(hours=24)) -> int:
    """Delete staged files no petition used (object first, then row, each under its
    row lock; a petition racing for it finds the object gone and says so), and the
    advanced signings that never completed."""
    cutoff = timezone.now() - older_than
    purged = 0
    for pk in StagedUpload.objects.filter(used=False, created_at__lt=cutoff).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            row = (
                StagedUpload.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, used=False)
                .first()
            )
            if row is None:
                continue
            default_storage.delete(row.key)
            row.delete()
            purged += 1
    # Advanced signatures never completed: their authorisation expired long ago.
    from citizens.models import CitizenSigning

    CitizenSigning.objects.filter(petition=None, created_at__lt=cutoff).delete()
    return purged
