"""python manage.py publish_due_posts"""

from django.core.management.base import BaseCommand

from hub.blog.services import posts_publish_due


class Command(BaseCommand):
    help = (
        "Queue scheduled blog posts whose publish time has passed for search indexing. "
        "Pages and feeds show due posts without this (they filter on the publish time); only "
        "search needs telling. Run it every few minutes in production."
    )

    def handle(self, *args, **options) -> None:
        count = posts_publish_due()
        self.stdout.write(f"Queued {count} newly due post{'s' if count != 1 else ''} for search.")
