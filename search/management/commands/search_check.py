"""python manage.py search_check [--repair]"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.commands import HubCommand
from search.backends import get_backend
from search.backends.base import BackendUnavailable
from search.indexing import check
from search.indexing import repair as repair_drift
from search.models import OutboxEntry


class Command(HubCommand):
    help = _(
        "Compare what the database says should be searchable with what the search index holds, "
        "and report drift: documents missing from the index, stale (different content), or "
        "orphaned (no longer in the database). --repair reindexes and deletes to fix it. "
        "Also prints the backend status (aliases, analysis features, outbox size). "
        "Exit status 1 when drift remains."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repair", action="store_true", help=_("Fix the drift found."))
        parser.add_argument(
            "--show", type=int, default=10, help=_("How many doc ids of each kind to list (10).")
        )

    def handle(self, *args, repair: bool = False, show: int = 10, **options) -> None:
        backend = get_backend()
        try:
            for key, value in backend.status().items():
                self.stdout.write(f"{key}: {value}")
        except BackendUnavailable as error:
            self.stderr.write(gettext("Search backend unavailable: %(error)s") % {"error": error})
            raise SystemExit(2) from error
        self.stdout.write(
            gettext("outbox: %(count)s rows waiting") % {"count": OutboxEntry.objects.count()}
        )
        drift = check(backend)
        for label, ids in (
            (gettext("missing"), drift.missing),
            (gettext("stale"), drift.stale),
            (gettext("orphaned"), drift.orphaned),
        ):
            examples = (
                "  " + gettext("e.g. %(ids)s") % {"ids": ", ".join(ids[:show])} if ids else ""
            )
            self.stdout.write(f"{label}: {len(ids)}{examples}")
        if drift.clean:
            self.stdout.write(
                self.style.SUCCESS(gettext("No drift: the index matches the database."))
            )
            return
        if not repair:
            self.stdout.write(gettext("Run with --repair to fix."))
            raise SystemExit(1)
        fixed = repair_drift(drift, backend)
        after = check(backend)
        if after.clean:
            self.stdout.write(
                self.style.SUCCESS(
                    gettext("Repaired %(count)s sources; no drift left.") % {"count": fixed}
                )
            )
        else:
            self.stderr.write(
                gettext(
                    "Drift remains: %(missing)s missing, %(stale)s stale, %(orphaned)s orphaned"
                )
                % {
                    "missing": len(after.missing),
                    "stale": len(after.stale),
                    "orphaned": len(after.orphaned),
                }
            )
            raise SystemExit(1)
