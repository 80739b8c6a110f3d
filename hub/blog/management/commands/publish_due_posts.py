"""python manage.py publish_due_posts"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.blog.services import posts_publish_due
from hub.core.commands import HubCommand


class Command(HubCommand):
    help = _(
        "Queue scheduled blog posts whose publish time has passed for search indexing. "
        "Pages and feeds show due posts without this (they filter on the publish time); only "
        "search needs telling. Run it every few minutes in production."
    )

    def handle(self, *args, **options) -> None:
        count = posts_publish_due()
        self.stdout.write(
            ngettext(
                "Queued %(count)s newly due post for search.",
                "Queued %(count)s newly due posts for search.",
                count,
            )
            % {"count": count}
        )
