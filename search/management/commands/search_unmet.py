"""List what the search log says: searches that found nothing (default), searches whose results
nobody opened, or the most frequent searches; prune entries past 90 days."""

from django.core.management.base import BaseCommand, CommandError

from search import searchlog


class Command(BaseCommand):
    help = (
        "List the most frequent searches that found no results (the community's unmet "
        "needs), most searched first; --no-clicks lists searches that found results nobody "
        "opened, --frequent the most frequent searches. No user, session or IP is stored. "
        f"--prune deletes entries older than {searchlog.RETENTION_DAYS} days (run it daily, "
        "e.g. from cron). The same lists are on the staff page /search/unmet/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=searchlog.RETENTION_DAYS,
            help=f"Look back this many days (1-{searchlog.RETENTION_DAYS}, default all kept).",
        )
        parser.add_argument(
            "--limit", type=int, default=20, help="How many queries to list (default 20)."
        )
        parser.add_argument(
            "--backend",
            default=None,
            help='Only searches answered by this engine: "elasticsearch", "postgresql", "sqlite".',
        )
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--no-clicks",
            action="store_true",
            help="List searches that found results but none was opened (clicked).",
        )
        which.add_argument(
            "--frequent", action="store_true", help="List the most frequent searches."
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=f"Delete entries older than {searchlog.RETENTION_DAYS} days before listing.",
        )

    def handle(self, *args, days, limit, backend, no_clicks, frequent, prune, **options):
        if not 1 <= days <= searchlog.RETENTION_DAYS:
            raise CommandError(
                f"--days must be between 1 and {searchlog.RETENTION_DAYS}; older entries "
                "are pruned."
            )
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        if prune:
            deleted = searchlog.prune()
            self.stdout.write(
                f"Pruned {deleted} entries older than {searchlog.RETENTION_DAYS} days."
            )
        if no_clicks or frequent:
            select = searchlog.queries_without_clicks if no_clicks else searchlog.frequent_queries
            stats = select(days=days, limit=limit, backend=backend)
            if not stats:
                self.stdout.write(f"No such searches in the last {days} days.")
                return
            self.stdout.write("searches  clicks  found nothing  last searched     query")
            for item in stats:
                last = item.last_searched.strftime("%Y-%m-%d %H:%M")
                self.stdout.write(
                    f"{item.count:>8}  {item.clicks:>6}  {item.no_hits:>13}  {last}  {item.query}"
                )
            return
        queries = searchlog.unmet_queries(days=days, limit=limit, backend=backend)
        if not queries:
            self.stdout.write(f"No searches without results in the last {days} days.")
            return
        width = max(len(str(q.count)) for q in queries)
        for item in queries:
            last = item.last_searched.strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{item.count:>{width}}  {last}  {item.query}  [{', '.join(item.backends)}]"
            )
