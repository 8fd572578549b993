"""Checks on uploaded files, by content (never by the name or the client's MIME type)."""

import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"


def is_pdf(file) -> bool:
    """True when the file starts with the PDF signature and pypdf can read its pages.

    The file is read from disk or memory as Django holds it (large uploads are temporary
    files), and left at position 0."""
    try:
        file.seek(0)
        if file.read(len(PDF_MAGIC)) != PDF_MAGIC:
            return False
        file.seek(0)
        reader = PdfReader(file, strict=False)
        return len(reader.pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        logger.info("not a readable PDF", extra={"error": f"{type(exc).__name__}: {exc}"})
        return False
    finally:
        file.seek(0)


def blank_pdf(pages: int = 1) -> bytes:
    """A minimal valid PDF of blank A4 pages (demo data, tests and benchmarks)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
