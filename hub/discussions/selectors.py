"""Reads for discussion channels, and the one place that decides who may see a channel."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from hub.core.prepared import PreparedQuery
from hub.discussions.models import Channel, ChannelMember, Message, Reaction, ReadMarker
from hub.groups.models import WorkingGroup
from hub.groups.selectors import group_ids_for_member, group_is_member, group_member_ids

MENTION = re.compile(r"(?<![\w@/])@([a-z0-9](?:[a-z0-9-]{0,28}[a-z0-9])?)\b")
MAX_MENTIONS = 20
HISTORY_PAGE_SIZE = 50
User = get_user_model()


def channel_is_visible_to(channel: Channel, user) -> bool:
    """Public: any signed-in member. Group: the group's active members. Private: invitees."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if channel.kind == Channel.Kind.PUBLIC:
        return True
    if channel.kind == Channel.Kind.GROUP:
        return channel.group_id is not None and group_is_member(channel.group, user)
    return ChannelMember.objects.filter(channel=channel, user=user).exists()


def channel_can_post(channel: Channel, user) -> bool:
    """Everyone who can see a channel may post in it, unless it is archived."""
    return not channel.archived and channel_is_visible_to(channel, user)


def channel_can_manage(channel: Channel, user) -> bool:
    """The creator and moderators rename, archive and invite."""
    if not channel_is_visible_to(channel, user):
        return False
    return user.is_moderator or (
        channel.created_by_id is not None and channel.created_by_id == user.pk
    )


