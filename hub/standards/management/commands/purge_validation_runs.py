"""python manage.py purge_validation_runs"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.core.commands import HubCommand
from hub.standards.services import validation_runs_purge


class Command(HubCommand):
    help = _(
        "Delete validation reports older than STANDARDS_VALIDATION_KEEP_DAYS (90 days), with "
        "any upload still waiting for them; endpoint check history keeps its rows but loses the "
        "link to the report. The job queue runs this daily. Safe to run at any time."
    )

    def handle(self, *args, **options) -> None:
        deleted = validation_runs_purge()
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Deleted %(count)s expired report.",
                    "Deleted %(count)s expired reports.",
                    deleted,
                )
                % {"count": deleted}
            )
        )
