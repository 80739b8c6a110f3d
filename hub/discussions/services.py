"""Writes for discussion channels. Views, the WebSocket consumer and commands call these.

Every message is written to the database first, in a transaction that hands out the channel's
next sequence number under a row lock; only after commit is it fanned out to open sockets.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from hub.core import content_language
from hub.core.pagecache import member_pages_changed
from hub.core.ratelimit import rate_limit_consume, rate_limit_retry_after
from hub.discussions import events
from hub.discussions.models import Channel, ChannelMember, Message, Reaction, ReadMarker
from hub.discussions.selectors import MENTION, channel_can_manage, channel_is_visible_to
from hub.notifications.events import emit
from search.outbox import index_later

logger = logging.getLogger(__name__)


class ChatError(Exception):
    """A request the service refuses, with a stable ``code`` and a message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


NOT_FOUND = "not_found"


def _not_found() -> ChatError:
    # The same error whether the channel/message is missing or hidden: it leaks nothing.
    return ChatError(NOT_FOUND, gettext("There is no such channel or message."))


def max_message_chars() -> int:
    return settings.DISCUSSIONS_MAX_MESSAGE_CHARS


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ChatError("empty", gettext("Enter a message."))
    if len(body) > max_message_chars():
        raise ChatError(
            "too_long",
            gettext(
                "Messages must be %(max_message_chars)s characters or fewer (yours has %(len)s)."
            )
            % {
                "max_message_chars": format(max_message_chars(), ","),
                "len": format(len(body), ","),
            },
        )
    return body


def _consume_rate(user: User) -> None:
    rate = settings.DISCUSSIONS_SEND_RATE
    try:
        allowed = rate_limit_consume(f"chat.send:{user.pk}", rate)
    except Exception:
        # The limiter lives in Redis; while Redis restarts, posting must still work.
        logger.warning("chat: rate limiter unavailable, allowing the message", exc_info=True)
        return
    if not allowed:
        raise ChatError(
            "rate_limited",
            gettext(
                "You are sending messages too quickly. Try again in %(rate_limit_retry_after)s seconds."
            )
            % {"rate_limit_retry_after": rate_limit_retry_after(rate)},
        )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "channel"
    slug, n = base, 2
    while Channel.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def channel_create(
    *,
    name: str,
    created_by: User,
    kind: str = Channel.Kind.PUBLIC,
    topic: str = "",
    group=None,
    slug: str = "",
    services=(),
) -> Channel:
    """Create a channel. Group channels need a group; private channels start with the creator."""
    from hub.groups.selectors import group_is_member

    if kind == Channel.Kind.GROUP:
        if group is None or not (group_is_member(group, created_by) or created_by.is_moderator):
            raise ChatError(
                "forbidden", gettext("Only members of the working group can add its channel.")
            )
    else:
        group = None
    with transaction.atomic():
        channel = Channel.objects.create(
            name=name.strip(),
            slug=slug or _unique_slug(name),
            topic=topic.strip(),
            kind=kind,
            group=group,
            created_by=created_by,
        )
        if services:
            channel.services.set(services)
        if kind == Channel.Kind.PRIVATE:
            ChannelMember.objects.create(channel=channel, user=created_by, added_by=created_by)
    return channel


def channel_update(
    *, channel: Channel, user: User, name: str, topic: str, archived: bool
) -> Channel:
    """Rename, change the topic or archive; the creator and moderators only."""
    if not channel_can_manage(channel, user):
        raise ChatError(
            "forbidden", gettext("Only the channel's creator or a moderator can change it.")
        )
    with transaction.atomic():
        channel.name, channel.topic, channel.archived = name.strip(), topic.strip(), archived
        channel.save(update_fields=["name", "topic", "archived"])
        # Search documents carry the channel name.
        index_later(*channel.messages.filter(deleted_at__isnull=True).only("pk"))
    return channel


def channel_member_add(*, channel: Channel, user: User, added_by: User) -> ChannelMember:
    """Invite someone to a private channel."""
    if channel.kind != Channel.Kind.PRIVATE:
        raise ChatError("forbidden", gettext("Only private channels have invited members."))
    if not channel_is_visible_to(channel, added_by):
        raise _not_found()
    with transaction.atomic():
        member, _ = ChannelMember.objects.get_or_create(
            channel=channel, user=user, defaults={"added_by": added_by}
        )
        transaction.on_commit(partial(events.broadcast_membership_changed, user.pk))
    return member


def channel_member_remove(*, channel: Channel, user: User, removed_by: User) -> None:
    """Remove someone from a private channel; their open sockets drop the subscription at once."""
    if channel.kind != Channel.Kind.PRIVATE:
        raise ChatError("forbidden", gettext("Only private channels have invited members."))
    if user.pk != removed_by.pk and not channel_can_manage(channel, removed_by):
        raise ChatError(
            "forbidden", gettext("Only the channel's creator or a moderator can remove people.")
        )
    with transaction.atomic():
        ChannelMember.objects.filter(channel=channel, user=user).delete()
        transaction.on_commit(partial(events.broadcast_membership_changed, user.pk))


