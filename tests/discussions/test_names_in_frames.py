"""WebSocket frames name members without their email address (issue 10, finding 1)."""

import pytest
from asgiref.sync import sync_to_async

from tests.discussions.conftest import connect, receive_until, request
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def test_typing_frames_never_carry_the_typists_email():
    channel = await sync_to_async(ChannelFactory)()
    watcher = await sync_to_async(UserFactory)()
    typist = await sync_to_async(UserFactory)(
        email="typist@example.org", profile__display_name="", profile__handle=None
    )
    watching, typing = await connect(watcher), await connect(typist)
    try:
        subscribe = {"type": "subscribe", "id": 1, "channels": [{"channel": channel.slug}]}
        await request(watching, subscribe)
        await request(typing, subscribe)
        await request(typing, {"type": "typing", "id": 2, "channel": channel.slug})
        frames = await receive_until(watching, lambda f: f["type"] == "typing")
        assert frames[-1]["user"]["name"] == "a member"
        assert "example.org" not in str(frames)
    finally:
        await watching.disconnect()
        await typing.disconnect()
