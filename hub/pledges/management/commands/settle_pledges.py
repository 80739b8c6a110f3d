"""python manage.py settle_pledges: settle calls for backing whose deadline has passed."""

from django.core.management.base import BaseCommand

from hub.pledges.services import calls_settle_due


class Command(BaseCommand):
    help = (
        "Settle every call for backing whose deadline has passed, all or nothing: 'backed' "
        "when the target is met (pledges become commitments), otherwise 'not backed' (pledges "
        "lapse); backers, watchers and the lead are notified. Idempotent: a settled call is "
        "never settled again, so run it every few minutes from the scheduler or cron."
    )

    def handle(self, *args, **options) -> None:
        counts = calls_settle_due()
        self.stdout.write(
            f"Settled {counts['backed']} backed and {counts['not_backed']} not backed call(s)."
        )