def _next_event(channel: Channel, *, last_message_at=None) -> int:
    """Hand out the channel's next event number (a new message's sequence, or a change's).

    Call inside a transaction. The UPDATE takes the row lock (PostgreSQL) or the write lock
    (SQLite) before reading, so concurrent writers queue here until the first commits: each gets
    the next number, and numbers become visible in the order they were handed out. One round
    trip (``RETURNING``, PostgreSQL and SQLite 3.35+): the lock is held from here to commit, so
    every query saved here shortens every writer's wait.
    """
    table = connection.ops.quote_name(Channel._meta.db_table)
    also = ", last_message_at = %s" if last_message_at is not None else ""
    field = Channel._meta.get_field("last_message_at")
    params = (
        [] if last_message_at is None else [field.get_db_prep_value(last_message_at, connection)]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_sequence = last_sequence + 1{also} "  # noqa: S608 - names
            "WHERE id = %s RETURNING last_sequence",
            [*params, channel.pk],
        )
        (number,) = cursor.fetchone()
    channel.last_sequence = number
    return number


def message_post(
    *,
    channel: Channel,
    author: User,
    body: str,
    parent_sequence: int | None = None,
    language: str | None = None,
) -> Message:
    """Store a message with the channel's next sequence number, then fan it out after commit.

    Raises ``ChatError`` (nothing stored) when the channel is hidden, archived, the body is empty
    or too long, or the author is over the rate limit.
    """
    if not channel_is_visible_to(channel, author):
        raise _not_found()
    if channel.archived:
        raise ChatError("archived", gettext("This channel is archived: it is read-only."))
    body = _check_body(body)
    parent = None
    if parent_sequence is not None:
        parent = Message.objects.filter(channel=channel, sequence=parent_sequence).first()
        if parent is None:
            raise ChatError(NOT_FOUND, gettext("The message you are replying to does not exist."))
        # Threads are one level deep: a reply to a reply joins the same thread.
        if parent.parent_id:
            parent = parent.parent
    _consume_rate(author)
    now = timezone.now()
    with transaction.atomic():
        sequence = _next_event(channel, last_message_at=now)
        message = Message(
            channel=channel,
            sequence=sequence,
            changed_seq=sequence,
            author=author,
            body=body,
            language=content_language.clean(language, author),
            parent=parent,
        )
        # Queued before the row is saved (saving queues after-commit work of its own, the page
        # cache's), so live delivery runs first after commit, before the search outbox drain
        # or notifications queued below too; robust: a failure there is logged and the rest
        # still runs (the message is stored; sockets catch up by event number).
        transaction.on_commit(partial(events.broadcast_new_message, message), robust=True)
        message.save(force_insert=True)
        channel.last_message_at = now
        index_later(message)
        if MENTION.search(body):
            emit("discussions.member_mentioned", actor=author, message=message.pk)
    # Posting marks the channel read up to here for the author: after the commit, so the
    # message is on its way to everyone first (forwards only, as every read marker moves).
    # Best effort: the message is stored and sent, so a failure here must not report the post
    # as failed (the person would post it again).
    try:
        _read_marker_set(channel=channel, user=author, sequence=sequence)
    except Exception:
        logger.warning("chat: could not move the author's read marker", exc_info=True)
    return message


def _own_message(*, channel: Channel, sequence: int, user: User) -> Message:
    if not channel_is_visible_to(channel, user):
        raise _not_found()
    message = Message.objects.filter(channel=channel, sequence=sequence).first()
    if message is None or message.is_deleted:
        raise _not_found()
    return message


def message_edit(*, channel: Channel, sequence: int, user: User, body: str) -> Message:
    """Authors edit their own messages (not in archived channels)."""
    message = _own_message(channel=channel, sequence=sequence, user=user)
    if message.author_id != user.pk:
        raise ChatError("forbidden", gettext("You can only edit your own messages."))
    if channel.archived:
        raise ChatError("archived", gettext("This channel is archived: it is read-only."))
    body = _check_body(body)
    with transaction.atomic():
        message.changed_seq = _next_event(channel)
        message.body, message.edited_at = body, timezone.now()
        message.save(update_fields=["body", "edited_at", "changed_seq"])
        transaction.on_commit(  # first after commit: before the search outbox drain
            partial(events.broadcast_message, message.pk, event_type="chat.update")
        )
        index_later(message)
    return message


def message_delete(*, channel: Channel, sequence: int, user: User) -> Message:
    """Authors delete their own messages, moderators any. A tombstone keeps the sequence."""
    message = _own_message(channel=channel, sequence=sequence, user=user)
    if message.author_id != user.pk and not user.is_moderator:
        raise ChatError("forbidden", gettext("You can only delete your own messages."))
    with transaction.atomic():
        message.changed_seq = _next_event(channel)
        message.body, message.deleted_at, message.deleted_by = "", timezone.now(), user
        message.save(update_fields=["body", "deleted_at", "deleted_by", "changed_seq"])
        transaction.on_commit(  # first after commit: before the search outbox drain
            partial(events.broadcast_message, message.pk, event_type="chat.update")
        )
        index_later(message)
    return message


