"""python manage.py import_councils FILE.csv"""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

from hub.core.commands import HubCommand, import_refused
from hub.councils.services import CouncilImportError, councils_import


class Command(HubCommand):
    help = _(
        "Import or update UK councils from mySociety's uk_local_authorities_current.csv "
        "(https://pages.mysociety.org/uk_local_authority_names_and_codes). Rows are matched on "
        "local-authority-code, so running it again updates councils instead of duplicating them. "
        "Only current authorities (empty end-date) are imported unless --include-ended is given. "
        "A malformed file is reported line by line and nothing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("Path to the CSV file, as downloaded."))
        parser.add_argument(
            "--include-ended",
            action="store_true",
            help=_("Also import authorities that have an end-date (abolished or merged)."),
        )

    def handle(self, *args, file: Path, include_ended: bool, **options) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(
                gettext("%(file)s does not exist. Give the path to the CSV file.") % {"file": file}
            ) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                gettext("%(file)s is not UTF-8 text; is it the CSV file?") % {"file": file}
            ) from error
        bar = tqdm(total=0, unit="row", desc=gettext("Importing councils"), disable=options["verbosity"] < 1,
                   file=self.stderr)  # fmt: skip

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.reset(total=total)
            bar.update(done - bar.n)  # update() honours tqdm's redraw interval; refresh() does not

        try:
            result = councils_import(text=text, include_ended=include_ended, progress=progress)
        except CouncilImportError as error:
            bar.close()
            raise import_refused(file, error.problems) from error
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "Councils: %(created)s created, %(updated)s updated, %(unchanged)s "
                    "unchanged, %(skipped)s ended authorities skipped."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "skipped": result.skipped_ended,
                }
            )
        )
