"""The search API every view, template tag and other app uses. Nothing else talks to a backend.

search.api.search(query="bin colection", user=request.user, filters={"council_type": ["NMD"]})
search.api.autocomplete("bin", user=request.user)
search.api.related(post, user=request.user, limit=5)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from search import facets, searchlog
from search.backends import get_backend
from search.backends.base import (
    FACET_FIELDS,
    SORTS,
    BackendUnavailable,
    Hit,
    SearchRequest,
)
from search.query import ParsedQuery, QueryTooLong, parse, words_in
from search.registry import (
    present,
    related_exclusions,
    source_key,
    type_labels,
    viewer_access_keys,
)

logger = logging.getLogger(__name__)

PER_PAGE = 20
MAX_PAGE = 200  # deep pages are never useful and Elasticsearch caps result windows
MAX_FILTER_VALUES = 20
DID_YOU_MEAN_RATIO = 4
# First page of a relevance search: each further hit from a source already shown (another
# section of the same standard version) moves this many places down, so one source cannot
# fill the top of the page. Shared by every backend (``diversify``).
SOURCE_REPEAT_GAP = 5
FACET_SHOWN = 10
UNAVAILABLE_MESSAGE = _(
    "Search is temporarily unavailable. Everything else on the hub still works; "
    "please try again in a few minutes."
)
FACET_TITLES = {name: spec.title for name, spec in facets.FACETS.items()}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    title: str
    options: list[FacetOption]

    @property
    def shown(self) -> list[FacetOption]:
        """The first ``FACET_SHOWN`` options, plus any ticked ones: always visible."""
        return [o for i, o in enumerate(self.options) if i < FACET_SHOWN or o.selected]

    @property
    def more(self) -> list[FacetOption]:
        """The rest, behind "Show all" on long lists (authors, tags)."""
        return [o for i, o in enumerate(self.options) if i >= FACET_SHOWN and not o.selected]


@dataclass
class SearchPage:
    """Everything a results page or the JSON API shows."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: Page | None = None
    facets: list[Facet] = field(default_factory=list)
    suggestion: str = ""
    message: str = ""  # a clear sentence for bad input or an outage, shown instead of hits
    searched: bool = False
    type_labels: dict[str, str] = field(default_factory=dict)
    log_id: int | None = None  # the search log row of a logged first page (``log=True``)


class _Counted:
    """Lets Django's Paginator count results the backend already counted."""

    def __init__(self, total: int):
        self.total = total

    def count(self) -> int:
        return self.total


def _clean_filters(filters: dict | None) -> dict[str, list[str]]:
    cleaned = {}
    for name, values in (filters or {}).items():
        if name not in FACET_FIELDS:
            continue
        if isinstance(values, str):
            values = [values]
        kept = [str(v)[:200] for v in values if v][:MAX_FILTER_VALUES]
        if kept:
            cleaned[name] = list(dict.fromkeys(kept))
    return cleaned


def _as_datetime(value, end: bool = False) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time.max if end else time.min))


def facet_labels(name: str, values: list[str]) -> dict[str, str]:
    """Human labels for facet values, from the labeller the owning app registered."""
    return facets.labels(name, values)


def search(
    *,
    query: str,
    user,
    filters: dict | None = None,
    date_from=None,
    date_to=None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
    with_facets: bool = True,
    log: bool = False,
) -> SearchPage:
    """Search everything ``user`` may see. Never raises for bad input or an unreachable backend.

    ``log``: the search pages pass True so a first page is remembered (anonymously) in the
    search log, and each hit's ``click_url`` counts a followed result against it (see
    ``search.searchlog``: ``frequent_queries``, ``unmet_queries``, ``queries_without_clicks``).
    """
    filters = _clean_filters(filters)
    result = SearchPage(query=query or "", type_labels=type_labels())
    try:
        parsed = parse(query or "")
    except QueryTooLong as error:
        result.message = str(error)
        return result
    if parsed.is_empty and not filters:
        if (query or "").strip():
            result.message = gettext("Enter words to search for: letters or numbers.")
        return result
    try:
        page = max(1, min(int(page), MAX_PAGE))
    except (TypeError, ValueError):
        page = 1
    request = SearchRequest(
        query=parsed,
        access_keys=frozenset(viewer_access_keys(user)),
        filters=filters,
        date_from=_as_datetime(date_from),
        date_to=_as_datetime(date_to, end=True),
        sort=sort if sort in SORTS else "relevance",
        page=page,
        per_page=per_page,
        with_facets=with_facets,
    )
    backend = get_backend()
    try:
        results = backend.search(request)
    except BackendUnavailable as error:
        logger.warning("Search backend unavailable: %s", error)
        result.message = str(UNAVAILABLE_MESSAGE)
        return result
    result.searched = True
    present(results.hits)
    result.hits = results.hits
    if request.sort == "relevance" and page == 1 and not parsed.is_empty:
        result.hits = diversify(results.hits)
    result.total = results.total
    if log and page == 1 and not parsed.is_empty:
        result.log_id = searchlog.record(
            parsed.text, backend=backend_label(backend), hits=results.total, filters=filters
        )
        if result.log_id is not None:
            for hit in result.hits:
                hit.click_url = click_url(result.log_id, hit.url)
    # Backends suggest only for words missing from the vocabulary, i.e. probable typos; the
    # suggestion is kept only when it is much more likely and finds more (``_worth_offering``).
    if results.suggestion and _worth_offering(
        backend, parsed.text, results.suggestion, request.access_keys
    ):
        result.suggestion = results.suggestion
    paginator = Paginator(_Counted(min(results.total, MAX_PAGE * per_page)), per_page)
    result.page = Page(result.hits, page, paginator)
    for name in FACET_FIELDS:
        counts = results.facets.get(name, [])
        selected = filters.get(name, [])
        values = [v for v, _ in counts]
        # Selected values stay visible (with a zero count) so they can be unticked.
        values += [v for v in selected if v not in values]
        labels = facet_labels(name, values)
        count_of = dict(counts)
        options = [
            FacetOption(v, labels.get(v, v), count_of.get(v, 0), v in selected) for v in values
        ]
        if options:
            result.facets.append(Facet(name, str(FACET_TITLES[name]), options))
    return result


