"""The blog's periodic work, run by the job queue (hub/jobs)."""

from hub.blog.syndication import SYNC_EVERY_MINUTES
from hub.jobs.queue import crontab, lock_task, periodic_job


@periodic_job(crontab(minute="*"))
def blog_publish_due_posts() -> int:
    """Scheduled posts whose time has come go into search (every minute)."""
    from hub.blog.services import posts_publish_due

    return posts_publish_due()


@periodic_job(crontab(minute=f"*/{SYNC_EVERY_MINUTES}"))
@lock_task("blog-sync-feeds")
def blog_sync_feeds() -> None:
    """Import new entries from practitioners' own feeds (due ones only; failing feeds back off)."""
    from hub.blog.syndication import feeds_due, feeds_sync

    feeds_sync(list(feeds_due()))
