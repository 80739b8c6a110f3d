"""The WebSocket Origin check compares the full origin: scheme, host and port (hub.core.origins)."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from hub.asgi import application
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _handshake(origin: bytes | None, *, host: bytes = b"127.0.0.1:8200", cookie=b"") -> bool:
    headers = [(b"host", host), (b"cookie", cookie)]
    if origin is not None:
        headers.append((b"origin", origin))
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=headers)
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


async def _cookie() -> bytes:
    from django.test import Client

    user = await sync_to_async(UserFactory)()
    client = Client()
    await sync_to_async(client.force_login)(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:9999",  # another port on the same host
        b"https://127.0.0.1:8200",  # another scheme
        b"http://localhost:8200",  # another host name, even an allowed one
        b"http://127.0.0.1",  # the default port is another port
        b"https://evil.example",
        b"null",
        None,  # no Origin at all
    ],
)
async def test_foreign_origins_are_refused_for_a_server_on_127_0_0_1_8200(origin, settings):
    settings.SITE_URL = "http://127.0.0.1:8200"
    settings.CSRF_TRUSTED_ORIGINS = []
    assert not await _handshake(origin, cookie=await _cookie())


async def test_the_sites_own_origin_is_accepted(settings):
    settings.SITE_URL = "http://127.0.0.1:8200"
    settings.CSRF_TRUSTED_ORIGINS = ["https://hub.example.org", "https://*.council.example"]
    cookie = await _cookie()
    assert await _handshake(b"http://127.0.0.1:8200", cookie=cookie)
    # SITE_URL (the name behind a proxy), trusted origins and their subdomain form.
    assert await _handshake(b"http://127.0.0.1:8200", host=b"internal:9000", cookie=cookie)
    assert await _handshake(b"https://hub.example.org", host=b"internal:9000", cookie=cookie)
    assert await _handshake(b"https://chat.council.example", host=b"internal:9000", cookie=cookie)
    assert not await _handshake(
        b"http://chat.council.example", host=b"internal:9000", cookie=cookie
    )


async def test_same_origin_needs_an_allowed_host(settings):
    settings.SITE_URL = "https://hub.example.org"
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    assert not await _handshake(b"http://evil.example:8200", host=b"evil.example:8200")
