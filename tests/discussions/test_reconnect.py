"""A dropped connection catches up exactly: nothing lost, duplicated or reordered."""

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
        assert await ws.receive_nothing(timeout=0.3)
    finally:
        await ws.disconnect()


async def test_a_lost_live_event_is_filled_from_the_database():
    from channels.layers import get_channel_layer

    from hub.discussions.events import channel_group
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
        await get_channel_layer().group_send(
            channel_group(channel.pk), {"type": "chat.message", "seq": 2, "message": payload}
        )
        assert await ws.receive_nothing(timeout=0.3)
    finally:
        await ws.disconnect()


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