def message_moderation_changed(message: Message) -> None:
    """A moderator hid or restored the message (hub.moderation, inside its transaction): a new
    change number so replaying clients pick it up, search follows, open sockets are told."""
    channel = Channel.objects.get(pk=message.channel_id)
    message.changed_seq = _next_event(channel)
    message.save(update_fields=["changed_seq"])
    index_later(message)
    transaction.on_commit(partial(events.broadcast_message, message.pk, event_type="chat.update"))


def reaction_toggle(*, channel: Channel, sequence: int, user: User) -> bool:
    """Mark a message useful, or unmark it; True when it is now marked."""
    message = _own_message(channel=channel, sequence=sequence, user=user)
    with transaction.atomic():
        # The "useful" count is part of the message frame, so a toggle is a change to replay.
        # Taking the number first also queues a double click behind the first click's commit.
        message.changed_seq = _next_event(channel)
        message.save(update_fields=["changed_seq"])
        deleted, _ = Reaction.objects.filter(
            message=message, user=user, kind=Reaction.USEFUL
        ).delete()
        marked = not deleted
        if marked:
            try:
                with transaction.atomic():
                    Reaction.objects.create(message=message, user=user, kind=Reaction.USEFUL)
            except IntegrityError:  # a double click raced us
                pass
        transaction.on_commit(
            partial(events.broadcast_message, message.pk, event_type="chat.update")
        )
    return marked


def _read_marker_set(*, channel: Channel, user: User, sequence: int) -> int:
    sequence = max(0, min(sequence, channel.last_sequence))
    marker, created = ReadMarker.objects.get_or_create(
        channel=channel, user=user, defaults={"last_read_sequence": sequence}
    )
    moved = created
    if not created and sequence > marker.last_read_sequence:
        # Only ever forwards: an old tab reporting late must not mark things unread again.
        moved = ReadMarker.objects.filter(pk=marker.pk, last_read_sequence__lt=sequence).update(
            last_read_sequence=sequence, updated_at=timezone.now()
        )
        marker.last_read_sequence = sequence
    if moved:
        # Unread counts show on this member's own pages only (hub.core.pagecache).
        member_pages_changed([user.pk])
    return marker.last_read_sequence


def read_mark(*, channel: Channel, user: User, sequence: int) -> int:
    """Record that the member has read up to ``sequence``; their other sockets are told."""
    if not channel_is_visible_to(channel, user):
        raise _not_found()
    channel.refresh_from_db(fields=["last_sequence"])
    with transaction.atomic():
        read = _read_marker_set(channel=channel, user=user, sequence=sequence)
        transaction.on_commit(
            partial(events.broadcast_read, user_id=user.pk, channel_id=channel.pk, seq=read)
        )
    return read


# --- Turning a thread into knowledge -------------------------------------------------------


def _thread_source(root: Message) -> tuple[str, list[tuple[str, str]]]:
    from hub.discussions.selectors import thread_messages

    lines, links = [], []
    for message in thread_messages(root=root):
        if message.is_deleted or message.is_hidden:
            continue
        url = settings.SITE_URL + message.get_absolute_url()
        quoted = "\n".join(f"> {line}" for line in message.body.splitlines())
        lines.append(
            gettext("**%(author)s** wrote in [#%(slug)s](%(url)s):\n\n%(quoted)s\n")
            % {"author": message.author, "slug": root.channel.slug, "url": url, "quoted": quoted}
        )
        links.append(
            (
                gettext("Message %(sequence)s in #%(slug)s")
                % {"sequence": message.sequence, "slug": root.channel.slug},
                url,
            )
        )
    return "\n".join(lines), links


def _thread_root(*, channel: Channel, sequence: int, user: User) -> Message:
    message = _own_message(channel=channel, sequence=sequence, user=user)
    return message.parent if message.parent_id else message


def thread_to_blog_draft(*, channel: Channel, sequence: int, user: User, title: str):
    """Start a blog post draft from a thread, keeping links back to every message."""
    from hub.blog.services import post_create

    root = _thread_root(channel=channel, sequence=sequence, user=user)
    body, links = _thread_source(root)
    return post_create(
        author=user, title=title.strip(), body=body, status="draft", source_links=links
    )


def thread_to_standard_comment(*, channel: Channel, sequence: int, user: User, version, anchor):
    """Open a comment thread on a standard from a chat thread, linking back to the messages."""
    from hub.standards.services import thread_open

    root = _thread_root(channel=channel, sequence=sequence, user=user)
    body, links = _thread_source(root)
    return thread_open(version=version, anchor=anchor, author=user, body=body, source_links=links)


__all__ = [
    "ChatError",
    "channel_create",
    "channel_member_add",
    "channel_member_remove",
    "channel_update",
    "message_delete",
    "message_edit",
    "message_post",
    "reaction_toggle",
    "read_mark",
    "thread_to_blog_draft",
    "thread_to_standard_comment",
]
