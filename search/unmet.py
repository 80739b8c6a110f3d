"""Searches that found nothing, kept 90 days: the community's list of unmet needs.

``record()`` is called by the search pages (HTML and JSON) for a first page with no hits.
Each row holds the query text (cleaned, lower-cased), the backend, the facet filters and the
time: no user, session or IP address. Read them with ``unmet_queries()`` (also exported as
``search.api.unmet_queries``), the staff page ``/search/unmet/`` or
``manage.py search_unmet``; ``prune()`` deletes rows past the retention period (the command
does it, and ``record()`` does it at most once a day per process).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import DatabaseError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from search.models import UnmetSearch

logger = logging.getLogger(__name__)

RETENTION_DAYS = 90
_PRUNE_EVERY_SECONDS = 24 * 3600
_last_prune = 0.0


@dataclass
class UnmetQuery:
    """One query text that found nothing, with how often and when it was last searched."""

    query: str
    count: int
    last_searched: datetime
    backends: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    return " ".join((text or "").lower().split())[:500]


def record(query: str, *, backend: str, filters: dict | None = None) -> None:
    """Remember that ``query`` found nothing. Never raises: search must not fail for a log."""
    global _last_prune
    text = normalise(query)
    if not text:
        return
    try:
        with transaction.atomic():
            UnmetSearch.objects.create(
                query=text, backend=backend[:20], filters=dict(sorted((filters or {}).items()))
            )
        if time.monotonic() - _last_prune > _PRUNE_EVERY_SECONDS:
            _last_prune = time.monotonic()
            prune()
    except DatabaseError as error:  # e.g. SQLite busy under a burst of writes
        logger.warning("Could not record an unmet search: %s", error)


def prune(days: int = RETENTION_DAYS) -> int:
    """Delete unmet searches older than ``days``; returns how many were deleted."""
    deleted, _ = UnmetSearch.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=days)
    ).delete()
    return deleted


def unmet_queries(
    *, days: int = RETENTION_DAYS, limit: int = 20, backend: str | None = None
) -> list[UnmetQuery]:
    """The most frequent queries that found nothing in the last ``days`` (at most 90).

    Most searched first, then most recent. ``backend`` limits to one backend's searches.
    """
    since = timezone.now() - timedelta(days=max(1, min(days, RETENTION_DAYS)))
    rows = UnmetSearch.objects.filter(created_at__gte=since)
    if backend:
        rows = rows.filter(backend=backend)
    top = list(
        rows.values("query")
        .annotate(count=Count("id"), last=Max("created_at"))
        .order_by("-count", "-last", "query")[: max(1, min(limit, 500))]
    )
    backends: dict[str, set[str]] = {}
    for query, name in (
        rows.filter(query__in=[r["query"] for r in top]).values_list("query", "backend").distinct()
    ):
        backends.setdefault(query, set()).add(name)
    return [
        UnmetQuery(r["query"], r["count"], r["last"], sorted(backends.get(r["query"], ())))
        for r in top
    ]
