"""Standards' periodic work, run by the job queue (hub/jobs)."""

from hub.jobs.queue import crontab, periodic_job


@periodic_job(crontab(minute="*/5"))
def standards_close_consultations() -> int:
    """Close consultations past their closing date (pages also close them when read)."""
    from hub.standards.services import consultations_close_due

    return consultations_close_due()
