"""python manage.py search_reindex"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.backends import get_backend
from search.indexing import count_objects, rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database with zero downtime. Elasticsearch: builds "
        "a new <prefix>-documents-<timestamp> index beside the live one (the outbox worker "
        "writes to both meanwhile), then swaps the read and write aliases in one atomic request "
        "and deletes the old index; the live index is never deleted first. Database backend: "
        "rebuilds the search tables in one transaction. Shows a progress bar."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, quiet_progress: bool = False, **options) -> None:
        backend = get_backend()
        self.stdout.write(f"Rebuilding the {backend.name} search index ...")
        with tqdm(
            total=count_objects(), unit="doc", disable=quiet_progress, file=self.stderr
        ) as bar:
            count = rebuild(backend, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents; the new index is live."))
