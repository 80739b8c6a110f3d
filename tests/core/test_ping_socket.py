"""The authenticated WebSocket ping proves routing, the Origin check and session auth."""

import pytest
from channels.testing import WebsocketCommunicator

from hub.asgi import application
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _session_cookie(user) -> bytes:
    from asgiref.sync import sync_to_async
    from django.test import Client

    client = Client()
    await sync_to_async(client.force_login)(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def test_signed_in_member_gets_pong():
    from asgiref.sync import sync_to_async

    user = await sync_to_async(UserFactory)()
    headers = [
        (b"host", b"127.0.0.1"),
        (b"origin", b"http://127.0.0.1"),
        (b"cookie", await _session_cookie(user)),
    ]
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "ping", "id": 7})
    assert await communicator.receive_json_from() == {"type": "pong", "id": 7}
    await communicator.send_to(text_data="not json")
    reply = await communicator.receive_json_from()
    assert reply["type"] == "error"
    await communicator.disconnect()


async def test_anonymous_socket_is_accepted_then_closed_with_4401():
    communicator = WebsocketCommunicator(
        application,
        "/ws/ping/",
        headers=[(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")],
    )
    connected, _ = await communicator.connect()
    assert connected  # not an HTTP 403: the client must be able to read the close code
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4401}
    await communicator.disconnect()


async def test_foreign_origin_is_refused():
    from asgiref.sync import sync_to_async

    user = await sync_to_async(UserFactory)()
    headers = [(b"origin", b"https://evil.example"), (b"cookie", await _session_cookie(user))]
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=headers)
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()
