"""A real Redis restart: posting still persists, live delivery resumes by itself, and sockets
catch up by sequence. Stops and starts the shared test Redis with scripts/services.sh."""

import subprocess
import time
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from hub.discussions.models import Message
from tests.discussions.conftest import connect, messages_of, post, receive_until, request
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio, pytest.mark.redis]

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"


def _redis(action: str) -> None:
    subprocess.run([str(SERVICES), action, "redis"], check=True, capture_output=True, timeout=60)


def _post_form(user, channel, body: str) -> int:
    client = Client()
    client.force_login(user)
    return client.post(f"/channels/{channel.slug}/post/", {"body": body}).status_code


async def test_redis_restart_loses_nothing(settings):
    settings.DISCUSSIONS_REFRESH_SECONDS = 0.3
    channel = await sync_to_async(ChannelFactory)()
    reader, writer = await sync_to_async(UserFactory.create_batch)(2)
    received: list[int] = []
    ws = await connect(reader)
    try:
        await request(
            ws, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug, "after": 0}]}
        )
        await post(channel, writer, "before the restart")
        received += messages_of(await receive_until(ws, lambda f: f.get("seq") == 1))

        await sync_to_async(_redis)("stop")
        try:
            # Both ways of posting still store the message while Redis is down.
            assert await sync_to_async(_post_form)(writer, channel, "form, Redis down") == 302
            await post(channel, writer, "service, Redis down")
            stored = await sync_to_async(
                lambda: list(
                    Message.objects.filter(channel=channel).values_list("sequence", flat=True)
                )
            )()
            assert sorted(stored) == [1, 2, 3]
        finally:
            await sync_to_async(_redis)("start")

        # With Redis back, the open socket re-joins its groups and catches up on its own.
        received += messages_of(await receive_until(ws, lambda f: f.get("seq") == 3, timeout=20))
        await post(channel, writer, "after the restart")
        received += messages_of(await receive_until(ws, lambda f: f.get("seq") == 4, timeout=20))
    finally:
        await ws.disconnect()
    assert received == [1, 2, 3, 4]

    # A socket opened after the restart streams live as usual.
    late = await connect(reader)
    try:
        await request(late, {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug}]})
        deadline = time.monotonic() + 5
        await post(channel, writer, "fresh")
        assert messages_of(await receive_until(late, lambda f: f.get("seq") == 5)) == [5]
        assert time.monotonic() < deadline + 10
    finally:
        await late.disconnect()
