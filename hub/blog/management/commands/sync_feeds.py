"""python manage.py sync_feeds"""

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hub.blog.models import SyndicatedFeed
from hub.blog.syndication import SYNC_EVERY_MINUTES, feeds_due, feeds_sync
from hub.core.commands import HubCommand


class Command(HubCommand):
    help = format_lazy(
        _(
            "Import new entries from practitioners' registered blog feeds (RSS or Atom) as hub "
            "posts linked to their originals. By default only feeds that are due are fetched: "
            "a new feed at once, then each feed every {interval} minutes "
            "(BLOG_SYNDICATION_INTERVAL_MINUTES; failing feeds back off exponentially). "
            "Entries are deduplicated by id or link, their HTML is sanitised, and posts edited "
            "on the hub are never overwritten. A failing feed is recorded with its error and "
            "never stops the others. The job queue runs this every {every} minutes, so a new "
            "feed is first read within {every} minutes of being added; schedule it as often if "
            "you run it yourself."
        ),
        interval=settings.BLOG_SYNDICATION_INTERVAL_MINUTES,
        every=SYNC_EVERY_MINUTES,
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help=_("Fetch every active feed now, ignoring back-off and schedule."),
        )
        parser.add_argument(
            "--feed",
            type=int,
            action="append",
            metavar="ID",
            help=_("Fetch only this feed id (repeatable), even if it is not due."),
        )

    def handle(self, *args, all: bool, feed: list[int] | None, **options) -> None:
        if feed:
            feeds = SyndicatedFeed.objects.filter(pk__in=feed).select_related("owner__profile")
        elif all:
            feeds = SyndicatedFeed.objects.filter(is_active=True).select_related("owner__profile")
        else:
            feeds = feeds_due()
        feeds = list(feeds)
        total = len(feeds)
        self.stdout.write(
            ngettext("Syncing %(count)s feed", "Syncing %(count)s feeds", total) % {"count": total}
        )
        position = 0

        def report(item, result, error) -> None:
            nonlocal position
            position += 1
            prefix = f"[{position}/{total}] {item.url}"
            if error:
                self.stdout.write(
                    self.style.WARNING(
                        gettext("%(feed)s: FAILED: %(error)s") % {"feed": prefix, "error": error}
                    )
                )
            else:
                self.stdout.write(f"{prefix}: {result}")

        succeeded, failed = feeds_sync(feeds, report=report)
        summary = gettext("Done: %(succeeded)s succeeded, %(failed)s failed.") % {
            "succeeded": succeeded,
            "failed": failed,
        }
        self.stdout.write(
            self.style.SUCCESS(summary) if not failed else self.style.WARNING(summary)
        )
