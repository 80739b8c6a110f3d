"""Account jobs: building a member's data download, expiring old ones, ending sessions."""

from hub.jobs.queue import crontab, job, periodic_job


@job()
def accounts_build_export(export_id: int) -> None:
    from accounts.lifecycle.exports import export_build

    export_build(export_id=export_id)


@periodic_job(crontab(minute="23"))
def accounts_expire_exports() -> int:
    """Hourly: delete download files whose link has expired; give up on stuck builds."""
    from accounts.lifecycle.exports import exports_expire

    return exports_expire()


@job()
def accounts_end_sessions(user_id: int) -> int:
    from accounts.lifecycle.deletion import sessions_end

    return sessions_end(user_id)
