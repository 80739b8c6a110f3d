"""Notification jobs: deliver each event after commit, send emails, sweep up lost events."""

from hub.jobs.queue import crontab, job, lock_task, periodic_job


@job()
def notifications_deliver_event(event_id: int) -> int:
    from hub.notifications.delivery import event_deliver

    return event_deliver(event_id)


@job()
def notifications_forget_unread(user_ids: list[int]) -> None:
    """After delivery: drop these members' cached unread counts and stored pages."""
    from hub.notifications.services import forget_unread_counts

    forget_unread_counts(user_ids)


@job()
def notifications_send_instant(user_ids: list[int]) -> int:
    from hub.notifications.email_queue import instant_send_due

    return instant_send_due(user_ids)


@periodic_job(crontab(minute="*"))
def notifications_deliver_stale_events() -> int:
    """Events whose delivery job was lost (a crash between commit and enqueue) go out late."""
    from hub.notifications.delivery import events_deliver_stale

    return events_deliver_stale()


@periodic_job(crontab(minute="0", hour="7"))
@lock_task("notifications-daily-digest")
def notifications_send_daily_digests() -> int:
    from hub.notifications.emails import digests_send

    return digests_send("daily")


@periodic_job(crontab(minute="0", hour="7", day_of_week="1"))
@lock_task("notifications-weekly-digest")
def notifications_send_weekly_digests() -> int:
    from hub.notifications.emails import digests_send

    return digests_send("weekly")
