"""Standards' background and periodic work, run by the job queue (hub/jobs)."""

from hub.jobs.queue import crontab, job, periodic_job


@periodic_job(crontab(minute="*/5"))
def standards_close_consultations() -> int:
    """Close consultations past their closing date (pages show them closed from the date)."""
    from hub.standards.services import consultations_close_due

    return consultations_close_due()


@job(retries=0)
def standards_validate(run_id: int) -> None:
    """Validate one queued upload or URL (a failure is recorded on the run, never retried)."""
    from hub.standards.services import validation_run_execute

    validation_run_execute(run_id=run_id)


@periodic_job(crontab(minute="20"))
def standards_check_endpoints() -> tuple[int, int]:
    """Every hour, check the registered endpoints not checked for a day (so each is checked
    daily, spread over the day)."""
    from hub.standards.services import endpoints_check_due

    return endpoints_check_due()


@periodic_job(crontab(minute="40", hour="3"))
def standards_purge_validation_runs() -> int:
    """Delete validation reports past their keeping date (90 days)."""
    from hub.standards.services import validation_runs_purge

    return validation_runs_purge()
