"""Pledges' periodic work, run by the job queue (hub/jobs)."""

from hub.jobs.queue import crontab, periodic_job


@periodic_job(crontab(minute="*/5"))
def pledges_settle_due() -> dict[str, int]:
    """Settle calls for backing whose deadline has passed (idempotent; pages never do)."""
    from hub.pledges.services import calls_settle_due

    return calls_settle_due()
