"""List the most frequent searches that found nothing, and prune entries past 90 days."""

from django.core.management.base import BaseCommand, CommandError

from search import unmet


class Command(BaseCommand):
    help = (
        "List the most frequent searches that found no results (the community's unmet "
        "needs; no user or IP is stored), most searched first. --prune deletes entries older "
        f"than {unmet.RETENTION_DAYS} days (run it daily, e.g. from cron). The same list is "
        "on the staff page /search/unmet/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=unmet.RETENTION_DAYS,
            help=f"Look back this many days (1-{unmet.RETENTION_DAYS}, default all kept).",
        )
        parser.add_argument(
            "--limit", type=int, default=20, help="How many queries to list (default 20)."
        )
        parser.add_argument(
            "--backend",
            default=None,
            help='Only searches answered by this engine: "elasticsearch", "postgresql", "sqlite".',
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=f"Delete entries older than {unmet.RETENTION_DAYS} days before listing.",
        )

    def handle(self, *args, days, limit, backend, prune, **options):
        if not 1 <= days <= unmet.RETENTION_DAYS:
            raise CommandError(
                f"--days must be between 1 and {unmet.RETENTION_DAYS}; older entries are pruned."
            )
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        if prune:
            deleted = unmet.prune()
            self.stdout.write(f"Pruned {deleted} entries older than {unmet.RETENTION_DAYS} days.")
        queries = unmet.unmet_queries(days=days, limit=limit, backend=backend)
        if not queries:
            self.stdout.write(f"No searches without results in the last {days} days.")
            return
        width = max(len(str(q.count)) for q in queries)
        for item in queries:
            last = item.last_searched.strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{item.count:>{width}}  {last}  {item.query}  [{', '.join(item.backends)}]"
            )
