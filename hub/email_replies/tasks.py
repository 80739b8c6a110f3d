"""Replies by email: poll the embedded Maildir every minute when ``INBOUND_MAILDIR`` is set."""

from hub.jobs.queue import crontab, lock_task, periodic_job


@periodic_job(crontab(minute="*"))
@lock_task("email-replies-maildir")
def email_replies_poll_maildir() -> dict:
    from hub.email_replies.maildir import configured_maildir, maildir_receive

    path = configured_maildir()
    return maildir_receive(path) if path else {}
