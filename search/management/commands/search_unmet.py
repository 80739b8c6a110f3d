"""List what the search log says: searches that found nothing (default), searches whose results
nobody opened, or the most frequent searches; prune entries past 90 days."""

from django.core.management.base import CommandError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.commands import HubCommand
from search import searchlog


class Command(HubCommand):
    help = format_lazy(
        _(
            "List the most frequent searches that found no results (the community's unmet "
            "needs), most searched first; --no-clicks lists searches that found results nobody "
            "opened, --frequent the most frequent searches. No user, session or IP is stored. "
            "--prune deletes entries older than {days} days (run it daily, e.g. from cron). "
            "The same lists are on the staff page /search/unmet/."
        ),
        days=searchlog.RETENTION_DAYS,
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=searchlog.RETENTION_DAYS,
            help=gettext("Look back this many days (1-%(days)s, default all kept).")
            % {"days": searchlog.RETENTION_DAYS},
        )
        parser.add_argument(
            "--limit", type=int, default=20, help=_("How many queries to list (default 20).")
        )
        parser.add_argument(
            "--backend",
            default=None,
            help=_(
                'Only searches answered by this engine: "elasticsearch", "postgresql", "sqlite".'
            ),
        )
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--no-clicks",
            action="store_true",
            help=_("List searches that found results but none was opened (clicked)."),
        )
        which.add_argument(
            "--frequent", action="store_true", help=_("List the most frequent searches.")
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=gettext("Delete entries older than %(days)s days before listing.")
            % {"days": searchlog.RETENTION_DAYS},
        )

    def handle(self, *args, days, limit, backend, no_clicks, frequent, prune, **options):
        if not 1 <= days <= searchlog.RETENTION_DAYS:
            raise CommandError(
                gettext("--days must be between 1 and %(days)s; older entries are pruned.")
                % {"days": searchlog.RETENTION_DAYS}
            )
        if limit < 1:
            raise CommandError(gettext("--limit must be at least 1."))
        if prune:
            deleted = searchlog.prune()
            self.stdout.write(
                gettext("Pruned %(count)s entries older than %(days)s days.")
                % {"count": deleted, "days": searchlog.RETENTION_DAYS}
            )
        if no_clicks or frequent:
            select = searchlog.queries_without_clicks if no_clicks else searchlog.frequent_queries
            stats = select(days=days, limit=limit, backend=backend)
            if not stats:
                self.stdout.write(
                    gettext("No such searches in the last %(days)s days.") % {"days": days}
                )
                return
            # Column widths follow the headings, in whichever language they are.
            headings = [
                gettext("searches"),
                gettext("clicks"),
                gettext("found nothing"),
                gettext("last searched"),
                gettext("query"),
            ]
            widths = [max(len(h), 8) for h in headings[:3]] + [max(len(headings[3]), 16)]
            self.stdout.write(
                "  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=False))
                + "  "
                + headings[4]
            )
            for item in stats:
                last = item.last_searched.strftime("%Y-%m-%d %H:%M")
                cells = [str(item.count), str(item.clicks), str(item.no_hits)]
                self.stdout.write(
                    "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=False))
                    + f"  {last.ljust(widths[3])}  {item.query}"
                )
            return
        queries = searchlog.unmet_queries(days=days, limit=limit, backend=backend)
        if not queries:
            self.stdout.write(
                gettext("No searches without results in the last %(days)s days.") % {"days": days}
            )
            return
        width = max(len(str(q.count)) for q in queries)
        for item in queries:
            last = item.last_searched.strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{item.count:>{width}}  {last}  {item.query}  [{', '.join(item.backends)}]"
            )
