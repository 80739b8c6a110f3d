"""One upkeep round per process (hub.discussions.upkeep): sockets that missed an event live catch
up from the database, and presence entries of every local socket are renewed together."""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async

from hub.discussions import fanout
from hub.discussions.models import Channel, Message
from hub.discussions.presence import PRESENCE_TTL, MemoryStore, Presence
from tests.discussions.conftest import connect, receive_until, request
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def _store_without_broadcast(channel, author, body: str) -> int:
    """A message in the database whose live event was lost (as pub/sub loses events while
    Redis restarts): stored and numbered, never published."""
    number = Channel.objects.get(pk=channel.pk).last_sequence + 1
    Message.objects.create(
        channel=channel, sequence=number, changed_seq=number, author=author, body=body
    )
    Channel.objects.filter(pk=channel.pk).update(last_sequence=number)
    return number


async def test_sockets_that_missed_an_event_live_catch_up_from_one_round(settings):
    settings.DISCUSSIONS_REFRESH_SECONDS = 0.2
    channel = await sync_to_async(ChannelFactory)()
    writer, *readers = await sync_to_async(UserFactory.create_batch)(4)
    sockets = [await connect(user) for user in readers]
    try:
        for ws in sockets:
            await request(
                ws, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug}]}
            )
        upkeep = fanout.get_fanout().upkeep
        assert upkeep is not None and not upkeep.task.done()  # one task for all three sockets
        lost = await sync_to_async(_store_without_broadcast)(channel, writer, "never published")
        for ws in sockets:
            frames = await receive_until(ws, lambda f: f.get("seq") == lost, timeout=10)
            caught = [f for f in frames if f.get("seq") == lost]
            assert len(caught) == 1 and caught[0]["message"]["body"] == "never published"
    finally:
        for ws in sockets:
            await ws.disconnect()
    # Nobody follows a channel any more: the round stops.
    deadline = time.monotonic() + 5
    while not upkeep.task.done():
        assert time.monotonic() < deadline, "the upkeep kept running with no channel followed"
        await asyncio.sleep(0.05)


async def test_presence_entries_of_every_local_socket_are_renewed_together():
    presence = Presence(fanout.MemoryFanout(asyncio.get_running_loop()))
    assert isinstance(presence.store, MemoryStore)
    channel_id = 987_654  # MemoryStore's entries are per process
    await presence.join(channel_id, "c", 1, "a")
    await presence.join(channel_id, "c", 2, "b")
    entries = MemoryStore.entries[channel_id]
    for member in entries:
        entries[member] = time.time() + 1  # about to expire
    await presence.renew()
    assert all(expires > time.time() + PRESENCE_TTL - 5 for expires in entries.values())
    await presence.leave(channel_id, 2, "b")
    assert presence.local == {channel_id: {"1:a"}}
    MemoryStore.entries.pop(channel_id, None)


async def test_a_socket_that_leaves_during_a_renewal_is_not_renewed_back():
    presence = Presence(fanout.MemoryFanout(asyncio.get_running_loop()))
    channel_id = 987_655
    await presence.join(channel_id, "c", 1, "a")
    await presence.join(channel_id, "c", 2, "b")
    renew = presence.store.renew

    async def leave_first(members):
        # The leave's removal reaches the store before the renewal's write does.
        await presence.leave(channel_id, 2, "b")
        await renew(members)

    presence.store.renew = leave_first
    await presence.renew()
    assert set(MemoryStore.entries[channel_id]) == {"1:a"}
    MemoryStore.entries.pop(channel_id, None)
