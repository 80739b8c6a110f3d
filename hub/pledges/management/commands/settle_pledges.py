"""python manage.py settle_pledges: settle calls for backing whose deadline has passed."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.commands import HubCommand
from hub.pledges.services import calls_settle_due


class Command(HubCommand):
    help = _(
        "Settle every call for backing whose deadline has passed, all or nothing: 'backed' "
        "when the target is met (pledges become commitments), otherwise 'not backed' (pledges "
        "lapse); backers, watchers and the lead are notified. Idempotent: a settled call is "
        "never settled again, so run it every few minutes from the scheduler or cron."
    )

    def handle(self, *args, **options) -> None:
        counts = calls_settle_due()
        self.stdout.write(
            gettext("Settled %(backed)s backed and %(not_backed)s not backed call(s).")
            % {"backed": counts["backed"], "not_backed": counts["not_backed"]}
        )
