"""Documents of a process: internal (HTML, versioned, sanitised) and external
(uploaded files, sniffed and hashed), and electronic signatures."""

import hashlib
import os
import re
import uuid

import filetype
import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import CoreError
from core.models import (
    Document,
    DocumentTemplate,
    DocumentType,
    DocumentVersion,
    Process,
    Signature,
    StaffMember,
    Unit,
)
from core.services import permissions
from core.services.permissions import Situation
from core.services.processes import next_value, record
from core.services.search import html_to_text, reindex_on_commit
from core.services.staff import require_current_unit

# --- HTML ----------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "span",
    "div",
    "a",
    "img",
    "pre",
    "code",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"style"},
}
_SAFE_STYLE = re.compile(
    r"^\s*(text-align|font-weight|font-style|text-decoration)\s*:\s*[a-z -]+\s*;?\s*$"
)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # No external resources: only images embedded in the document itself.
        return value if value.startswith("data:image/") else None
    if attribute == "style":
        kept = [d for d in value.split(";") if d.strip() and _SAFE_STYLE.match(d)]
        return ";".join(kept) or None
    return value


def sanitize_html(html: str) -> str:
    """The only HTML we store: no scripts, no event handlers, no external resources."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- internal documents --------------------------------------------------------------


def _next_position(process: Process) -> int:
    Process.objects.select_for_update().filter(pk=process.pk).first()  # serialise per process
    return (process.documents.aggregate(m=Max("position"))["m"] or 0) + 1


def _check_type(document_type: DocumentType, kind: str) -> None:
    if not document_type.active:
        raise CoreError("document_type_inactive", _("Este tipo de documento está desativado."))
    allowed = {"internal": ("internal", "both"), "external": ("external", "both")}[kind]
    if document_type.usage not in allowed:
        raise CoreError(
            "document_type_usage", _("O tipo “%s” não pode ser usado aqui.") % document_type.name
        )


def create_internal(
    *,
    staff: StaffMember,
    process: Process,
    document_type: DocumentType,
    template: DocumentTemplate | None = None,
    html: str | None = None,
    description: str = "",
) -> Document:
    unit = require_current_unit(staff)
    _check_type(document_type, "internal")
    if template is not None and template.document_type_id != document_type.pk:
        raise CoreError("template_mismatch", _("O modelo não é deste tipo de documento."))
    content = sanitize_html(html if html is not None else (template.html if template else ""))
    with transaction.atomic():
        permissions.check_add_document(Situation(staff, process, fresh=True))
        year = timezone.localdate().year
        number = next_value(f"doc:{document_type.pk}", year) if document_type.numbered else None
        document = Document.objects.create(
            process=process,
            position=_next_position(process),
            kind=Document.Kind.INTERNAL,
            document_type=document_type,
            number=number,
            number_year=year if number else None,
            description=(description or "").strip()[:300],
            unit=unit,
            created_by_id=staff.user_id,
        )
        if html is None and template is not None:
            from core.services.templates import fill

            content = fill(content, document=document, author=staff)  # @processo@ etc.
        document.text = html_to_text(content)[:1_000_000]
        document.save(update_fields=["text"])
        reindex_on_commit(process)
        DocumentVersion.objects.create(
            document=document,
            version=1,
            html=content,
            sha256=sha256_text(content),
            created_by_id=staff.user_id,
        )
        record(
            process,
            "document_created",
            _("Documento %s gerado") % document,
            staff=staff,
            document=str(document.uuid),
        )
    return document


def save_version(*, staff: StaffMember, document: Document, html: str) -> DocumentVersion:
    """A new version of an internal document of the unit, while nobody has signed it
    (permissions.check_edit)."""
    require_current_unit(staff)
    content = sanitize_html(html)
    with transaction.atomic():
        situation = Situation(staff, document.process, fresh=True)
        locked = Document.objects.select_for_update().get(pk=document.pk)
        permissions.check_edit(situation, locked)
        last = locked.versions.order_by("-version").first()
        if last.html == content:
            return last
        Document.objects.filter(pk=locked.pk).update(text=html_to_text(content)[:1_000_000])
        reindex_on_commit(locked.process)
        return DocumentVersion.objects.create(
            document=locked,
            version=last.version + 1,
            html=content,
            sha256=sha256_text(content),
            created_by_id=staff.user_id,
        )


# --- external documents --------------------------------------------------------------

ALLOWED_MIME = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
    "image/gif": ".gif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
}
_BAD_NAME = re.compile(r"(^|[\\/])\.\.([\\/]|$)|[\\/\x00]")


def invalid_file_name(name: str) -> CoreError:
    return CoreError(
        "file_name_invalid", _("Nome de arquivo inválido: não use barras nem “..”."), repr(name)
    )


def check_name(name: str) -> None:
    if not (name or "").strip() or _BAD_NAME.search(name) or name != os.path.basename(name):
        raise invalid_file_name(name)


def check_size(size: int, *, final: bool = True) -> None:
    """Refuse an empty file (when complete) or one over the limit (as soon as it is)."""
    if final and size == 0:
        raise CoreError("file_empty", _("O arquivo enviado está vazio."))
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if size > limit:
        raise CoreError(
            "file_too_large",
            _("O arquivo tem mais de %(limit)s, o máximo permitido.")
            % {"limit": filesizeformat(limit)},
            f"{size} > {limit}",
        )


def sniff(head: bytes) -> tuple[str, str]:
    """(MIME type, extension) from the file's first bytes, if it is an allowed type."""
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_MIME:
        raise CoreError(
            "file_type_not_allowed",
            _(
                "Tipo de arquivo não permitido. Envie PDF, imagem (PNG, JPEG, TIFF, "
                "GIF) ou documento de escritório (Word, Excel, PowerPoint, ODF)."
            ),
        )
    return mime, ALLOWED_MIME[mime]


