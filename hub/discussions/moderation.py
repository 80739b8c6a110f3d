"""Chat messages are flaggable and hideable through hub.moderation (declared once).

A hidden message is a tombstone for everyone in the channel's pages, live frames, replay, the
JSON API and search; its author and moderators still see its text on the pages.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.discussions.models import Message
from hub.discussions.selectors import channel_is_visible_to
from hub.moderation.registry import Moderatable


def _changed(message: Message) -> None:
    from hub.discussions.services import message_moderation_changed

    message_moderation_changed(message)


MODERATABLE = [
    Moderatable(
        model=Message,
        noun=_("message"),
        title=lambda message: (
            gettext("Message %(seq)s in #%(channel)s")
            % {"seq": message.sequence, "channel": message.channel.slug}
        ),
        url=lambda message: message.get_absolute_url(),
        author_id=lambda message: message.author_id,
        excerpt=lambda message: message.body[:300],
        after_change=_changed,
        visible_to=lambda message, user: (
            not message.is_deleted and channel_is_visible_to(message.channel, user)
        ),
        queryset=lambda: Message.objects.select_related("channel", "author__profile"),
    )
]