def channels_visible_to(user) -> QuerySet[Channel]:
    """Every channel the member may see, in one query (no duplicates, no joins that multiply)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Channel.objects.none()
    invited = ChannelMember.objects.filter(channel=OuterRef("pk"), user=user)
    return Channel.objects.filter(
        Q(kind=Channel.Kind.PUBLIC)
        | Q(kind=Channel.Kind.GROUP, group_id__in=list(group_ids_for_member(user)))
        | Q(kind=Channel.Kind.PRIVATE) & Exists(invited)
    )


def channel_get_visible(*, slug: str, user) -> Channel | None:
    """The channel if the member may see it; None both when it does not exist and when hidden."""
    channel = Channel.objects.select_related("group").filter(slug=slug).first()
    if channel is None or not channel_is_visible_to(channel, user):
        return None
    return channel


def channel_ids_visible_to(user, ids) -> set[int]:
    """Which of these channel ids the member may see (one query; for subscribe frames)."""
    return set(channels_visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def with_unread_counts(channels: QuerySet[Channel], user) -> QuerySet[Channel]:
    """Annotate ``read_sequence`` and ``unread``: later, undeleted messages by other people."""
    marker = ReadMarker.objects.filter(channel=OuterRef("pk"), user=user).values(
        "last_read_sequence"
    )[:1]
    unread = (
        Message.objects.filter(
            channel=OuterRef("pk"),
            sequence__gt=OuterRef("read_sequence"),
            deleted_at__isnull=True,
            is_hidden=False,
        )
        .exclude(author=user)
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return channels.annotate(
        read_sequence=Coalesce(Subquery(marker), Value(0), output_field=IntegerField())
    ).annotate(unread=Coalesce(Subquery(unread), Value(0), output_field=IntegerField()))


def channel_list_for(user, *, include_archived: bool = False) -> QuerySet[Channel]:
    """The channel list page: visible channels with unread counts and their group."""
    channels = channels_visible_to(user).select_related("group")
    if not include_archived:
        channels = channels.filter(archived=False)
    return with_unread_counts(channels, user).order_by("archived", "name")


def channels_active(user, *, limit: int = 5) -> list[Channel]:
    """The most recently active channels the member may see (home page)."""
    return list(
        with_unread_counts(
            channels_visible_to(user).filter(archived=False, last_message_at__isnull=False),
            user,
        ).order_by("-last_message_at")[:limit]
    )


def _message_rows(channel: Channel) -> QuerySet[Message]:
    return (
        Message.objects.filter(channel=channel)
        .select_related("author__profile", "parent", "channel")
        .annotate(
            useful_count=Count(
                "reactions", filter=Q(reactions__kind=Reaction.USEFUL), distinct=True
            ),
            reply_count=Count("replies", distinct=True),
        )
    )


def message_rows(channel: Channel) -> QuerySet[Message]:
    """Every message of the channel with what a message shows (for the JSON API's pages)."""
    return _message_rows(channel)


def messages_changed_after(*, channel: Channel, after: int, limit: int = 500) -> list[Message]:
    """Replay: every message (tombstones included) created or changed after event ``after``,
    in event order, each in its current state.

    "Created after" is implied: ``changed_seq >= sequence`` always, so ``sequence > after OR
    changed_seq > after`` is ``changed_seq > after`` (one indexed range).
    """
    return list(
        _message_rows(channel).filter(changed_seq__gt=after).order_by("changed_seq")[:limit]
    )


def messages_page(
    *, channel: Channel, before: int | None = None, around: int | None = None
) -> dict:
    """One page of history, oldest first, with the sequences for "older" and "newer" links."""
    rows = _message_rows(channel)
    size = HISTORY_PAGE_SIZE
    if around is not None:
        older = list(rows.filter(sequence__lt=around).order_by("-sequence")[: size // 2])
        newer = list(rows.filter(sequence__gte=around).order_by("sequence")[: size - len(older)])
        items = [*reversed(older), *newer]
    elif before is not None:
        items = list(reversed(rows.filter(sequence__lt=before).order_by("-sequence")[:size]))
    else:
        items = list(reversed(rows.order_by("-sequence")[:size]))
    first = items[0].sequence if items else None
    last = items[-1].sequence if items else None
    has_older = first is not None and first > 1
    # ``last_sequence`` counts changes too, so ask for a later message rather than compare.
    has_newer = (
        last is not None
        and (before is not None or around is not None)
        and rows.filter(sequence__gt=last).exists()
    )
    return {
        "messages": items,
        "older": first if has_older else None,
        "newer": (last + 1) if has_newer else None,
    }


def message_by_pk(pk: int) -> Message | None:
    """One message with what its card shows (the after-commit broadcast re-reads it here)."""
    return (
        Message.objects.filter(pk=pk)
        .select_related("author__profile", "parent", "channel")
        .annotate(
            useful_count=Count(
                "reactions", filter=Q(reactions__kind=Reaction.USEFUL), distinct=True
            ),
            reply_count=Count("replies", distinct=True),
        )
        .first()
    )


def message_just_posted(message: Message) -> Message:
    """A message this process has just created, ready for its card without reading it back:
    nobody has marked it useful or replied yet, and its channel and parent are the rows the
    service locked and read. Only the author is read again (one query by key), as their name
    or profile may have changed since their socket opened."""
    author = User.objects.select_related("profile").filter(pk=message.author_id).first()
    message.author = author
    message.useful_count = 0
    message.reply_count = 0
    return message


def message_get(*, channel: Channel, sequence: int) -> Message | None:
    return _message_rows(channel).filter(sequence=sequence).first()


def thread_messages(*, root: Message) -> list[Message]:
    """A thread: the root message then its replies, oldest first."""
    replies = _message_rows(root.channel).filter(parent=root).order_by("sequence")
    return [root, *replies]


def message_payload(message: Message) -> dict:
    """The JSON shape of a message in WebSocket frames (docs/realtime.md), with ``cards``: the
    message as the channel page shows it, per interface language (``hub.discussions.cards``)."""
    from hub.discussions.cards import message_html, render_cards

    author = message.author
    profile = getattr(author, "profile", None) if author else None
    deleted = message.is_deleted
    withheld = deleted or message.is_hidden
    html = "" if withheld else str(message_html(message.body))
    return {
        "channel": message.channel.slug,
        "channel_id": message.channel_id,
        "seq": message.sequence,
        "event": message.changed_seq,
        "id": message.pk,
        "author": None
        if withheld or author is None
        else {
            "id": author.pk,
            "handle": getattr(profile, "handle", "") or "",
            "name": str(author),
        },
        "body": "" if withheld else message.body,
        "html": html,
        "language": message.language,
        "parent_seq": message.parent.sequence if message.parent_id and message.parent else None,
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": deleted,
        "hidden": message.is_hidden,
        "useful": getattr(message, "useful_count", None)
        if hasattr(message, "useful_count")
        else message.reactions.filter(kind=Reaction.USEFUL).count(),
        "replies": getattr(message, "reply_count", 0),
        "url": message.get_absolute_url(),
        "cards": render_cards(message, body_html=html),
    }


def people(user_ids: list[int]) -> list[dict]:
    """``{id, handle, name}`` for each of these members, in the order given (presence, typing,
    hello frames). ``name`` is ``User.public_name``: never an email address."""
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids).select_related("profile")}
    result = []
    for uid in user_ids:
        user = users.get(uid)
        if user is not None:
            profile = getattr(user, "profile", None)
            handle = getattr(profile, "handle", "") or ""
            result.append({"id": uid, "handle": handle, "name": user.public_name})
    return result


def group_channels_for(group: WorkingGroup) -> QuerySet[Channel]:
    return Channel.objects.filter(group=group, archived=False)


# --- Community statistics (read by hub/community's dashboards) --------------------------------


def _weekly_messages(*, since, until, council_id):
    from hub.core.weekly import weekly_authorship_rows

    messages = Message.objects.filter(
        deleted_at__isnull=True, created_at__gte=since, created_at__lt=until
    )
    if council_id:
        messages = messages.filter(author__profile__council_id=council_id)
    return weekly_authorship_rows(messages, "created_at")


_WEEKLY_MESSAGES = PreparedQuery(_weekly_messages, params=("since", "until", "council_id"))


def authorship_by_week(*, since, until, council_id: int | None = None) -> dict:
    """Messages (not deleted) per week (Monday), how many and by whom (``hub.core.weekly``), in
    every channel: one query. For staff dashboards only: counts include private and
    working-group channels."""
    from hub.core.weekly import tally_weeks

    return tally_weeks(_WEEKLY_MESSAGES.rows(since=since, until=until, council_id=council_id))


def channel_viewer_ids(channel: Channel, user_ids: set[int]) -> set[int]:
    """Which of ``user_ids`` may see the channel now (``channel_is_visible_to`` in bulk)."""
    if channel.kind == Channel.Kind.PUBLIC:
        return set(user_ids)
    if channel.kind == Channel.Kind.GROUP:
        return group_member_ids(channel.group_id, user_ids) if channel.group_id else set()
    return set(
        ChannelMember.objects.filter(channel=channel, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )


def mentioned_user_ids(body: str) -> list[int]:
    """Active members @-mentioned by handle in a message body (at most ``MAX_MENTIONS``)."""
    from accounts.models import Profile

    handles = list(dict.fromkeys(MENTION.findall(body)))[:MAX_MENTIONS]
    if not handles:
        return []
    return list(
        Profile.objects.filter(handle__in=handles, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
