"""Full-text search over processes: their metadata and their documents' text.

PostgreSQL full-text search with the Portuguese stemmer. Accent-insensitivity is done
by folding accents in Python on both sides (indexed text and queries), which needs no
`unaccent` extension (not every PostgreSQL we run on has it). The vector is rebuilt by
`reindex` after every change that affects it."""

from __future__ import annotations

import html
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, Value
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet

from core.models import Process, Signature
from core.text import fold

CONFIG = "portuguese"
_TAGS = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAGS.sub(" ", markup or ""))).strip()


def reindex(process: Process) -> None:
    """Rebuild one process's search vector (weights: A number/summary, B type/parties,
    C documents)."""
    parties = " ".join(f"{p.name} {p.document}" for p in process.parties.all())
    # A draft's words stay out until it is signed: its content is readable only in the
    # unit that generated it (permissions.check_view), so search must not reveal it to
    # other units. Its name and description are listed to everyone, so they are indexed.
    rows = process.documents.select_related("document_type").annotate(
        signed=Exists(Signature.objects.filter(document=OuterRef("pk")))
    )
    documents = " ".join(
        f"{d} {d.description} {d.original_name} "
        + (d.text if d.kind == d.Kind.EXTERNAL or d.signed else "")
        for d in rows
    )
    head = f"{process.number} {process} {process.summary}"
    middle = f"{process.process_type.name} {parties}"
    vector = (
        SearchVector(Value(fold(head)), weight="A", config=CONFIG)
        + SearchVector(Value(fold(middle)), weight="B", config=CONFIG)
        + SearchVector(Value(fold(documents)[:500_000]), weight="C", config=CONFIG)
    )
    Process.objects.filter(pk=process.pk).update(search_vector=vector)


def reindex_on_commit(process: Process) -> None:
    transaction.on_commit(lambda: reindex(Process.objects.get(pk=process.pk)))


def search(queryset: QuerySet[Process], text: str) -> QuerySet[Process]:
    """Rank `queryset` (already limited to what the person may see) by `text`."""
    query = SearchQuery(fold(text), config=CONFIG, search_type="websearch")
    return (
        queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-created_at")
    )
