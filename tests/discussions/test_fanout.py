"""Fan-out once per process: one subscription per channel, presence coalesced, typing throttled."""

import time

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from hub.discussions import fanout
from tests.discussions.conftest import connect, post, receive_until, request
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _subscribed(users, slug):
    sockets = []
    for user in users:
        ws = await connect(user)
        await request(ws, {"type": "subscribe", "id": 1, "channels": [{"channel": slug}]})
        sockets.append(ws)
    return sockets


@pytest.mark.redis
async def test_one_subscription_and_one_dispatch_per_event_per_process():
    from redis import asyncio as aioredis

    channel = await sync_to_async(ChannelFactory)()
    users = await sync_to_async(UserFactory.create_batch)(5)
    sockets = await _subscribed(users, channel.slug)
    try:
        client = aioredis.Redis.from_url(settings.REDIS_URL)
        name = fanout.prefix() + fanout.channel_topic(channel.pk)
        assert dict(await client.pubsub_numsub(name)) == {name.encode(): 1}
        await client.aclose()
        hub = fanout.get_fanout()
        before = hub.delivered
        await post(channel, users[0], "once")
        for ws in sockets:
            frames = await receive_until(ws, lambda f: f["type"] == "message")
            assert frames[-1]["message"]["body"] == "once"
        assert hub.delivered - before == 1  # one dispatch for five sockets
    finally:
        for ws in sockets:
            await ws.disconnect()


async def test_presence_is_coalesced_into_a_count_and_first_names(settings):
    settings.DISCUSSIONS_PRESENCE_INTERVAL = 1.0
    channel = await sync_to_async(ChannelFactory)()
    watcher, *crowd = await sync_to_async(UserFactory.create_batch)(11)
    (observer,) = await _subscribed([watcher], channel.slug)
    sockets = []
    try:
        started = time.monotonic()
        sockets = await _subscribed(crowd, channel.slug)
        frames = await receive_until(
            observer, lambda f: f["type"] == "presence" and f["count"] == 11, timeout=10
        )
        presence = [f for f in frames if f["type"] == "presence"]
        # Ten people joined; the observer heard about it at most once per interval (plus the
        # frame of its own subscribe), not once per join.
        elapsed = time.monotonic() - started
        assert len(presence) <= elapsed / 1.0 + 2, ([f["count"] for f in presence], elapsed)
        assert len(presence) < 10
        assert {u["id"] for u in presence[-1]["users"]} == {u.pk for u in [watcher, *crowd]}
        assert all("@" not in u["name"] for u in presence[-1]["users"])
    finally:
        for ws in [observer, *sockets]:
            await ws.disconnect()


async def test_typing_is_throttled_per_member_across_their_sockets():
    channel = await sync_to_async(ChannelFactory)()
    typist, watcher = await sync_to_async(UserFactory.create_batch)(2)
    (observer,) = await _subscribed([watcher], channel.slug)
    tabs = await _subscribed([typist, typist], channel.slug)
    try:
        for i, tab in enumerate(tabs * 3):
            ack, _ = await request(tab, {"type": "typing", "id": i, "channel": channel.slug})
            assert ack["type"] == "ack"
        deadline, typing = time.monotonic() + 1.0, []
        while time.monotonic() < deadline:
            if await observer.receive_nothing(timeout=0.2):
                continue
            frame = await observer.receive_json_from()
            if frame["type"] == "typing":
                typing.append(frame)
        assert len(typing) == 1 and typing[0]["user"]["id"] == typist.pk
    finally:
        for ws in [observer, *tabs]:
            await ws.disconnect()
