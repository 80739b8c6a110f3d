"""python manage.py import_services FILE.csv"""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

from hub.core.commands import HubCommand, import_refused
from hub.sharing.services import ServiceImportError, service_topics_import


class Command(HubCommand):
    help = _(
        "Import or update service topics from a CSV file in the style of the Local Government "
        "Services List (LGSL). Columns: id (or code), name, and optionally description, "
        "synonyms (separated by ; or |) and parent (the id of a broader service). Rows are "
        "matched on id, so running it again updates topics instead of duplicating them; slugs "
        "are kept so links do not break. Every row is checked first: if any line is malformed, "
        "each problem is reported with its line number and nothing is changed. A sample file is "
        "in hub/sharing/data/services_sample.csv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("Path to the CSV file (UTF-8)."))

    def handle(self, *args, file: Path, **options) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(
                gettext("%(file)s does not exist. Give the path to the CSV file.") % {"file": file}
            ) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                gettext("%(file)s is not UTF-8 text; save it as UTF-8 CSV.") % {"file": file}
            ) from error
        bar = tqdm(total=0, unit="row", desc=gettext("Importing services"), file=self.stderr,
                   disable=options["verbosity"] < 1)  # fmt: skip

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.reset(total=total)
            bar.update(done - bar.n)

        try:
            result = service_topics_import(text=text, progress=progress)
        except ServiceImportError as error:
            bar.close()
            raise import_refused(file, error.problems) from error
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "Services: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        )
