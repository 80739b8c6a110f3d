"""A reader that falls behind, or stops reading, on the production server (uvicorn, issue 11).

uvicorn's ``send`` waits while a socket's write buffer is full, so here (unlike under daphne,
which buffers without limit) a slow reader really fills its own bounded queue: it must then
catch up from the database, in order, once, while the other readers are not held back; and a
reader that stops reading altogether is dropped by the ping timeout and resumes exactly.
"""

import asyncio
import json
import socket
import time
from functools import partial

import pytest
from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

from tests.asgi_server import UvicornProcess
from tests.discussions.conftest import session_cookie
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio, pytest.mark.redis]

BODY = "x" * 3_500  # each frame ~10 KB: a few fill the socket's buffers


def _setup(queue: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync
    from django.conf import settings

    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)  # see browser fixtures
    settings.DISCUSSIONS_SEND_RATE = "10000/m"
    settings.DISCUSSIONS_SOCKET_QUEUE = queue
    settings.DISCUSSIONS_SEND_TIMEOUT = 300.0  # the ping timeout, not this, ends a stalled socket


def _application():
    from hub.asgi import application

    return application


@pytest.fixture
def server(django_db_setup, django_db_blocker):
    started = []

    def start(*, queue: int = 256, ping: float = 60.0) -> int:
        process = UvicornProcess(
            "127.0.0.1",
            _application,
            setup=partial(_setup, queue),
            options={"ws_ping_interval": ping, "ws_ping_timeout": ping},
            send_buffer=16_384,
        )
        with django_db_blocker.unblock():
            process.start()
        started.append(process)
        assert process.ready.wait(timeout=60), "the server did not start within 60 s"
        return process.port.value

    yield start
    for process in started:
        process.terminate()
        process.join(timeout=10)


async def _open(port: int, cookie: bytes, *, reading: bool = True):
    extra = {}
    if not reading:
        # A 4 KiB receive buffer and a one-frame client queue: once it stops reading, the
        # server's writes back up after a few frames, as with a frozen tab.
        raw = socket.socket()
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.setblocking(False)
        await asyncio.get_running_loop().sock_connect(raw, ("127.0.0.1", port))
        extra["sock"] = raw
    ws = await ws_connect(
        f"ws://127.0.0.1:{port}/ws/chat/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie.decode()},
        max_queue=None if reading else 1,
        ping_interval=None,
        **extra,
    )
    assert json.loads(await ws.recv())["type"] == "hello"
    return ws


async def _request(ws, frame: dict) -> dict:
    await ws.send(json.dumps(frame))
    while True:
        reply = json.loads(await asyncio.wait_for(ws.recv(), 30))
        if reply.get("id") == frame["id"] and reply["type"] in {"ack", "error"}:
            return reply


async def _messages_until(ws, last_seq: int, timeout: float = 60) -> list[dict]:
    frames, deadline = [], time.monotonic() + timeout
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic())))
        if frame["type"] == "message":
            frames.append(frame)
            if frame["seq"] == last_seq:
                return frames


async def _post(writer, slug: str, count: int) -> None:
    for i in range(1, count + 1):
        ack = await _request(
            writer, {"type": "send", "id": i, "channel": slug, "body": f"{i} {BODY}"}
        )
        assert ack["type"] == "ack", ack


async def test_a_slow_reader_catches_up_in_order_and_holds_no_one_back(server):
    port = server(queue=4)
    channel = await sync_to_async(ChannelFactory)()
    writer_user, fast_user, slow_user = await sync_to_async(UserFactory.create_batch)(3)
    sub = {"type": "subscribe", "id": "s", "channels": [{"channel": channel.slug, "after": 0}]}
    writer = await _open(port, await session_cookie(writer_user))
    fast = await _open(port, await session_cookie(fast_user))
    slow = await _open(port, await session_cookie(slow_user), reading=False)
    for ws in (writer, fast, slow):
        assert (await _request(ws, sub))["type"] == "ack"
    count = 60
    # The slow socket reads nothing while all of it is posted; the fast one gets every message.
    posting = asyncio.create_task(_post(writer, channel.slug, count))
    got_fast = await _messages_until(fast, count)
    await posting
    assert [f["seq"] for f in got_fast] == list(range(1, count + 1))
    assert not any(f.get("replay") for f in got_fast)
    # Now it reads: everything, in order, once; part of it from the database (it fell behind).
    got_slow = await _messages_until(slow, count)
    assert [f["seq"] for f in got_slow] == list(range(1, count + 1))
    assert any(f.get("replay") for f in got_slow), "the slow socket never fell behind"
    for ws in (writer, fast, slow):
        await ws.close()


async def test_a_reader_that_stops_reading_is_dropped_and_resumes_exactly(server):
    port = server(ping=1.0)
    channel = await sync_to_async(ChannelFactory)()
    writer_user, stalled_user = await sync_to_async(UserFactory.create_batch)(2)
    writer = await _open(port, await session_cookie(writer_user))
    stalled = await _open(port, await session_cookie(stalled_user), reading=False)
    sub = {"type": "subscribe", "id": "s", "channels": [{"channel": channel.slug, "after": 0}]}
    for ws in (writer, stalled):
        assert (await _request(ws, sub))["type"] == "ack"
    await _post(writer, channel.slug, 20)
    # It answers no ping: within ping interval + timeout (1 + 1 s) the server drops it on its
    # own (the stalled client reads nothing meanwhile), so it leaves the channel's presence.
    deadline = time.monotonic() + 30
    while True:
        frame = json.loads(await asyncio.wait_for(writer.recv(), deadline - time.monotonic()))
        if frame["type"] == "presence" and frame["count"] == 1:
            break
    # What it had received before, it can still read; then the connection is gone.
    seen: list[int] = []
    with pytest.raises(ConnectionClosed):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            frame = json.loads(await asyncio.wait_for(stalled.recv(), 30))
            if frame["type"] == "message":
                seen.append(frame["seq"])
    assert seen == list(range(1, len(seen) + 1)) and len(seen) < 20
    # The writer was never held back, and the stalled member resumes from where it stopped.
    await _post(writer, channel.slug, 1)  # message 21
    back = await _open(port, await session_cookie(stalled_user))
    resume = {"type": "subscribe", "id": "r", "channels": [{"channel": channel.slug}]}
    resume["channels"][0]["after"] = seen[-1] if seen else 0
    await back.send(json.dumps(resume))
    got = await _messages_until(back, 21)
    assert [f["seq"] for f in got] == list(range((seen[-1] if seen else 0) + 1, 22))
    await back.close()
    await writer.close()
