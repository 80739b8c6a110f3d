"""Moving changes from the outbox into the search backend, rebuilding, and checking for drift.

The outbox row is the only record that an object needs reindexing, so it is deleted only
after the backend has confirmed the write. A failed batch stays in the outbox with a growing
back-off; ``search_worker`` retries it, and nothing is lost while Elasticsearch is down.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from search.backends import get_backend
from search.backends.base import SearchBackend, fingerprint
from search.models import OutboxEntry
from search.registry import SearchDocument, adapter_for, all_adapters, documents_for

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300


@dataclass
class DrainStats:
    batches: int = 0
    indexed_objects: int = 0
    documents: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """Exponential back-off for failed rows: 2 s, 4 s, 8 s ... capped at five minutes."""
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 2 ** max(1, attempts)))


def _due(include_waiting: bool):
    rows = OutboxEntry.objects.all()
    if not include_waiting:
        rows = rows.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
    return rows.order_by("id")


def documents_for_keys(keys: list[tuple[str, str]]) -> tuple[list[str], list[SearchDocument]]:
    """Current documents for (model label, pk) pairs; a gone or unregistered object has none."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, object_id in keys:
        by_label[label].append(object_id)
    sources, documents = [], []
    for label, ids in by_label.items():
        sources += [f"{label}:{i}" for i in ids]
        adapter = adapter_for(label)
        if adapter is None:
            continue
        for instance in adapter.queryset().filter(pk__in=ids):
            documents += documents_for(instance)
    return sources, documents


def drain_batch(
    backend: SearchBackend | None = None, *, batch_size: int = 200, include_waiting: bool = False
) -> tuple[int, int] | None:
    """Process one batch; returns (objects, documents), or None when nothing is due.

    Raises the backend's error after recording it on the rows.
    """
    backend = backend or get_backend()
    with transaction.atomic():
        rows = _due(include_waiting)
        if connection.features.has_select_for_update_skip_locked:
            # Several workers may run; each takes rows the others are not holding.
            rows = rows.select_for_update(skip_locked=True)
        rows = list(rows[:batch_size])
        if not rows:
            return None
        keys = list(dict.fromkeys((r.model_label, r.object_id) for r in rows))
        try:
            # A savepoint, so a database error here still lets the failure be recorded.
            with transaction.atomic():
                sources, documents = documents_for_keys(keys)
                backend.replace(sources, documents)
        except Exception as error:
            now = timezone.now()
            for row in rows:
                row.attempts += 1
                row.next_attempt_at = now + backoff(row.attempts)
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
            OutboxEntry.objects.bulk_update(rows, ["attempts", "next_attempt_at", "last_error"])
            failure = error
        else:
            failure = None
            # Only the rows read are deleted: a change queued meanwhile gets its own pass.
            OutboxEntry.objects.filter(pk__in=[r.pk for r in rows]).delete()
    if failure is not None:
        raise failure
    return len(keys), len(documents)


def drain(
    backend: SearchBackend | None = None,
    *,
    batch_size: int = 200,
    max_batches: int | None = None,
    include_waiting: bool = False,
) -> DrainStats:
    """Drain due outbox rows in batches until none are left (or a batch fails)."""
    stats = DrainStats()
    while max_batches is None or stats.batches < max_batches:
        try:
            result = drain_batch(backend, batch_size=batch_size, include_waiting=include_waiting)
        except Exception as error:  # recorded on the rows; the caller decides what to say
            stats.failed += 1
            stats.errors.append(f"{type(error).__name__}: {error}")
            logger.warning("Search outbox batch failed: %s", error)
            break
        if result is None:
            break
        stats.batches += 1
        stats.indexed_objects += result[0]
        stats.documents += result[1]
    return stats


def all_documents() -> Iterator[SearchDocument]:
    """Every document of every registered model, for rebuilds and drift checks."""
    for adapter in all_adapters().values():
        for instance in adapter.queryset().iterator(chunk_size=500):
            yield from documents_for(instance)


def count_objects() -> int:
    return sum(adapter.queryset().count() for adapter in all_adapters().values())


def rebuild(backend: SearchBackend | None = None, progress: Callable[[int], None] | None = None):
    """Rebuild the whole index from the database (the backend swaps atomically)."""
    backend = backend or get_backend()
    return backend.rebuild(all_documents(), total=count_objects(), progress=progress)


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # doc_ids in the database, not indexed
    stale: list[str] = field(default_factory=list)  # indexed with different content
    orphaned: list[str] = field(default_factory=list)  # indexed, no longer in the database
    expected_sources: dict[str, str] = field(default_factory=dict)  # doc_id -> source

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def check(backend: SearchBackend | None = None) -> Drift:
    """Compare what the database says should be indexed with what is."""
    backend = backend or get_backend()
    expected = {d.doc_id: (d.source, fingerprint(d)) for d in all_documents()}
    indexed = backend.indexed_fingerprints()
    drift = Drift(expected_sources={k: v[0] for k, v in expected.items()})
    for doc_id, (_, print_) in expected.items():
        if doc_id not in indexed:
            drift.missing.append(doc_id)
        elif indexed[doc_id][1] != print_:
            drift.stale.append(doc_id)
    drift.orphaned = sorted(set(indexed) - set(expected))
    drift.missing.sort()
    drift.stale.sort()
    return drift


def repair(drift: Drift, backend: SearchBackend | None = None) -> int:
    """Reindex the sources of missing and stale documents and delete orphans."""
    backend = backend or get_backend()
    sources = {drift.expected_sources[d] for d in drift.missing + drift.stale}
    keys = [tuple(s.rsplit(":", 1)) for s in sorted(sources)]
    for start in range(0, len(keys), 200):
        chunk = keys[start : start + 200]
        chunk_sources, documents = documents_for_keys(chunk)
        backend.replace(chunk_sources, documents)
    if drift.orphaned:
        backend.delete_doc_ids(drift.orphaned)
    backend.refresh()
    return len(sources) + len(drift.orphaned)
