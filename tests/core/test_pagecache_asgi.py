"""Under ASGI, a stored public page is answered before Django's request handling starts."""

import httpx
import pytest
from asgiref.sync import sync_to_async
from django.core.signals import request_started
from django.db import connections

from tests.blog.factories import PostFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_stored_public_page_is_answered_without_starting_a_django_request():
    from hub.asgi import application

    post = await sync_to_async(PostFactory)(title="Served from the event loop")
    url = await sync_to_async(post.get_absolute_url)()
    started = []

    def count(**kwargs):
        started.append(1)

    request_started.connect(count)
    try:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            first = await client.get(url)
            assert first.status_code == 200 and first.headers["x-page-cache"] == "miss"
            before = len(started)
            second = await client.get(url)
            assert len(started) == before  # Django never saw it
            assert second.headers["x-page-cache"] == "hit"
            assert second.headers["content-encoding"] == "gzip"
            assert "Accept-Encoding" in second.headers["vary"]
            assert (
                second.headers["content-security-policy"]
                == first.headers["content-security-policy"]
            )
            assert "Served from the event loop" in second.text
            # Anyone with a session goes to Django, and so does a client without gzip.
            await client.get(url, headers={"cookie": "sessionid=not-a-session"})
            await client.get(url, headers={"accept-encoding": "identity"})
            assert len(started) == before + 2
    finally:
        request_started.disconnect(count)
        await sync_to_async(connections.close_all)()