def _check_upload(upload) -> tuple[str, str]:
    check_name(upload.name or "")
    check_size(upload.size or 0)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return sniff(head)


def check_upload_allowed(*, staff: StaffMember, process: Process) -> Unit:
    """What can be refused before a byte of an upload is read (no working unit, a
    process closed to changes), so nobody sends 100 MB to hear "no"; returns the working
    unit. `upload_external` checks again under the process's row lock."""
    return permissions.check_upload_document(Situation(staff, process, fresh=True))


def upload_external(
    *,
    staff: StaffMember,
    process: Process,
    document_type: DocumentType,
    upload,
    document_date=None,
    form: str = Document.Form.ORIGINAL,
    description: str = "",
) -> Document:
    """Record an uploaded file as a document of the process.

    On the API path the file is already in S3: `core.uploads.S3UploadHandler` checked
    it and streamed it there while the request arrived (`upload.key` set). Otherwise
    (a plain Django upload) it is checked and stored here. Either way a refusal leaves
    nothing behind, and a failed database write deletes the stored object."""
    key = getattr(upload, "key", None)
    try:
        unit = check_upload_allowed(staff=staff, process=process)
        _check_type(document_type, "external")
        if form not in Document.Form.values:
            raise CoreError("form_invalid", _("Informe se o documento é original ou cópia."))
        if key is None:
            mime, extension = _check_upload(upload)
            sha256 = getattr(upload, "sha256", None)  # computed while receiving
            if sha256 is None:
                digest = hashlib.sha256()
                for chunk in upload.chunks():
                    digest.update(chunk)
                sha256 = digest.hexdigest()
            upload.seek(0)
            key = default_storage.save(
                f"processes/{process.uuid}/{uuid.uuid4()}{extension}", upload
            )
        else:
            mime, sha256 = upload.content_type, upload.sha256
        with transaction.atomic():
            # again, now holding the row until commit
            permissions.check_upload_document(Situation(staff, process, fresh=True))
            document = add_external_document(
                process=process,
                unit=unit,
                author_id=staff.user_id,
                document_type=document_type,
                key=key,
                name=upload.name,
                size=upload.size,
                sha256=sha256,
                content_type=mime,
                form=form,
                description=description,
                document_date=document_date,
                staff=staff,
            )
            if hasattr(upload, "wait"):
                upload.wait()  # the file is in S3 before the row is committed
    except BaseException:
        if hasattr(upload, "discard"):
            upload.discard()
        elif key is not None:
            default_storage.delete(key)
        raise
    return document


def add_external_document(
    *,
    process: Process,
    unit: Unit,
    author_id: int,
    document_type: DocumentType,
    key: str,
    name: str,
    size: int,
    sha256: str,
    content_type: str,
    form: str = Document.Form.ORIGINAL,
    description: str = "",
    document_date=None,
    staff: StaffMember | None = None,
    event_description: str = "",
) -> Document:
    """Record a file already checked and stored at `key` as the process's next document,
    with its history line and text extraction after commit. Inside the caller's
    transaction (uploads by staff; petitions by citizens, `staff=None`)."""
    document = Document.objects.create(
        process=process,
        position=_next_position(process),
        kind=Document.Kind.EXTERNAL,
        document_type=document_type,
        description=(description or "").strip()[:300],
        unit=unit,
        created_by_id=author_id,
        file=key,
        original_name=name[:255],
        content_type=content_type,
        size=size,
        sha256=sha256,
        document_date=document_date,
        form=form,
    )
    record(
        process,
        "document_uploaded",
        event_description or _("Documento externo %s incluído") % document_type.name,
        staff=staff,
        document=str(document.uuid),
        sha256=document.sha256,
        **({} if staff else {"author": author_id}),
    )
    if content_type == "application/pdf":
        # The worker extracts the text and then reindexes the process (name,
        # description and text at once), so the request does not index it twice.
        from core.tasks import extract_document_text

        doc_id = str(document.uuid)
        transaction.on_commit(lambda: extract_document_text.delay(doc_id))
    else:
        reindex_on_commit(process)
    return document


