"""Two server processes, one Redis: every guarantee holds across processes (issue 11).

A message posted through one process reaches a socket on the other, live, once; a socket that
drops and reconnects to the *other* process resumes exactly from the last event it saw. The
servers are uvicorn as production runs it (``hub.serve``), forked from this test process, sharing
the test database and Redis.
"""

import asyncio
import json
import time
from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect as ws_connect

from tests.asgi_server import UvicornProcess
from tests.discussions.conftest import session_cookie
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio, pytest.mark.redis]


def _setup() -> None:
    # A fork copies asgiref's single-thread executor but not its thread (see browser fixtures).
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync

    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)


def _application():
    from hub.asgi import application

    return application


@pytest.fixture(scope="module")
def two_servers(django_db_setup, django_db_blocker) -> Iterator[list[int]]:
    processes = [UvicornProcess("127.0.0.1", _application, setup=_setup) for _ in range(2)]
    with django_db_blocker.unblock():
        for process in processes:
            process.start()
    try:
        for process in processes:
            assert process.ready.wait(timeout=60), "the server did not start within 60 s"
        yield [process.port.value for process in processes]
    finally:
        for process in processes:
            process.terminate()
            process.join(timeout=10)


class Socket:
    """A real WebSocket client to one server process."""

    def __init__(self, port: int, cookie: bytes):
        self.port, self.cookie = port, cookie.decode()

    async def __aenter__(self):
        self.ws = await ws_connect(
            f"ws://127.0.0.1:{self.port}/ws/chat/",
            origin=f"http://127.0.0.1:{self.port}",
            additional_headers={"Cookie": self.cookie},
        )
        assert (await self.next())["type"] == "hello"
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def next(self, timeout: float = 15) -> dict:
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))

    async def request(self, frame: dict) -> tuple[dict, list[dict]]:
        await self.ws.send(json.dumps(frame))
        others = []
        while True:
            reply = await self.next()
            if reply.get("id") == frame["id"] and reply["type"] in {"ack", "error"}:
                return reply, others
            others.append(reply)

    async def until(self, predicate, timeout: float = 15) -> list[dict]:
        frames, deadline = [], time.monotonic() + timeout
        while True:
            frame = await self.next(max(0.1, deadline - time.monotonic()))
            frames.append(frame)
            if predicate(frame):
                return frames


def _changes(frames: list[dict]) -> list[tuple[str, int]]:
    return [(f["type"], f["seq"]) for f in frames if f["type"] in {"message", "update"}]


async def test_a_message_posted_to_one_process_reaches_a_socket_on_the_other(two_servers):
    first, second = two_servers
    channel = await sync_to_async(ChannelFactory)()
    writer, reader = await sync_to_async(UserFactory.create_batch)(2)
    sub = {"type": "subscribe", "id": "s", "channels": [{"channel": channel.slug}]}
    async with (
        Socket(first, await session_cookie(writer)) as a,
        Socket(second, await session_cookie(reader)) as b,
    ):
        assert (await a.request(sub))[0]["type"] == "ack"
        assert (await b.request(sub))[0]["type"] == "ack"
        for i in range(1, 4):
            ack, _ = await a.request(
                {"type": "send", "id": i, "channel": channel.slug, "body": f"hello {i}"}
            )
            assert ack["seq"] == i
        got = await b.until(lambda f: f.get("seq") == 3)
        assert _changes(got) == [("message", 1), ("message", 2), ("message", 3)]
        assert got[-1]["message"]["html"] == "<p>hello 3</p>\n"
        # An edit made through the second process reaches the first.
        await b.request({"type": "useful", "id": 9, "channel": channel.slug, "seq": 2})
        seen = await a.until(lambda f: f["type"] == "update")
        assert seen[-1]["seq"] == 2 and seen[-1]["event"] == 4


async def test_a_socket_that_reconnects_to_the_other_process_resumes_exactly(two_servers):
    first, second = two_servers
    channel = await sync_to_async(ChannelFactory)()
    writer, reader = await sync_to_async(UserFactory.create_batch)(2)
    writer_cookie, reader_cookie = await session_cookie(writer), await session_cookie(reader)
    received: list[tuple[str, int]] = []
    async with Socket(first, writer_cookie) as a:
        async with Socket(second, reader_cookie) as b:
            await a.request({"type": "subscribe", "id": 0, "channels": [{"channel": channel.slug}]})
            await b.request(
                {"type": "subscribe", "id": 0, "channels": [{"channel": channel.slug, "after": 0}]}
            )
            for i in range(1, 3):
                await a.request({"type": "send", "id": i, "channel": channel.slug, "body": f"{i}"})
            frames = await b.until(lambda f: f.get("seq") == 2)
            received += _changes(frames)
            last_event = max(f["event"] for f in frames if "event" in f)
        # The reader is away: two new messages and an edit of message 1.
        for i in range(3, 5):
            await a.request({"type": "send", "id": i, "channel": channel.slug, "body": f"{i}"})
        await a.request({"type": "edit", "id": 5, "channel": channel.slug, "seq": 1, "body": "1!"})
        # It comes back through the *other* process and resumes from the last event it saw.
        async with Socket(first, reader_cookie) as b2:
            _ack, frames = await b2.request(
                {
                    "type": "subscribe",
                    "id": 1,
                    "channels": [{"channel": channel.slug, "after": last_event}],
                }
            )
            received += _changes(frames)
            await a.request({"type": "send", "id": 6, "channel": channel.slug, "body": "six"})
            received += _changes(await b2.until(lambda f: f.get("seq") == 6))
    assert received == [
        ("message", 1),
        ("message", 2),
        ("message", 3),
        ("message", 4),
        ("update", 1),
        ("message", 6),
    ]
