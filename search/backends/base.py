"""The one interface both search backends implement, and the plain values they exchange.

Views and services never import a backend: they call ``search.api``, which builds a
``SearchRequest`` and asks ``search.backends.get_backend()``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from search.facets import FACETS
from search.query import ParsedQuery
from search.registry import MEMBERS, PUBLIC, SearchDocument

# Filterable and faceted fields (declared in search.facets), in the order the search page
# shows them, mapped to the ``SearchDocument`` attribute each reads.
FACET_FIELDS: dict[str, str] = {name: spec.attribute for name, spec in FACETS.items()}
SORTS = ("relevance", "newest")
# Documents whose words may appear in suggestions ("did you mean", fuzzy vocabulary): words
# from a private group's document must not be offered to people outside it, and words from a
# sign-in-only document must not be offered to anonymous visitors (``vocabulary_scope``).
VOCABULARY_KEYS = frozenset({PUBLIC, MEMBERS})


def vocabulary_scope(access: Iterable[str]) -> str | None:
    """Who may be offered this document's words: PUBLIC, MEMBERS, or None (nobody)."""
    keys = set(access)
    if PUBLIC in keys:
        return PUBLIC
    if MEMBERS in keys:
        return MEMBERS
    return None


class BackendUnavailable(Exception):
    """The backend could not be reached; callers show a message, the outbox keeps the work."""


@dataclass
class SearchRequest:
    query: ParsedQuery
    access_keys: frozenset[str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: datetime | None = None
    date_to: datetime | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    # More-like-this lists show titles only: no total (``total`` is then the number of hits
    # returned) and no snippets (``snippet_html`` is then "").
    with_total: bool = True
    with_snippets: bool = True
    exclude_sources: tuple[str, ...] = ()
    fuzzy: bool = True  # typo tolerance; off for the exact counts behind "did you mean"


@dataclass
class Hit:
    doc_id: str
    doc_type: str
    title: str
    snippet_html: str  # escaped text with <mark> around matches: safe to render
    url: str
    context: str = ""  # shown after the title, e.g. 'on “Post title”' for a comment
    source: str = ""
    created_at: datetime | None = None
    author_name: str = ""
    author_handle: str = ""
    council_names: list[str] = field(default_factory=list)
    score: float = 0.0
    # Set by ``search.api`` on a logged results page: the link through the click counter.
    click_url: str = ""


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestion: str = ""  # "did you mean" text, or ""
    page: int = 1
    per_page: int = 20


def document_values(document: SearchDocument) -> dict[str, list[str]]:
    """The facet values of a document, per facet field (lists, de-duplicated)."""
    values = {}
    for name, attribute in FACET_FIELDS.items():
        raw = getattr(document, attribute)
        items = [raw] if isinstance(raw, str) else list(raw)
        values[name] = list(dict.fromkeys(v for v in items if v))
    return values


def fingerprint(document: SearchDocument) -> str:
    """A stable hash of everything indexed, so ``search_check`` can spot stale documents."""
    # vars(), not asdict(): the same keys and values without asdict's deep copy, which cost
    # more than the hash on bulk indexing; the JSON (so every stored fingerprint) is unchanged.
    payload = vars(document)
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()


class SearchBackend:
    """What every backend does. Writes are idempotent, so the outbox may retry freely."""

    name = "base"

    def replace(self, sources: Iterable[str], documents: list[SearchDocument]) -> None:
        """Make the index hold exactly ``documents`` for these sources (removing the rest).

        Raise on failure: the caller keeps the outbox rows and retries later.
        """
        raise NotImplementedError

    def search(self, request: SearchRequest) -> SearchResults:
        raise NotImplementedError

    def autocomplete(self, prefix: str, access_keys: frozenset[str], limit: int) -> list[Hit]:
        raise NotImplementedError

    def term_counts(self, words: list[str], access_keys: frozenset[str]) -> dict[str, int]:
        """How many documents the viewer may see match each word exactly (stemmed, no typo
        tolerance): the evidence "did you mean" needs before it offers a correction."""
        raise NotImplementedError

    def related(
        self, source: str, access_keys: frozenset[str], limit: int, exclude: tuple[str, ...] = ()
    ) -> list[Hit]:
        """Documents like the ones from ``source`` (more-like-this), permission-filtered,
        never from ``source`` itself or the ``exclude`` sources."""
        raise NotImplementedError

    def rebuild(self, documents: Iterator[SearchDocument], total: int, progress=None) -> int:
        """Index everything afresh and switch to it atomically. Returns the count indexed."""
        raise NotImplementedError

    def verify_analysis(self) -> None:
        """Raise ``ImproperlyConfigured`` if the engine lacks what search needs (start-up)."""

    def index_ready(self) -> bool:
        """True when a complete index is live, so ``search_reindex --if-missing`` may skip.

        The database backend's tables exist once migrations ran and the outbox keeps them
        filled, so there is nothing to build; Elasticsearch overrides this.
        """
        return True

    def indexed_fingerprints(self) -> dict[str, tuple[str, str]]:
        """Every indexed document: doc_id -> (source, fingerprint), for drift checks."""
        raise NotImplementedError

    def delete_doc_ids(self, doc_ids: Iterable[str]) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Make writes visible to searches now (tests, after a rebuild)."""

    def clear(self) -> None:
        """Remove every document (tests)."""
        raise NotImplementedError

    def status(self) -> dict:
        """A short description for ``search_check`` (engine, index, analysis features)."""
        return {"backend": self.name}


MARK_START = "\ue000"
MARK_END = "\ue001"


def strip_marks(text: str) -> str:
    """Remove the private-use highlight sentinels from indexed text so snippets stay balanced."""
    return (text or "").replace(MARK_START, "").replace(MARK_END, "")


def marked_html(text: str) -> str:
    """Escape a snippet and turn the sentinels a backend put around matches into <mark>."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    escaped = escape(text or "")
    if escaped.count(MARK_START) != escaped.count(MARK_END):
        return mark_safe(strip_marks(escaped))  # noqa: S308 - escaped just above
    # Safe: every character of the text was escaped; only our own <mark> tags are added.
    return mark_safe(  # noqa: S308
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def plain_snippet(text: str, length: int = 240) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"
