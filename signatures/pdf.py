"""PDFs that carry their signatures: a document's PDF and the whole process's, each
signed document with its signature block (signers, dates, method, level), the
verification address, code, CRC and a QR code.

Pages are streamed: every part (the HTML of an internal document, an uploaded PDF
copied from S3) is a file on disk, and qpdf (pikepdf) assembles the output from those
files, reading page contents only while writing — so a process of hundreds of pages
never sits in memory."""

from __future__ import annotations

import base64
import decimal
import hashlib
import html as html_lib
import io
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import pikepdf
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Document, Process, Signature
from core.numbering import format_number
from core.services.process_pdf import _html_pdf
from signatures.models import DocumentAuthenticity, IssuedCopy, Level
from signatures.services import authenticity as auth_services

CHUNK = 1024 * 1024


def qr_data_uri(text: str) -> str:
    import qrcode

    image = qrcode.make(text, box_size=4, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _signatures(document: Document) -> list[Signature]:
    return list(
        Signature.objects.filter(document=document).select_related("unit", "evidence", "version")
    )


def signature_block_html(
    document: Document, signatures: list[Signature], found: DocumentAuthenticity | None
) -> str:
    """The tarja: one line per signature, then how to check the document."""
    if not signatures:
        return ""
    lines = []
    for sig in signatures:
        evidence = getattr(sig, "evidence", None)
        level_value = evidence.level if evidence is not None else Level.SIMPLE
        level = Level(level_value).label
        method = auth_services.method_label(sig.method, level_value)
        when = timezone.localtime(sig.signed_at)
        role = f", {html_lib.escape(sig.signer_role)}" if sig.signer_role else ""
        lines.append(
            "<p>"
            + _(
                "Documento assinado eletronicamente por <b>%(name)s</b>%(role)s (%(unit)s), "
                "em %(date)s, às %(time)s, horário oficial de Brasília — %(level)s, "
                "por %(method)s, nos termos da Lei nº 14.063/2020."
            )
            % {
                "name": html_lib.escape(sig.signer_name),
                "role": role,
                "unit": html_lib.escape(sig.unit.acronym),
                "date": when.strftime("%d/%m/%Y"),
                "time": when.strftime("%H:%M"),
                "level": html_lib.escape(str(level)),
                "method": html_lib.escape(str(method).lower()),
            }
            + "</p>"
        )
    check = ""
    if found is not None:
        url = auth_services.verification_url(found)
        base = auth_services.verification_base()
        check = (
            "<table class='check'><tr>"
            f"<td class='qr'><img src='{qr_data_uri(url)}' width='80' height='80'></td><td>"
            + _(
                "A autenticidade deste documento pode ser conferida no site %(base)s, "
                "informando o código verificador <b>%(code)s</b> e o código CRC "
                "<b>%(crc)s</b>."
            )
            % {"base": html_lib.escape(base), "code": found.code, "crc": found.crc}
            + "</td></tr></table>"
        )
    return f"<div class='stamp'>{''.join(lines)}{check}</div>"


STYLE = (
    ".stamp { border: 1px solid #555; padding: 4pt; margin-top: 10pt; font-size: 8pt; }"
    ".stamp p { margin: 0 0 3pt 0; } .check td { vertical-align: middle; font-size: 8pt; }"
    ".check td.qr { width: 64pt; }"
)


def _html_file(body: str, path: Path) -> Path:
    path.write_bytes(_html_pdf(f"<style>{STYLE}</style>{body}"))
    return path


def _transfer_config():
    from boto3.s3.transfer import TransferConfig

    # parts read from the file as they are sent: a few MB in memory, whatever the size
    return TransferConfig(
        multipart_threshold=16 * CHUNK, multipart_chunksize=16 * CHUNK, max_concurrency=2
    )


def _copy_from_storage(name: str, path: Path) -> Path:
    """An object of this municipality's prefix to a local file, streamed."""
    from django.conf import settings

    from core.storage import s3_client, tenant_prefix

    s3_client().download_file(
        settings.AWS_STORAGE_BUCKET_NAME,
        f"{tenant_prefix()}/{name}",
        str(path),
        Config=_transfer_config(),
    )
    return path


def store_file(path: Path, name: str) -> str:
    """Upload a local file to this municipality's prefix, streamed from disk (boto3
    reads each part from the file as it sends it); returns the storage name."""
    from django.conf import settings

    from core.storage import s3_client, tenant_prefix

    s3_client().upload_file(
        str(path),
        settings.AWS_STORAGE_BUCKET_NAME,
        f"{tenant_prefix()}/{name}",
        ExtraArgs={"ContentType": "application/pdf"},
        Config=_transfer_config(),
    )
    return name


def document_parts(document: Document, workdir: Path) -> list[Path]:
    """The files, in order, whose pages make the document's PDF: a document generated in
    the system with its tarja (when signed); an uploaded file as it is — uploads are
    never signed (core.services.permissions.check_sign), so they carry no tarja."""
    title = html_lib.escape(str(document))
    stem = uuid.uuid4().hex
    if document.kind == Document.Kind.INTERNAL:
        signatures = _signatures(document)
        found = auth_services.ensure_authenticity(document) if signatures else None
        block = signature_block_html(document, signatures, found)
        signed = next((s.version for s in signatures if s.version_id), None)
        version = signed or document.versions.order_by("-version").first()
        return [_html_file(f"<h3>{title}</h3>{version.html}{block}", workdir / f"{stem}.pdf")]
    if document.content_type == "application/pdf":
        return [_copy_from_storage(document.file.name, workdir / f"{stem}.pdf")]
    if document.content_type.startswith("image/"):
        from PIL import Image

        with default_storage.open(document.file.name, "rb") as fh:
            image = Image.open(fh)
            image.load()
        path = workdir / f"{stem}.pdf"
        image.convert("RGB").save(path, "PDF")
        return [path]
    note = _("formato sem conversão para PDF; consulte o original no processo.")
    name = html_lib.escape(f"{document.original_name} ({document.content_type})")
    body = f"<h3>{title}</h3><p>{_('Arquivo')} {name}: {note}</p>"
    return [_html_file(body, workdir / f"{stem}.pdf")]


INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


class StreamingPdfWriter:
    """Writes a PDF object by object to a file: the pages of other PDFs are copied one
    object (and one stream) at a time, renumbered; the page tree, the cross-reference
    table and the trailer come at the end. Memory holds one stream, never the document
    (qpdf's own copy between documents reads every stream into memory)."""

    def __init__(self, path: Path):
        self.fh = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}
        self.next_id = 3  # 1: catalog, 2: page tree
        self.kids: list[int] = []

    def _alloc(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def _begin(self, num: int) -> None:
        self.offsets[num] = self.fh.tell()
        self.fh.write(b"%d 0 obj\n" % num)

    def _ref(self, obj, mapping: dict, pending: list) -> bytes:
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            key = obj.objgen
            if key not in mapping:
                kind = obj.get("/Type") if isinstance(obj, pikepdf.Dictionary) else None
                if kind in (pikepdf.Name.Pages, pikepdf.Name.Catalog):
                    return b"null"  # never the source's whole page tree or catalog
                mapping[key] = self._alloc()
                pending.append(obj)
            return b"%d 0 R" % mapping[key]
        return self._direct(obj, mapping, pending)

    def _dict(self, items, mapping: dict, pending: list, extra: bytes = b"") -> bytes:
        body = [b"<<"]
        body += [
            pikepdf.Name(key).unparse() + b" " + self._ref(value, mapping, pending)
            for key, value in items
        ]
        return b"\n".join(body) + extra + b">>"

    def _direct(self, obj, mapping: dict, pending: list) -> bytes:
        if isinstance(obj, pikepdf.Dictionary):
            return self._dict(obj.items(), mapping, pending)
        if isinstance(obj, pikepdf.Array):
            return b"[" + b" ".join(self._ref(v, mapping, pending) for v in obj) + b"]"
        if obj is None:
            return b"null"
        if isinstance(obj, bool):
            return b"true" if obj else b"false"
        if isinstance(obj, int):
            return b"%d" % obj
        if isinstance(obj, decimal.Decimal | float):
            return format(decimal.Decimal(obj), "f").encode()
        return obj.unparse()

    def _write(self, num: int, obj, mapping: dict, pending: list) -> None:
        self._begin(num)
        if isinstance(obj, pikepdf.Stream):
            data = obj.read_raw_bytes()  # as stored (still compressed)
            items = [(k, v) for k, v in obj.stream_dict.items() if k != "/Length"]
            self.fh.write(self._dict(items, mapping, pending, b"\n/Length %d" % len(data)))
            self.fh.write(b"\nstream\n")
            self.fh.write(data)
            self.fh.write(b"\nendstream\nendobj\n")
        else:
            self.fh.write(self._direct(obj, mapping, pending) + b"\nendobj\n")

    def add_pdf(self, path: Path) -> int:
        """Append every page of the PDF at `path`; returns how many."""
        with pikepdf.open(path, access_mode=pikepdf.AccessMode.stream) as source:
            mapping: dict = {}
            pending: list = []
            pages = [page.obj for page in source.pages]
            for page in pages:
                mapping[page.objgen] = self._alloc()
            for page in pages:
                entries = {k: v for k, v in page.items() if k != "/Parent"}
                node = page.get("/Parent")
                for _depth in range(64):  # attributes a page inherits from its tree
                    if node is None:
                        break
                    for key in INHERITED:
                        if key not in entries and key in node:
                            entries[key] = node[key]
                    node = node.get("/Parent")
                num = mapping[page.objgen]
                self._begin(num)
                self.fh.write(
                    self._dict(entries.items(), mapping, pending, b"\n/Parent 2 0 R")
                    + b"\nendobj\n"
                )
                self.kids.append(num)
                while pending:
                    obj = pending.pop()
                    self._write(mapping[obj.objgen], obj, mapping, pending)
        return len(pages)

    def close(self) -> None:
        fh = self.fh
        self.offsets[2] = fh.tell()
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        fh.write(b"2 0 obj\n<</Type /Pages /Kids [%s] /Count %d>>\nendobj\n" % (
            kids, len(self.kids)))  # fmt: skip
        self.offsets[1] = fh.tell()
        fh.write(b"1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n")
        xref = fh.tell()
        fh.write(b"xref\n0 %d\n0000000000 65535 f \n" % self.next_id)
        for num in range(1, self.next_id):
            offset = self.offsets.get(num)
            fh.write(
                b"%010d 00000 n \n" % offset if offset is not None else b"0000000000 65535 f \n"
            )
        fh.write(b"trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
            self.next_id, xref))  # fmt: skip
        fh.close()