def diversify(hits: list[Hit], gap: int = SOURCE_REPEAT_GAP) -> list[Hit]:
    """Reorder a first page so one source's many documents do not crowd out the others.

    The n-th hit (n >= 1, counting from 0) of a source already on the page moves ``gap * n``
    places down; hits from different sources keep their order. Only the page is reordered,
    so page 2 still starts where the backend's ranking left off.
    """
    seen: dict[str, int] = {}
    keyed = []
    for position, hit in enumerate(hits):
        repeats = seen.get(hit.source or hit.doc_id, 0)
        seen[hit.source or hit.doc_id] = repeats + 1
        keyed.append((position + gap * repeats, position, hit))
    return [hit for _, _, hit in sorted(keyed, key=lambda k: (k[0], k[1]))]


def _worth_offering(backend, typed: str, suggestion: str, access_keys) -> bool:
    """Offer "did you mean" only if every corrected word matches at least
    ``DID_YOU_MEAN_RATIO`` times as many visible documents as the word typed (and some)."""
    typed_words, suggested = words_in(typed), words_in(suggestion)
    if len(typed_words) != len(suggested):
        return False
    changed = [(t, s) for t, s in zip(typed_words, suggested, strict=True) if t != s]
    if not changed:
        return False
    try:
        counts = backend.term_counts([w for pair in changed for w in pair], access_keys)
    except BackendUnavailable:
        return False
    return all(
        counts.get(s, 0) >= max(1, DID_YOU_MEAN_RATIO * counts.get(t, 0)) for t, s in changed
    )


def backend_label(backend=None) -> str:
    """ "elasticsearch", "postgresql" or "sqlite": the engine that answered."""
    backend = backend or get_backend()
    return connection.vendor if backend.name == "database" else backend.name


def click_url(log_id: int, url: str) -> str:
    """The link to a result through the click counter (``/search/click/``): it counts the
    click against the logged search and redirects to ``url`` (a same-site path)."""
    token = searchlog.click_token(log_id, url)
    return f"{reverse('search:click')}?{urlencode({'to': url, 'c': token})}"


def unmet_queries(
    *, days: int = searchlog.RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[searchlog.UnmetQuery]:
    """The most frequent searches that found nothing in the last ``days`` (at most 90).

    Each item has ``query``, ``count``, ``last_searched`` and ``backends``; most searched
    first. No user, session or IP is ever stored. For dashboards and the staff page.
    """
    return searchlog.unmet_queries(days=days, limit=limit, backend=backend)


def frequent_queries(
    *, days: int = searchlog.RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[searchlog.QueryStat]:
    """The most searched queries (first pages) in the last ``days`` (at most 90).

    Each item has ``query``, ``count`` (searches), ``clicks`` (results followed), ``no_hits``
    (searches that found nothing), ``last_searched`` and ``backends``; most searched first.
    """
    return searchlog.frequent_queries(days=days, limit=limit, backend=backend)


def queries_without_clicks(
    *, days: int = searchlog.RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[searchlog.QueryStat]:
    """Queries that found results but whose results nobody followed, most searched first
    (same items as ``frequent_queries``, with ``clicks == 0``)."""
    return searchlog.queries_without_clicks(days=days, limit=limit, backend=backend)


def autocomplete(prefix: str, *, user, limit: int = 8) -> list[Hit]:
    """Titles starting with (a word starting with) ``prefix``, visible to ``user``."""
    try:
        parsed: ParsedQuery = parse(prefix or "")
    except QueryTooLong:
        return []
    if not parsed.text:
        return []
    try:
        hits = get_backend().autocomplete(
            parsed.text, frozenset(viewer_access_keys(user)), max(1, min(limit, 20))
        )
    except BackendUnavailable:
        return []
    present(hits)
    return hits


def related(obj, *, user, limit: int = 5) -> list[Hit]:
    """Documents like ``obj``'s (more-like-this), that ``user`` may see; [] if none or down.

    The hits are for a list of titles: backends count no totals or facets and build no
    snippets for them (``snippet_html`` is empty).
    """
    if obj is None or getattr(obj, "pk", None) is None:
        return []
    try:
        hits = get_backend().related(
            source_key(obj),
            frozenset(viewer_access_keys(user)),
            max(1, min(limit, 20)),
            exclude=tuple(related_exclusions(obj)),
        )
    except BackendUnavailable:
        return []
    present(hits)
    return hits


def hit_as_json(hit: Hit, labels: dict[str, str] | None = None) -> dict:
    labels = labels if labels is not None else type_labels()
    return {
        "id": hit.doc_id,
        "type": hit.doc_type,
        "type_label": labels.get(hit.doc_type, hit.doc_type.replace("_", " ").capitalize()),
        "title": hit.title,
        "context": hit.context,
        "snippet_html": hit.snippet_html,
        "url": hit.url,
        "councils": hit.council_names,
        "author": hit.author_name,
        "author_handle": hit.author_handle,
        "date": hit.created_at.isoformat() if hit.created_at else None,
    }