# --- signatures ----------------------------------------------------------------------


SIGN_REAUTH_SECONDS = 300


def check_signing_auth(
    *, user: User, method: str, password: str = "", govbr: dict | None = None
) -> dict:
    """How the signer confirmed it is them: their password (where the municipality
    allows it) or a gov.br login within the last 5 minutes at the signing trust level.
    Returns what the signature records."""
    from django.db import connection

    from accounts.govbr import level_at_least
    from tenants.models import Tenant

    if method == "govbr":
        govbr = govbr or {}
        fresh = timezone.now().timestamp() - float(govbr.get("auth_time") or 0)
        if govbr.get("method") != "govbr" or fresh > SIGN_REAUTH_SECONDS:
            raise CoreError(
                "reauth_required",
                _("Confirme sua identidade com o gov.br para assinar."),
                status=403,
            )
        minimum = settings.GOVBR_MIN_LEVEL["sign"]
        if not level_at_least(govbr.get("level"), minimum):
            raise CoreError(
                "trust_level_too_low",
                _("Para assinar, sua conta gov.br precisa do nível %s ou superior.") % minimum,
                status=403,
            )
        return {
            "method": "govbr",
            "amr": list(govbr.get("amr") or []),
            "trust_level": govbr["level"],
        }
    tenant = Tenant.objects.filter(schema_name=connection.schema_name).first()
    if tenant is not None and not tenant.allow_password_signing:
        raise CoreError(
            "password_signing_disabled",
            _("Nesta prefeitura a assinatura é feita com o gov.br."),
            status=403,
        )
    if not password or not user.check_password(password):
        raise CoreError(
            "password_invalid", _("Senha incorreta. A assinatura não foi feita."), status=403
        )
    return {"method": "password", "amr": [], "trust_level": ""}


def sign(
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
    """Sign one or more internal documents of the current unit (a signature block; see
    permissions.check_sign). Each signature binds the SHA-256 of the exact content
    signed; an internal document's signed version can never change again. `verified`:
    how the signer was already proven by the caller (the gov.br signature API,
    `signatures.services.govbr`), instead of a password or a fresh gov.br login."""
    unit = require_current_unit(staff)
    if verified is not None:
        how = verified
    else:
        how = check_signing_auth(user=user, method=method, password=password, govbr=govbr)
    if not documents:
        raise CoreError("nothing_to_sign", _("Selecione ao menos um documento."))
    signatures = []
    situations: dict[int, Situation] = {}
    with transaction.atomic():
        for document in documents:
            locked = Document.objects.select_for_update().get(pk=document.pk)
            if locked.process_id not in situations:
                situations[locked.process_id] = Situation(staff, locked.process, fresh=True)
            permissions.check_sign(situations[locked.process_id], locked)
            version = locked.versions.order_by("-version").first()
            digest = version.sha256
            signature = Signature.objects.create(
                document=locked,
                version=version,
                sha256=digest,
                user_id=user.pk,
                signer_name=user.name,
                signer_role=(role or "").strip()[:200],
                unit=unit,
                **how,
            )
            record(
                locked.process,
                "document_signed",
                _("Documento %(doc)s assinado por %(name)s") % {"doc": locked, "name": user.name},
                staff=staff,
                document=str(locked.uuid),
                sha256=digest,
                method=how["method"],
            )
            signatures.append(signature)
        for situation in situations.values():
            reindex_on_commit(situation.process)  # a signed draft's text becomes searchable
    return signatures


def cancel(*, staff: StaffMember, document: Document, reason: str) -> Document:
    """Cancelar documento (SEI): the document stays in the process's tree, marked
    cancelled with the reason, and its content is no longer served. Only the unit that
    made it, while the process is open there and editable (permissions.check_cancel)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CoreError("cancellation_reason_missing", _("Informe o motivo do cancelamento."))
    with transaction.atomic():
        situation = Situation(staff, document.process, fresh=True)
        locked = (
            Document.objects.select_for_update().select_related("document_type").get(pk=document.pk)
        )
        permissions.check_cancel(situation, locked)
        locked.cancelled_at = timezone.now()
        locked.cancelled_by_id = staff.user_id
        locked.cancellation_reason = reason[:500]
        locked.text = ""  # no longer found by its content
        locked.save(
            update_fields=["cancelled_at", "cancelled_by_id", "cancellation_reason", "text"]
        )
        reindex_on_commit(locked.process)
        record(
            locked.process,
            "document_cancelled",
            (
                _("Documento %(doc)s cancelado. Motivo: %(reason)s")
                % {"doc": locked, "reason": reason}
            )[:500],
            staff=staff,
            document=str(locked.uuid),
            reason=reason[:500],
        )
    return locked


def verify(signature: Signature) -> bool:
    """Recompute the hash of what was signed and compare."""
    if signature.version_id is not None:
        return sha256_text(signature.version.html) == signature.sha256
    digest = hashlib.sha256()
    with default_storage.open(signature.document.file.name, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest() == signature.sha256
