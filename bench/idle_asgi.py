"""The idle-socket baseline for bench/chat_fanout.py: the hub's WebSocket stack, no chat.

Same ASGI stack as ``hub.asgi`` (the same server, the Origin check, session authentication, URL
routing) in front of a consumer that only accepts and sends a ``hello`` frame, so the difference
per socket between this and the hub is what the chat consumer itself keeps per socket. Like the
chat consumer it uses no Channels layer (until 2026-12-04 13:00 it did: one Redis channel-layer
receive per socket, which made the baseline heavier than the chat).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.local")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from hub.core.origins import OriginValidator  # noqa: E402


class HelloConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = None

    async def connect(self) -> None:
        await self.accept()
        await self.send(text_data='{"type":"hello"}')


application = ProtocolTypeRouter(
    {
        "websocket": OriginValidator(
            AuthMiddlewareStack(URLRouter([path("ws/chat/", HelloConsumer.as_asgi())]))
        ),
    }
)
