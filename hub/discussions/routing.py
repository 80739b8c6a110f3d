"""WebSocket routes of the discussions app (included by hub/routing.py)."""

from django.urls import path

from hub.discussions.consumers import ChatConsumer

websocket_urlpatterns: list = [path("ws/chat/", ChatConsumer.as_asgi())]
