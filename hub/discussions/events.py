"""Who receives which live event, and the one helper that names channel-layer groups.

Services queue these with ``transaction.on_commit`` carrying primary keys; the callback re-reads
the row once and sends one rendered payload to the group (not one query per socket). A failed
send (Redis restarting) is logged and dropped: the message is already in the database, and
clients catch up by event number when they resubscribe.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def channel_group(channel_id: int) -> str:
    """The layer group of every socket subscribed to a channel."""
    return f"chat.channel.{channel_id}"


def user_group(user_id: int) -> str:
    """The layer group of every socket of one member (read markers, membership changes)."""
    return f"chat.user.{user_id}"


def send_event(group: str, event: dict) -> bool:
    """Send one event to a group; False (and a log line) when the layer is unavailable."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:
        logger.warning("chat: could not send %s to %s", event.get("type"), group, exc_info=True)
        return False
    return True


def broadcast_message(message_id: int, *, event_type: str) -> None:
    """After commit: read the message once and send it to the channel's group."""
    from hub.discussions.models import Message
    from hub.discussions.selectors import message_payload

    message = (
        Message.objects.select_related("author__profile", "parent", "channel")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return
    send_event(
        channel_group(message.channel_id),
        {
            "type": event_type,
            "seq": message.sequence,
            # The row's latest change as read now: a later change may already be in it, whose
            # own broadcast then carries the same number and is dropped as a duplicate.
            "event": message.changed_seq,
            "message": message_payload(message),
        },
    )


def broadcast_membership_changed(user_id: int) -> None:
    """Tell a member's open sockets to re-check every subscription they hold."""
    send_event(user_group(user_id), {"type": "chat.membership"})
