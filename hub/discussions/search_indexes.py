"""Chat messages in search, findable exactly by the people who can read the channel.

Public channels: signed-in members ([MEMBERS]); working-group channels: the group's members
("group:<id>", the key the groups adapter hands to members); private channels: invitees
("channel:<id>", handed out below). Deleted and hidden messages leave search.
"""

from django.utils.translation import gettext_lazy as _

from hub.core.markdown import markdown_to_text
from hub.discussions.models import Channel, ChannelMember, Message
from search.registry import MEMBERS, SearchAdapter, SearchDocument, register


def message_access(channel: Channel) -> list[str]:
    if channel.kind == Channel.Kind.PUBLIC:
        return [MEMBERS]
    if channel.kind == Channel.Kind.GROUP:
        return [f"group:{channel.group_id}"]
    return [f"channel:{channel.pk}"]


class MessageAdapter(SearchAdapter):
    model = Message
    doc_type = "message"
    author_lookup = "author_id"
    type_label = _("Chat messages")

    def queryset(self):
        return (
            Message.objects.filter(deleted_at__isnull=True, is_hidden=False)
            .select_related("channel", "author__profile__council")
            .prefetch_related("channel__services")
        )

    def documents(self, message: Message) -> list[SearchDocument]:
        if message.is_deleted or message.is_hidden or not message.body:
            return []
        channel = message.channel
        author = message.author
        profile = getattr(author, "profile", None) if author else None
        council = getattr(profile, "council", None)
        text = markdown_to_text(message.body)
        return [
            SearchDocument(
                doc_id=f"message:{message.pk}",
                doc_type=self.doc_type,
                title=f"#{channel.slug}: {text[:80]}",
                body=text,
                url=message.get_absolute_url(),
                language=message.language,
                access=message_access(channel),
                created_at=message.created_at,
                updated_at=message.edited_at or message.created_at,
                author_name=str(author) if author else "",
                author_handle=(profile.handle or "") if profile else "",
                council_slugs=[council.slug] if council else [],
                council_names=[council.name] if council else [],
                council_types=[council.council_type] if council else [],
                nations=[council.nation] if council else [],
                services=[s.slug for s in channel.services.all()],
                boost=0.6,  # below posts and standards: chat is the raw material
            )
        ]

    def viewer_keys(self, user):
        return {
            f"channel:{channel_id}"
            for channel_id in ChannelMember.objects.filter(user=user).values_list(
                "channel_id", flat=True
            )
        }


register(MessageAdapter())
