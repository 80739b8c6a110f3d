"""python manage.py send_digests"""

from django.core.management.base import CommandParser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

from hub.core.commands import HubCommand
from hub.follows.services import digests_send, iso_week


class Command(HubCommand):
    help = _(
        "Email the weekly digest of new activity from what they follow to every member who "
        "opted in (on the 'What you follow' page). Schedule it weekly, e.g. Monday 07:00. "
        "Safe to run more than once: each member gets at most one digest per ISO week, and "
        "members with nothing new get no email."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-progress", action="store_true", help=_("Do not show the progress bar.")
        )

    def handle(self, *args, quiet_progress: bool, **options) -> None:
        from django.utils import timezone

        bar = tqdm(total=0, unit="member", desc=gettext("Digests for %(week)s") % {"week": iso_week(timezone.now())},
                   file=self.stderr, disable=quiet_progress or options["verbosity"] < 1)  # fmt: skip

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.reset(total=total)
            bar.update(done - bar.n)

        run = digests_send(progress=progress)
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "Digests: %(sent)s sent, %(already)s already sent this week, "
                    "%(empty)s with nothing new."
                )
                % {
                    "sent": run.sent,
                    "already": run.skipped_already_sent,
                    "empty": run.skipped_empty,
                }
            )
        )
