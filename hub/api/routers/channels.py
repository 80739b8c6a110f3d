"""Discussion channels and their messages, through ``hub.discussions``' selectors and services.

Channels are for signed-in members only, so anonymous callers see an empty list and 404s, the
same as a hidden channel.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hub.api.auth import READ_AUTH, WRITE_AUTH, require
from hub.api.errors import READ_ERRORS, WRITE_ERRORS, not_found
from hub.api.pagination import PageParams, keyset_page, page_schema
from hub.discussions import selectors
from hub.discussions import services as chat_services
from hub.discussions.models import Channel, Message

router = Router(tags=["Channels and messages"], auth=READ_AUTH)
AREA = "channels"


class ChannelOut(Schema):
    slug: str
    name: str
    topic: str
    kind: str
    group: str | None
    archived: bool
    last_sequence: int
    last_message_at: datetime | None
    unread: int


def channel_out(channel: Channel) -> dict:
    return {
        "slug": channel.slug,
        "name": channel.name,
        "topic": channel.topic,
        "kind": channel.kind,
        "group": channel.group.slug if channel.group_id else None,
        "archived": channel.archived,
        "last_sequence": channel.last_sequence,
        "last_message_at": channel.last_message_at,
        "unread": getattr(channel, "unread", 0),
    }


class ChannelFilters(PageParams):
    include_archived: bool = False


@router.get(
    "/channels",
    response={200: page_schema(ChannelOut), **READ_ERRORS},
    operation_id="list_channels",
)
def list_channels(request, filters: Query[ChannelFilters]):
    """Channels the caller may see, with unread counts, like the channel list page."""
    caller = require(request, AREA)
    if not caller.is_authenticated:
        return {"items": [], "next_cursor": None}
    rows = selectors.channel_list_for(caller.user, include_archived=filters.include_archived)
    items, cursor = keyset_page(rows, order=["name", "id"], params=filters)
    return {"items": [channel_out(c) for c in items], "next_cursor": cursor}


def _channel(request, slug: str) -> Channel:
    channel = selectors.channel_get_visible(slug=slug, user=request.auth.user)
    if channel is None:
        raise not_found(gettext("That channel"))
    return channel


@router.get(
    "/channels/{slug}", response={200: ChannelOut, **READ_ERRORS}, operation_id="get_channel"
)
def get_channel(request, slug: str):
    require(request, AREA)
    return channel_out(_channel(request, slug))


class MessageOut(Schema):
    seq: int = Field(description="The message's number in its channel")
    author: str | None
    author_handle: str | None
    body: str
    parent_seq: int | None
    created_at: datetime
    edited: bool
    deleted: bool
    hidden: bool = Field(description="Hidden by a moderator: like a deleted message, no text")
    useful: int
    replies: int


def message_out(message: Message) -> dict:
    deleted = message.is_deleted
    withheld = deleted or message.is_hidden
    profile = getattr(message.author, "profile", None) if message.author_id else None
    return {
        "seq": message.sequence,
        "author": None if withheld or message.author is None else str(message.author),
        "author_handle": None if withheld or profile is None else profile.handle,
        "body": "" if withheld else message.body,
        "parent_seq": message.parent.sequence if message.parent_id else None,
        "created_at": message.created_at,
        "edited": message.edited_at is not None,
        "deleted": deleted,
        "hidden": message.is_hidden,
        "useful": getattr(message, "useful_count", 0),
        "replies": getattr(message, "reply_count", 0),
    }


@router.get(
    "/channels/{slug}/messages",
    response={200: page_schema(MessageOut), **READ_ERRORS},
    operation_id="list_channel_messages",
)
def list_messages(request, slug: str, params: Query[PageParams]):
    """Messages newest first; ``next_cursor`` pages back through the history."""
    require(request, AREA)
    channel = _channel(request, slug)
    items, cursor = keyset_page(selectors.message_rows(channel), order=["-sequence"], params=params)
    return {"items": [message_out(m) for m in items], "next_cursor": cursor}


class MessageIn(Schema):
    body: str = Field(..., max_length=20_000)
    parent_seq: int | None = Field(None, description="Reply in the thread of this message")


@router.post(
    "/channels/{slug}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="post_channel_message",
)
def post_message(request, slug: str, payload: MessageIn):
    """Post in a channel; it reaches everyone connected live, exactly as from the page."""
    caller = require(request, AREA, "write")
    channel = _channel(request, slug)
    message = chat_services.message_post(
        channel=channel, author=caller.user, body=payload.body, parent_sequence=payload.parent_seq
    )
    message = selectors.message_get(channel=channel, sequence=message.sequence)
    return Status(201, message_out(message))
