"""python manage.py close_consultations"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hub.core.commands import HubCommand
from hub.standards.services import consultations_close_due


class Command(HubCommand):
    help = _(
        "Close every standard's consultation whose closing date has passed, moving it back to "
        "draft and recording the change in its history. Pages show an expired consultation as "
        "closed but never write; the job queue runs this every five minutes so the change, its "
        "feed entry and its notifications happen on time. Safe to run at any time and from "
        "several places at once."
    )

    def handle(self, *args, **options) -> None:
        def progress(standard) -> None:
            self.stdout.write(
                "  "
                + gettext("%(standard)s: now %(status)s")
                % {"standard": standard.slug, "status": standard.get_status_display().lower()}
            )

        closed = consultations_close_due(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Closed %(count)s consultation.", "Closed %(count)s consultations.", closed
                )
                % {"count": closed}
            )
        )
