"""Following's periodic work, run by the job queue (hub/jobs)."""

from hub.jobs.queue import crontab, lock_task, periodic_job


@periodic_job(crontab(minute="7"))
@lock_task("follows-send-digests")
def follows_send_digests() -> None:
    """Checked hourly; each member gets at most one weekly digest per ISO week."""
    from hub.follows.services import digests_send

    digests_send()
