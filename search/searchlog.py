"""The search log, kept 90 days: what the community looks for, what it never finds and which
searches nobody followed.

``record()`` is called by the search pages (HTML and JSON) for every first page of results and
returns the row's id; the page's result links go through ``/search/click/`` carrying a signed
token (``click_token``) so a followed result counts against its search without JavaScript.
Each row holds the query text (cleaned, lower-cased), the backend, the facet filters, the
number of hits, the number of clicks and the time: no user, session or IP address, and the
token names only the row and the link.

Read it with ``unmet_queries()`` (no hits), ``frequent_queries()`` (most searched) and
``queries_without_clicks()`` (results found, none followed), also exported by ``search.api``,
the staff page ``/search/unmet/`` or ``manage.py search_unmet``. ``prune()`` deletes rows past
the retention period (the command does it, and ``record()`` at most once a day per process).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core import signing
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from hub.core.prepared import PreparedQuery
from search.models import SearchLog

logger = logging.getLogger(__name__)

RETENTION_DAYS = 90
# One search page shows 20 results; more clicks than this from one search are replays of the
# same link, not interest, so they are not counted.
MAX_CLICKS_PER_SEARCH = 20
CLICK_TOKEN_MAX_AGE = 24 * 3600  # a results page older than a day no longer counts clicks
_CLICK_SALT = "search.click"
_PRUNE_EVERY_SECONDS = 24 * 3600
_last_prune = 0.0


@dataclass
class UnmetQuery:
    """One query text that found nothing, with how often and when it was last searched."""

    query: str
    count: int
    last_searched: datetime
    backends: list[str] = field(default_factory=list)


@dataclass
class QueryStat:
    """One query text: how often it was searched, how many results were followed from it,
    how many of its searches found nothing, when it was last searched and on which engines."""

    query: str
    count: int
    clicks: int
    no_hits: int
    last_searched: datetime
    backends: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    return " ".join((text or "").lower().split())[:500]


def record(query: str, *, backend: str, hits: int = 0, filters: dict | None = None) -> int | None:
    """Log one first page of results; returns the row id for click tokens, or None.

    Never raises: search must not fail for a log.
    """
    global _last_prune
    text = normalise(query)
    if not text:
        return None
    try:
        with transaction.atomic():
            row = SearchLog.objects.create(
                query=text,
                backend=backend[:20],
                filters=dict(sorted((filters or {}).items())),
                hits=max(0, int(hits)),
            )
        if time.monotonic() - _last_prune > _PRUNE_EVERY_SECONDS:
            _last_prune = time.monotonic()
            prune()
    except DatabaseError as error:  # e.g. SQLite busy under a burst of writes
        logger.warning("Could not record a search: %s", error)
        return None
    return row.pk


def click_token(log_id: int, url: str) -> str:
    """A signed token binding one logged search to one result link."""
    return signing.dumps([log_id, url], salt=_CLICK_SALT, compress=False)


def record_click(token: str, url: str) -> bool:
    """Count a followed result if ``token`` is a fresh, genuine token for ``url``.

    Forged, stale or mismatched tokens count nothing (the caller still follows the link).
    """
    try:
        log_id, signed_url = signing.loads(token, salt=_CLICK_SALT, max_age=CLICK_TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if signed_url != url or not isinstance(log_id, int):
        return False
    try:
        return bool(
            SearchLog.objects.filter(pk=log_id, clicks__lt=MAX_CLICKS_PER_SEARCH).update(
                clicks=F("clicks") + 1
            )
        )
    except DatabaseError as error:
        logger.warning("Could not record a search click: %s", error)
        return False


def prune(days: int = RETENTION_DAYS) -> int:
    """Delete log rows older than ``days``; returns how many were deleted."""
    deleted, _ = SearchLog.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=days)
    ).delete()
    return deleted


def _recent(days: int, backend: str | None) -> QuerySet[SearchLog]:
    since = timezone.now() - timedelta(days=max(1, min(days, RETENTION_DAYS)))
    rows = SearchLog.objects.filter(created_at__gte=since)
    return rows.filter(backend=backend) if backend else rows


def _backends(rows: QuerySet[SearchLog], queries: list[str]) -> dict[str, list[str]]:
    found: dict[str, set[str]] = {}
    pairs = rows.filter(query__in=queries).values_list("query", "backend").distinct()
    for query, name in pairs:
        found.setdefault(query, set()).add(name)
    return {query: sorted(names) for query, names in found.items()}


def _limit(limit: int) -> int:
    return max(1, min(limit, 500))


def _grouped(*, since, backend, no_hits_only: bool, without_clicks: bool, limit: int):
    """One row per query text, most searched first. On PostgreSQL the engines that answered
    come in the same row (an array), elsewhere ``_backends`` looks them up afterwards."""
    rows = SearchLog.objects.filter(created_at__gte=since)
    if backend:
        rows = rows.filter(backend=backend)
    if no_hits_only:
        rows = rows.filter(hits=0)
    figures = {
        "count": Count("id"),
        "followed": Sum("clicks"),
        "no_hits": Count("id", filter=Q(hits=0)),
        "last": Max("created_at"),
    }
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg

        figures["engines"] = ArrayAgg("backend", distinct=True)
    grouped = rows.values_list("query").annotate(**figures)
    if without_clicks:
        # Found something at least once, and nothing was ever followed.
        grouped = grouped.filter(followed=0).exclude(no_hits=F("count"))
    return grouped.order_by("-count", "-last", "query")[:limit]


# Compiled once per process (hub/core/prepared.py): the community dashboard reads all three.
_GROUPED = PreparedQuery(_grouped, params=("since",))


def _top(days: int, limit: int, backend: str | None, **kind) -> list[tuple]:
    """``(query, count, clicks, no_hits, last, engines)`` rows, engines sorted."""
    since = timezone.now() - timedelta(days=max(1, min(days, RETENTION_DAYS)))
    top = _GROUPED.rows(since=since, backend=backend, limit=_limit(limit), **kind)
    if connection.vendor == "postgresql":
        return [(*row[:5], sorted(row[5])) for row in top]
    rows = _recent(days, backend)
    if kind["no_hits_only"]:
        rows = rows.filter(hits=0)
    engines = _backends(rows, [row[0] for row in top])
    return [(*row, engines.get(row[0], [])) for row in top]


def unmet_queries(
    *, days: int = RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[UnmetQuery]:
    """The most frequent queries that found nothing in the last ``days`` (at most 90).

    Most searched first, then most recent. ``backend`` limits to one backend's searches.
    """
    top = _top(days, limit, backend, no_hits_only=True, without_clicks=False)
    return [UnmetQuery(query, count, last, engines) for query, count, _, _, last, engines in top]


def _stats(days: int, limit: int, backend: str | None, *, without_clicks: bool) -> list[QueryStat]:
    top = _top(days, limit, backend, no_hits_only=False, without_clicks=without_clicks)
    return [
        QueryStat(query, count, clicks or 0, no_hits, last, engines)
        for query, count, clicks, no_hits, last, engines in top
    ]


def frequent_queries(
    *, days: int = RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[QueryStat]:
    """The most searched queries in the last ``days`` (at most 90), most searched first."""
    return _stats(days, limit, backend, without_clicks=False)


def queries_without_clicks(
    *, days: int = RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[QueryStat]:
    """Queries whose searches found results but none of them was ever followed (clicked),
    most searched first: the answers exist on paper but do not look like answers."""
    return _stats(days, limit, backend, without_clicks=True)
