"""Fixtures for the discussions tests: people in each role, and WebSocket helpers."""

import asyncio
import os
import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from tests.discussions.factories import (
    ChannelFactory,
    ChannelMemberFactory,
    GroupChannelFactory,
    MembershipFactory,
    PrivateChannelFactory,
)
from tests.factories import ModeratorFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked ``redis`` run whenever REDIS_URL is set (CI always sets it, and fails
    without it); a local SQLite run without Redis leaves them out rather than skipping them."""
    if os.environ.get("REDIS_URL"):
        return
    kept = [item for item in items if item.get_closest_marker("redis") is None]
    dropped = [item for item in items if item.get_closest_marker("redis") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """A new layer object per test: channels_redis binds its receive lock to the first event
    loop that uses it, and pytest-asyncio gives each test its own loop (production has one)."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def _unstarted_thread_sensitive_executor():
    """Leave asgiref's shared single-thread executor without a live thread after each test.

    The browser tests' daphne server is forked from this process later in the session; a fork
    inherits an executor that believes its worker thread exists, so every thread-sensitive call
    in the child (the WebSocket session lookup) would wait forever. Executors start their thread
    lazily, so a fresh one is safe to fork.
    """
    yield
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync

    old = SyncToAsync.single_thread_executor
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    old.shutdown(wait=True)


@pytest.fixture(autouse=True)
def _generous_send_rate(settings):
    # The real limit is tested on its own; other tests must never trip it.
    settings.DISCUSSIONS_SEND_RATE = "10000/m"


@pytest.fixture
def roles(db):
    """One of each kind of person, and a channel of each kind."""
    author, group_member, invitee, outsider, pending = (UserFactory() for _ in range(5))
    moderator = ModeratorFactory()
    public = ChannelFactory()
    group_channel = GroupChannelFactory()
    MembershipFactory(group=group_channel.group, user=group_member)
    MembershipFactory(group=group_channel.group, user=author)
    MembershipFactory(group=group_channel.group, user=pending, state="pending")
    private = PrivateChannelFactory(created_by=author)
    ChannelMemberFactory(channel=private, user=author)
    ChannelMemberFactory(channel=private, user=invitee)
    return {
        "author": author,
        "group_member": group_member,
        "invitee": invitee,
        "outsider": outsider,
        "pending": pending,
        "moderator": moderator,
        "public": public,
        "group_channel": group_channel,
        "private": private,
    }


async def session_cookie(user) -> bytes:
    from django.test import Client

    client = Client()
    await sync_to_async(client.force_login)(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def connect(user, *, origin: bytes = b"http://127.0.0.1") -> WebsocketCommunicator:
    """An authenticated chat socket, past its ``hello`` frame."""
    from hub.asgi import application

    headers = [
        (b"host", b"127.0.0.1"),
        (b"origin", origin),
        (b"cookie", await session_cookie(user)),
    ]
    communicator = WebsocketCommunicator(application, "/ws/chat/", headers=headers)
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    hello = await communicator.receive_json_from(timeout=10)
    assert hello["type"] == "hello"
    return communicator


async def request(communicator, frame: dict, *, timeout: float = 10) -> tuple[dict, list[dict]]:
    """Send a frame and return (its ack or error, the other frames that arrived first)."""
    await communicator.send_json_to(frame)
    others = []
    deadline = time.monotonic() + timeout
    while True:
        reply = await communicator.receive_json_from(timeout=max(0.1, deadline - time.monotonic()))
        if reply.get("type") in {"ack", "error"} and reply.get("id") == frame.get("id"):
            return reply, others
        others.append(reply)


async def receive_until(communicator, predicate, *, timeout: float = 10) -> list[dict]:
    """Collect frames until ``predicate(frame)`` holds for one; return them all."""
    frames = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no matching frame within {timeout}s; got {frames}")
        frame = await communicator.receive_json_from(timeout=remaining)
        frames.append(frame)
        if predicate(frame):
            return frames


async def nothing_more(communicator, *, wait: float = 0.3) -> bool:
    """True when no frame arrives within ``wait`` seconds (for "was not delivered" checks)."""
    return await communicator.receive_nothing(timeout=wait)


def messages_of(frames: list[dict], channel: str | None = None) -> list[int]:
    return [
        f["seq"]
        for f in frames
        if f.get("type") == "message" and (channel is None or f["channel"] == channel)
    ]


async def post(channel, user, body: str):
    from hub.discussions.services import message_post

    return await sync_to_async(message_post)(channel=channel, author=user, body=body)


__all__ = ["asyncio"]
