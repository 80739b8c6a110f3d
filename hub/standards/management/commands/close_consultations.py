"""python manage.py close_consultations"""

from django.core.management.base import BaseCommand

from hub.standards.services import consultations_close_due


class Command(BaseCommand):
    help = (
        "Close every standard's consultation whose closing date has passed, moving it back to "
        "draft and recording the change in its history. Pages show an expired consultation as "
        "closed but never write; the job queue runs this every five minutes so the change, its "
        "feed entry and its notifications happen on time. Safe to run at any time and from "
        "several places at once."
    )

    def handle(self, *args, **options) -> None:
        def progress(standard) -> None:
            self.stdout.write(f"  {standard.slug}: now {standard.get_status_display().lower()}")

        closed = consultations_close_due(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Closed {closed} consultation(s)."))