def assemble(parts: list[Path], out: Path, *, on_part: Callable[[int], None] | None = None):
    """Concatenate the parts' pages into `out`, streamed (StreamingPdfWriter). A part
    that cannot be read (damaged, encrypted) becomes a page saying so."""
    writer = StreamingPdfWriter(out)
    try:
        for index, part in enumerate(parts, start=1):
            try:
                writer.add_pdf(part)
            except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, TypeError):
                note = part.with_suffix(".note.pdf")
                _html_file(
                    "<p>" + _("Este arquivo PDF não pôde ser incluído (danificado ou "
                              "protegido por senha); consulte o original no processo.") + "</p>",
                    note,
                )  # fmt: skip
                writer.add_pdf(note)
            if on_part:
                on_part(index)
    finally:
        writer.close()
    return out


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def document_pdf(document: Document) -> tuple:
    """(file to stream, sha256) of the document's PDF. A signed document's PDF is made
    once per set of signatures and kept (IssuedCopy), so the same bytes are served again
    and can be checked as a copy; a draft's is made on the fly."""
    count = Signature.objects.filter(document=document).count()
    if count:
        copy = IssuedCopy.objects.filter(document=document, signatures=count).first()
        if copy is not None:
            return default_storage.open(copy.file.name, "rb"), copy.sha256
    with tempfile.TemporaryDirectory(prefix="docpdf-") as tmp:
        workdir = Path(tmp)
        out = assemble(document_parts(document, workdir), workdir / "out.pdf")
        sha256 = _sha256_file(out)
        if not count:
            return out.read_bytes(), sha256
        key = store_file(out, f"documents/{document.uuid}/pdf/{count}-{uuid.uuid4().hex}.pdf")
        try:
            with transaction.atomic():
                copy = IssuedCopy.objects.create(
                    document=document,
                    signatures=count,
                    file=key,
                    sha256=sha256,
                    size=os.path.getsize(out),
                )
                auth_services.index_sha256(sha256)
        except IntegrityError:  # made at the same time by another request: use that one
            default_storage.delete(key)
            copy = IssuedCopy.objects.get(document=document, signatures=count)
        return default_storage.open(copy.file.name, "rb"), copy.sha256


def write_process_pdf(
    process: Process,
    documents: list[Document],
    workdir: Path,
    *,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """The process's PDF in `workdir`: a cover, then every document in order, each
    signed one with its signature block. Returns the path."""
    cover = _html_file(
        f"<h1>Processo {format_number(process.number)}</h1>"
        f"<p><b>Tipo:</b> {html_lib.escape(process.process_type.name)}</p>"
        f"<p><b>Especificação:</b> {html_lib.escape(process.summary)}</p>"
        f"<p><b>Documentos:</b> {len(documents)}</p>",
        workdir / "cover.pdf",
    )
    parts = [cover]
    for index, document in enumerate(documents, start=1):
        parts.extend(document_parts(document, workdir))
        if progress:
            progress(round(80 * index / max(1, len(documents))))
    return assemble(parts, workdir / "process.pdf")
