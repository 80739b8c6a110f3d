"""python manage.py search_reindex [--if-missing]"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

from hub.core.commands import HubCommand
from search.backends import get_backend
from search.backends.base import BackendUnavailable
from search.indexing import count_objects, rebuild


class Command(HubCommand):
    help = _(
        "Rebuild the search index from the database with zero downtime. Elasticsearch: builds "
        "a new <prefix>-documents-<timestamp> index beside the live one (the outbox worker "
        "writes to both meanwhile), then swaps the read and write aliases in one atomic request "
        "and deletes the old index; the live index is never deleted first. Database backend: "
        "rebuilds the search tables in one transaction. Shows a progress bar. "
        "With --if-missing (for deployment start-up) it builds only when no fully built index "
        "is live yet, and does nothing on the database backend."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-progress", action="store_true", help=_("No progress bar."))
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help=(
                _(
                    "Build only when the Elasticsearch alias does not point at a fully built index "
                    "yet (first deployment, or an index the worker started on its own). A no-op on "
                    "the database backend. If Elasticsearch cannot be reached it warns and exits "
                    "0, so a deployment still starts: the hub works without search, and the "
                    "next start (or a manual search_reindex) builds the index."
                )
            ),
        )

    def handle(self, *args, quiet_progress: bool = False, if_missing: bool = False, **options):
        backend = get_backend()
        if if_missing:
            try:
                backend.verify_analysis()  # a cluster without the analysis module: fail loudly
                ready = backend.index_ready()
            except BackendUnavailable as error:
                self.stderr.write(
                    self.style.WARNING(
                        gettext(
                            "The %(backend)s search backend is unreachable (%(error)s); not "
                            "building the index now. Search shows a message until it is back; "
                            "run search_reindex --if-missing again then."
                        )
                        % {"backend": backend.name, "error": error}
                    )
                )
                return
            if ready:
                self.stdout.write(
                    gettext("The %(backend)s search index is already built; nothing to do.")
                    % {"backend": backend.name}
                )
                return
        self.stdout.write(
            gettext("Rebuilding the %(backend)s search index ...") % {"backend": backend.name}
        )
        with tqdm(
            total=count_objects(), unit="doc", disable=quiet_progress, file=self.stderr
        ) as bar:
            count = rebuild(backend, progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Indexed %(count)s documents; the new index is live.") % {"count": count}
            )
        )
