"""Discussions' events (declared once; hub/notifications delivers them)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.discussions.models import Message
from hub.discussions.selectors import channel_viewer_ids, mentioned_user_ids
from hub.notifications.kinds import EventKind, ReplyRefused


def _message(data: dict) -> dict | None:
    message = (
        Message.objects.select_related("channel", "author__profile")
        .filter(pk=data.get("message"))
        .first()
    )
    if message is None or message.deleted_at is not None or message.is_hidden:
        return None
    return {"message": message, "channel": message.channel}


def _scopes(context: dict) -> list[str]:
    channel = context["channel"]
    scopes = [f"channel:{channel.pk}"]
    if channel.group_id:
        scopes.append(f"group:{channel.group_id}")
    return scopes


def _reply(context: dict, user, body: str) -> str:
    """Answer a mention by email: a reply in the message's thread, as the live page posts it."""
    from hub.discussions.services import ChatError, message_post

    message = context["message"]
    try:
        posted = message_post(
            channel=context["channel"], author=user, body=body, parent_sequence=message.sequence
        )
    except ChatError as error:
        raise ReplyRefused(error.message) from error
    return posted.get_absolute_url()


KINDS = [
    EventKind(
        name="discussions.member_mentioned",
        label=_("Mentions in channels"),
        group=_("Channels"),
        load=_message,
        recipients=lambda c: mentioned_user_ids(c["message"].body),
        # Never tell someone about a channel they cannot read: that would leak it.
        can_see=lambda c, ids: channel_viewer_ids(c["channel"], ids),
        text=lambda c: (
            gettext("%(author)s mentioned you in #%(slug)s")
            % {"author": c["message"].author, "slug": c["channel"].slug}
        ),
        url=lambda c: c["message"].get_absolute_url(),
        email_default="instant",
        audience_only=True,
        scopes=_scopes,
        payload=lambda c: {
            "channel": {"id": c["channel"].pk, "slug": c["channel"].slug},
            "message": {"id": c["message"].pk, "sequence": c["message"].sequence},
        },
        excerpt=lambda c: c["message"].body[:1000],
        reply=_reply,
    ),
]
