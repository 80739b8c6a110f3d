"""A dropped connection catches up exactly: nothing lost, duplicated or reordered, and that
includes edits, deletes and "useful" marks made while the client was away (event numbers)."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from tests.discussions.conftest import connect, messages_of, post, receive_until, request
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def test_cut_connection_mid_stream_then_resume_from_last_sequence():
    channel = await sync_to_async(ChannelFactory)()
    reader, writer = await sync_to_async(UserFactory.create_batch)(2)
    received: list[int] = []
    ws = await connect(reader)
    try:
        await request(
            ws, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug, "after": 0}]}
        )
        for i in range(1, 4):
            await post(channel, writer, f"live {i}")
        frames = await receive_until(ws, lambda f: f.get("seq") == 3)
        received += messages_of(frames)
    finally:
        await ws.disconnect()  # the cut: mid-stream, with more to come
    for i in range(4, 8):
        await post(channel, writer, f"while away {i}")
    ws = await connect(reader)
    try:
        _ack, frames = await request(
            ws,
            {
                "type": "subscribe",
                "id": 2,
                "channels": [{"channel": channel.slug, "after": received[-1]}],
            },
        )
        received += messages_of(frames)
        for i in range(8, 10):
            await post(channel, writer, f"live again {i}")
        frames = await receive_until(ws, lambda f: f.get("seq") == 9)
        received += messages_of(frames)
    finally:
        await ws.disconnect()
    assert received == list(range(1, 10))


async def test_messages_posted_during_replay_are_neither_lost_nor_duplicated():
    channel = await sync_to_async(ChannelFactory)()
    reader, writer = await sync_to_async(UserFactory.create_batch)(2)
    for i in range(1, 31):
        await post(channel, writer, f"history {i}")

    async def keep_posting():
        for i in range(31, 61):
            await post(channel, writer, f"during {i}")

    ws = await connect(reader)
    try:
        poster = asyncio.create_task(keep_posting())
        _ack, frames = await request(
            ws,
            {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug, "after": 0}]},
            timeout=30,
        )
        await poster
        if not messages_of(frames) or messages_of(frames)[-1] < 60:
            frames += await receive_until(ws, lambda f: f.get("seq") == 60, timeout=30)
        assert messages_of(frames) == list(range(1, 61))
        assert await _no_more_changes(ws)
    finally:
        await ws.disconnect()


async def test_a_lost_live_event_is_filled_from_the_database():
    from hub.discussions.events import change_event
    from hub.discussions.fanout import channel_topic, publish
    from hub.discussions.models import Message
    from hub.discussions.selectors import message_payload

    channel = await sync_to_async(ChannelFactory)()
    reader, writer = await sync_to_async(UserFactory.create_batch)(2)
    ws = await connect(reader)
    try:
        await request(ws, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug}]})
        # Store two messages without fanning them out (as if the layer lost those events)...
        await sync_to_async(_store_silently)(channel, writer, 2)
        # ...then a third arrives live: the socket fills seq 1 and 2 from the database first.
        await post(channel, writer, "third")
        frames = await receive_until(ws, lambda f: f.get("seq") == 3)
        assert messages_of(frames) == [1, 2, 3]
        # A stale duplicate event is dropped.
        message = await sync_to_async(
            lambda: Message.objects.select_related("channel", "author__profile").get(
                channel=channel, sequence=2
            )
        )()
        payload = await sync_to_async(message_payload)(message)
        await sync_to_async(publish)(channel_topic(channel.pk), change_event(payload))
        assert await ws.receive_nothing(timeout=0.3)
    finally:
        await ws.disconnect()


def _changes(frames: list[dict]) -> list[tuple]:
    """(type, seq, event) of every message/update frame, in arrival order."""
    return [
        (f["type"], f["seq"], f["event"]) for f in frames if f.get("type") in {"message", "update"}
    ]


async def _no_more_changes(ws) -> bool:
    """True when nothing but presence/typing arrives any more (no duplicate or extra change)."""
    extra = []
    while not await ws.receive_nothing(timeout=0.3):
        frame = await ws.receive_json_from()
        if frame.get("type") not in {"presence", "typing"}:
            extra.append(frame)
    assert extra == []
    return True


async def _sync(function, **kwargs):
    return await sync_to_async(function)(**kwargs)


async def test_edits_and_deletes_made_while_away_are_replayed_on_reconnect():
    from hub.discussions.services import message_delete, message_edit

    channel = await sync_to_async(ChannelFactory)()
    reader, writer = await sync_to_async(UserFactory.create_batch)(2)
    ws = await connect(reader)
    try:
        await request(
            ws, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug, "after": 0}]}
        )
        for i in range(1, 4):
            await post(channel, writer, f"before {i}")
        frames = await receive_until(ws, lambda f: f.get("seq") == 3)
        assert _changes(frames) == [("message", 1, 1), ("message", 2, 2), ("message", 3, 3)]
        last_event = max(f["event"] for f in frames if f.get("type") == "message")
    finally:
        await ws.disconnect()

    # While the reader is away: a new message, an edit of an older one, a delete of another.
    await post(channel, writer, "while away")
    await _sync(message_edit, channel=channel, sequence=1, user=writer, body="before 1, fixed")
    await _sync(message_delete, channel=channel, sequence=2, user=writer)

    ws = await connect(reader)
    try:
        ack, frames = await request(
            ws,
            {
                "type": "subscribe",
                "id": 2,
                "channels": [{"channel": channel.slug, "after": last_event}],
            },
        )
        assert ack["channels"][0]["last_event"] == 6
        replayed = [f for f in frames if f.get("type") in {"message", "update"}]
        # Exactly the new message, then the edit, then the tombstone, in event order.
        assert _changes(replayed) == [("message", 4, 4), ("update", 1, 5), ("update", 2, 6)]
        assert all(f["replay"] for f in replayed)
        new, edit, tombstone = (f["message"] for f in replayed)
        assert new["body"] == "while away" and new["event"] == 4
        assert edit["body"] == "before 1, fixed" and edit["edited"] and not edit["deleted"]
        assert tombstone["deleted"] and tombstone["body"] == "" and tombstone["author"] is None
        assert await _no_more_changes(ws)

        # Live frames carry event numbers too, and continue from the replay without a gap.
        await post(channel, writer, "live")
        await _sync(message_edit, channel=channel, sequence=4, user=writer, body="while away!")
        frames = await receive_until(ws, lambda f: f.get("event") == 8)
        assert _changes(frames) == [("message", 7, 7), ("update", 4, 8)]
        assert frames[-1]["message"]["body"] == "while away!"
        assert await _no_more_changes(ws)
    finally:
        await ws.disconnect()


async def test_a_message_posted_and_changed_while_away_arrives_once_in_its_latest_state():
    from hub.discussions.services import message_edit, reaction_toggle

    channel = await sync_to_async(ChannelFactory)()
    reader, writer = await sync_to_async(UserFactory.create_batch)(2)
    await post(channel, writer, "seen")  # event 1
    await post(channel, writer, "first draft")  # event 2
    await post(channel, writer, "other")  # event 3
    await _sync(message_edit, channel=channel, sequence=2, user=writer, body="final")  # 4
    await _sync(reaction_toggle, channel=channel, sequence=1, user=writer)  # 5
    ws = await connect(reader)
    try:
        _ack, frames = await request(
            ws, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug, "after": 1}]}
        )
        # Message 2 comes once, as new, at its latest event (after message 3); the useful mark
        # on message 1 (which the client had) is an update.
        assert _changes(frames) == [("message", 3, 3), ("message", 2, 4), ("update", 1, 5)]
        assert frames[1]["message"]["body"] == "final"
        assert next(f for f in frames if f.get("seq") == 1)["message"]["useful"] == 1
    finally:
        await ws.disconnect()


async def test_a_change_whose_live_event_was_lost_is_filled_from_the_database():
    from hub.discussions.events import broadcast_message, change_event
    from hub.discussions.fanout import channel_topic, publish
    from hub.discussions.models import Message

    channel = await sync_to_async(ChannelFactory)()
    reader, writer = await sync_to_async(UserFactory.create_batch)(2)
    await post(channel, writer, "one")
    ws = await connect(reader)
    try:
        await request(ws, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug}]})
        # An edit stored without its broadcast (as if the layer lost it)...
        await sync_to_async(_edit_silently)(channel, 1, "one, edited quietly")
        # ...then a new message arrives live: the socket sends the edit first.
        await post(channel, writer, "three")
        frames = await receive_until(ws, lambda f: f.get("seq") == 3)
        assert _changes(frames) == [("update", 1, 2), ("message", 3, 3)]
        edit = next(f for f in frames if f.get("type") == "update")
        assert edit["message"]["body"] == "one, edited quietly"
        # The late broadcast of that edit (same event number) is dropped as a duplicate.
        message = await sync_to_async(Message.objects.get)(channel=channel, sequence=1)
        await sync_to_async(broadcast_message)(message.pk, event_type="chat.update")
        assert await _no_more_changes(ws)
        # A repeat of the last event (a second process publishing it late) is dropped too.
        await sync_to_async(publish)(channel_topic(channel.pk), change_event(frames[-1]["message"]))
        assert await _no_more_changes(ws)
    finally:
        await ws.disconnect()


def _edit_silently(channel, sequence, body):
    from django.db import transaction
    from django.db.models import F

    from hub.discussions.models import Channel, Message

    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(last_sequence=F("last_sequence") + 1)
        number = Channel.objects.values_list("last_sequence", flat=True).get(pk=channel.pk)
        Message.objects.filter(channel=channel, sequence=sequence).update(
            body=body, changed_seq=number
        )


def _store_silently(channel, author, count):
    from django.db import transaction
    from django.db.models import F

    from hub.discussions.models import Channel, Message

    with transaction.atomic():
        for _ in range(count):
            Channel.objects.filter(pk=channel.pk).update(last_sequence=F("last_sequence") + 1)
            seq = Channel.objects.values_list("last_sequence", flat=True).get(pk=channel.pk)
            Message.objects.create(
                channel=channel, sequence=seq, author=author, body=f"quiet {seq}"
            )
