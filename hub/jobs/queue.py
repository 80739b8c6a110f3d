"""The one job queue: how apps declare background jobs and periodic work.

Apps put their jobs in their own ``tasks.py`` (found at start-up) using ``job`` and
``periodic_job``, which carry the hub's retry policy: a failing job is tried again with
exponential back-off, and when its retries are used up it is recorded as a ``JobFailure`` that
staff see in the admin. Jobs take primary keys, re-read their rows, and must be idempotent:
a retry, or a periodic run that overlaps another, does no harm.
"""

from collections.abc import Callable

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, lock_task

__all__ = ["HUEY", "crontab", "enqueue_on_commit", "job", "lock_task", "periodic_job"]

# 30 s, 1 min, 2 min, 4 min, 8 min: a database blip or a restart is ridden out in minutes.
RETRIES = 5
RETRY_DELAY_SECONDS = 30
RETRY_BACKOFF = 2.0


def job(
    *,
    retries: int = RETRIES,
    retry_delay: float = RETRY_DELAY_SECONDS,
    retry_backoff: float = RETRY_BACKOFF,
    **options,
) -> Callable:
    """Declare a background job (a Huey task that closes stale database connections)."""
    return db_task(retries=retries, retry_delay=retry_delay, retry_backoff=retry_backoff, **options)


def periodic_job(schedule, *, retries: int = 2, **options) -> Callable:
    """Declare periodic work, e.g. ``periodic_job(crontab(minute="*/5"))``. Periodic jobs retry
    less: the next scheduled run is itself a retry."""
    return db_periodic_task(
        schedule, retries=retries, retry_delay=RETRY_DELAY_SECONDS, retry_backoff=2.0, **options
    )


def enqueue_on_commit(task: Callable, *args, **kwargs) -> None:
    """Queue ``task(*args, **kwargs)`` once the current transaction commits (never for one that
    rolls back). Arguments must be primary keys and plain values, not model instances."""
    transaction.on_commit(lambda: task(*args, **kwargs))
