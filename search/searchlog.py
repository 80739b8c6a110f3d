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
from django.db import DatabaseError, transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

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


def unmet_queries(
    *, days: int = RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[UnmetQuery]:
    """The most frequent queries that found nothing in the last ``days`` (at most 90).

    Most searched first, then most recent. ``backend`` limits to one backend's searches.
    """
    rows = _recent(days, backend).filter(hits=0)
    top = list(
        rows.values("query")
        .annotate(count=Count("id"), last=Max("created_at"))
        .order_by("-count", "-last", "query")[: _limit(limit)]
    )
    engines = _backends(rows, [r["query"] for r in top])
    return [UnmetQuery(r["query"], r["count"], r["last"], engines.get(r["query"], [])) for r in top]


def _stats(rows: QuerySet[SearchLog], limit: int, *, without_clicks: bool) -> list[QueryStat]:
    grouped = rows.values("query").annotate(
        count=Count("id"),
        followed=Sum("clicks"),
        no_hits=Count("id", filter=Q(hits=0)),
        last=Max("created_at"),
    )
    if without_clicks:
        # Found something at least once, and nothing was ever followed.
        grouped = grouped.filter(followed=0).exclude(no_hits=F("count"))
    top = list(grouped.order_by("-count", "-last", "query")[: _limit(limit)])
    engines = _backends(rows, [r["query"] for r in top])
    return [
        QueryStat(
            r["query"],
            r["count"],
            r["followed"] or 0,
            r["no_hits"],
            r["last"],
            engines.get(r["query"], []),
        )
        for r in top
    ]


def frequent_queries(
    *, days: int = RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[QueryStat]:
    """The most searched queries in the last ``days`` (at most 90), most searched first."""
    return _stats(_recent(days, backend), limit, without_clicks=False)


def queries_without_clicks(
    *, days: int = RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[QueryStat]:
    """Queries whose searches found results but none of them was ever followed (clicked),
    most searched first: the answers exist on paper but do not look like answers."""
    return _stats(_recent(days, backend), limit, without_clicks=True)
