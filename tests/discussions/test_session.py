"""Per-socket delivery state (hub.discussions.session) without Channels or a database.

A fake "database" holds the stored changes; the fake socket's send can be made slow or stuck.
"""

import asyncio
import json
import time

import pytest

from hub.discussions import events, fanout
from hub.discussions.session import Session

pytestmark = pytest.mark.asyncio


class Store:
    """Stored changes of channel 1, as message payloads by event number."""

    def __init__(self):
        self.rows: list[dict] = []

    def post(self) -> dict:
        seq = len(self.rows) + 1
        row = {"channel": "c", "channel_id": 1, "seq": seq, "event": seq, "body": str(seq)}
        self.rows.append(row)
        return row

    async def load_after(self, channel_id: int, after: int) -> list[dict]:
        return [r for r in self.rows if r["event"] > after]


class Client:
    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.frames: list[dict] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def send(self, text: str) -> None:
        await self.gate.wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        self.frames.append(json.loads(text))

    def seqs(self) -> list[int]:
        return [f["seq"] for f in self.frames if f["type"] == "message"]


async def _until(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def _session(store, client, hub, **kwargs) -> Session:
    session = Session(send=client.send, load_after=store.load_after, hub=hub, **kwargs)
    session.start()
    async with session.lock:
        await session.follow(1, "c", 0)
    return session


def _offer(hub, row: dict) -> None:
    header, frame = fanout.unpack(events.change_event(row))
    hub.dispatch_local(fanout.channel_topic(1), header, frame)


async def test_a_slow_socket_falls_back_to_the_database_and_the_others_are_unaffected():
    hub = fanout.MemoryFanout(asyncio.get_running_loop())
    store = Store()
    fast, slow = Client(), Client()
    slow.gate.clear()  # stops reading for a while
    a = await _session(store, fast, hub, queue_limit=8)
    b = await _session(store, slow, hub, queue_limit=8)
    try:
        for _ in range(100):
            _offer(hub, store.post())
            await asyncio.sleep(0.002)  # a live stream, not one burst
        await _until(lambda: fast.seqs()[-1:] == [100])
        assert fast.seqs() == list(range(1, 101)) and a.overflows == 0
        assert b.overflows > 0 and len(b.queue) <= 8  # bounded: not 100 frames held
        slow.gate.set()  # reads again: gets everything, in order, once
        await _until(lambda: slow.seqs()[-1:] == [100])
        assert slow.seqs() == list(range(1, 101))
        assert any(f.get("replay") for f in slow.frames)  # some of it from the database
    finally:
        await a.stop()
        await b.stop()


async def test_a_socket_that_stops_reading_is_closed_after_the_timeout():
    hub = fanout.MemoryFanout(asyncio.get_running_loop())
    store, stuck = Store(), Client()
    stuck.gate.clear()
    closed = asyncio.Event()

    async def on_stuck():
        closed.set()

    session = await _session(store, stuck, hub, send_timeout=0.2, on_stuck=on_stuck)
    try:
        _offer(hub, store.post())
        await asyncio.wait_for(closed.wait(), 5)
    finally:
        await session.stop()


async def test_live_events_are_sent_once_in_order_and_gaps_are_filled():
    hub = fanout.MemoryFanout(asyncio.get_running_loop())
    store, client = Store(), Client()
    session = await _session(store, client, hub)
    try:
        one, two, three = store.post(), store.post(), store.post()
        _offer(hub, one)
        _offer(hub, three)  # two was lost: filled from the database before three
        _offer(hub, two)  # late duplicate: dropped
        _offer(hub, three)
        await _until(lambda: client.seqs()[-1:] == [3])
        await asyncio.sleep(0.05)
        assert client.seqs() == [1, 2, 3]
    finally:
        await session.stop()


async def test_typing_and_presence_are_dropped_not_queued_when_behind():
    hub = fanout.MemoryFanout(asyncio.get_running_loop())
    store, client = Store(), Client()
    client.gate.clear()
    session = await _session(store, client, hub, queue_limit=4)
    try:
        for _ in range(50):
            hub.dispatch_local(
                fanout.channel_topic(1), {"k": "typing", "channel_id": 1, "origin": "x"}, "{}"
            )
        assert len(session.queue) <= 4
    finally:
        await session.stop()


async def test_an_idle_socket_holds_no_sender_task():
    hub = fanout.MemoryFanout(asyncio.get_running_loop())
    store, client = Store(), Client()
    session = await _session(store, client, hub)
    try:
        await _until(lambda: session.task is None or session.task.done())
        # A send that need not wait is written in the fan-out's own step: no task at all.
        _offer(hub, store.post())
        assert client.seqs() == [1] and session.task is None
        # One that waits (the socket's buffer is full) is finished by the socket's task, which
        # sends what came meanwhile after it, in order, and then ends.
        client.gate.clear()
        _offer(hub, store.post())
        _offer(hub, store.post())
        assert session.task is not None and client.seqs() == [1]
        client.gate.set()
        await _until(lambda: client.seqs() == [1, 2, 3])
        await _until(lambda: session.task.done())
        assert not session.lock.locked()
        _offer(hub, store.post())
        assert client.seqs() == [1, 2, 3, 4]
    finally:
        await session.stop()


async def test_stopping_while_a_send_waits_releases_the_socket():
    hub = fanout.MemoryFanout(asyncio.get_running_loop())
    store, client = Store(), Client()
    session = await _session(store, client, hub)
    client.gate.clear()
    _offer(hub, store.post())  # the send waits; its task has not run yet
    assert session.task is not None and session.lock.locked()
    await session.stop()  # the client went away in the same turn
    assert not session.lock.locked() and session.waiting_send is None
    assert client.seqs() == []
