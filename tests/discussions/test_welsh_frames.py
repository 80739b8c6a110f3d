"""WebSocket error frames speak the socket user's language (issue 18, part B).

The language is the member's own setting, else the language cookie the page was served with;
error text from the consumer itself, from the frame parser and from services run in database
threads all come out in it, and two sockets in different languages never mix.
"""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from tests.discussions.conftest import request, session_cookie
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _socket(user, *, cookie_language: str | None = None) -> WebsocketCommunicator:
    from hub.asgi import application

    cookie = await session_cookie(user)
    if cookie_language:
        cookie += f"; {settings.LANGUAGE_COOKIE_NAME}={cookie_language}".encode()
    headers = [(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1"), (b"cookie", cookie)]
    ws = WebsocketCommunicator(application, "/ws/chat/", headers=headers)
    connected, _ = await ws.connect(timeout=10)
    assert connected
    assert (await ws.receive_json_from(timeout=10))["type"] == "hello"
    return ws


async def _member(language: str = ""):
    user = await sync_to_async(UserFactory)()
    if language:
        user.language = language
        await sync_to_async(user.save)(update_fields=["language"])
    return user


async def test_welsh_member_gets_welsh_errors_from_consumer_parser_and_services():
    channel = await sync_to_async(ChannelFactory)()
    ws = await _socket(await _member("cy"))
    try:
        not_subscribed, _ = await request(ws, {"type": "typing", "id": 1, "channel": "elsewhere"})
        assert not_subscribed["code"] == "not_subscribed"
        assert not_subscribed["message"] == "Tanysgrifiwch i 'elsewhere' cyn teipio ynddi."

        await ws.send_to(text_data="[1, 2]")
        bad = await ws.receive_json_from(timeout=10)
        assert bad["code"] == "bad_frame"
        assert bad["message"] == "Rhaid i fframiau fod yn wrthrychau JSON."

        await request(ws, {"type": "subscribe", "id": 2, "channels": [{"channel": channel.slug}]})
        # The empty-body check runs in the service, in a database thread.
        empty, _ = await request(
            ws, {"type": "send", "id": 3, "channel": channel.slug, "body": " "}
        )
        assert empty["code"] == "empty"
        assert empty["message"] == "Rhowch neges."
    finally:
        await ws.disconnect()


async def test_language_cookie_chooses_welsh_and_sockets_do_not_mix_languages():
    welsh = await _socket(await _member(), cookie_language="cy")
    english = await _socket(await _member())
    try:
        frame = {"type": "typing", "id": 1, "channel": "nowhere"}
        cy, _ = await request(welsh, frame)
        en, _ = await request(english, frame)
        assert cy["message"] == "Tanysgrifiwch i 'nowhere' cyn teipio ynddi."
        assert en["message"] == "Subscribe to 'nowhere' before typing in it."
        again, _ = await request(welsh, {"type": "nonsense", "id": 2})
        assert again["code"] == "unknown_type"
        assert again["message"] == "Math o ffrâm anhysbys 'nonsense'."
    finally:
        await welsh.disconnect()
        await english.disconnect()


async def test_member_setting_wins_over_the_cookie():
    ws = await _socket(await _member("en-gb"), cookie_language="cy")
    try:
        reply, _ = await request(ws, {"type": "typing", "id": 1, "channel": "nowhere"})
        assert reply["message"] == "Subscribe to 'nowhere' before typing in it."
    finally:
        await ws.disconnect()
