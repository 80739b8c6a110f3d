"""What live channels keep about a member: messages, private-channel invitations, marks."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from accounts.lifecycle.registry import rows
from hub.discussions import events
from hub.discussions.models import ChannelMember, Message, Reaction, ReadMarker
from hub.discussions.services import _next_event
from search.outbox import index_later


def export(user) -> dict:
    return {
        "messages": rows(
            Message.objects.filter(author=user, deleted_at__isnull=True).order_by("created_at"),
            "channel__slug",
            "sequence",
            "body",
            "created_at",
            "edited_at",
        ),
        "private_channels": rows(
            ChannelMember.objects.filter(user=user), "channel__slug", "created_at"
        ),
        "useful_messages": rows(
            Reaction.objects.filter(user=user), "message__channel__slug", "message__sequence"
        ),
    }


def erase(user, *, remove_content: bool) -> dict:
    invitations, _ = ChannelMember.objects.filter(user=user).delete()
    ReadMarker.objects.filter(user=user).delete()
    # Open sockets of this member drop every subscription at once.
    transaction.on_commit(partial(events.broadcast_membership_changed, user.pk))
    removed = 0
    if remove_content:
        # As ``message_delete`` does, without its visibility check: the member may already have
        # left the channel (their group memberships go first), and these are their own words.
        for message in Message.objects.filter(author=user, deleted_at__isnull=True).select_related(
            "channel"
        ):
            message.changed_seq = _next_event(message.channel)
            message.body, message.deleted_at, message.deleted_by = "", timezone.now(), user
            message.save(update_fields=["body", "deleted_at", "deleted_by", "changed_seq"])
            transaction.on_commit(
                partial(events.broadcast_message, message.pk, event_type="chat.update")
            )
            index_later(message)
            removed += 1
    return {"private_channels": invitations, "messages": removed}
