"""Every WebSocket route of the hub, gathered from the apps that serve them."""

from django.urls import path

from hub.core.consumers import PingConsumer
from hub.discussions.routing import websocket_urlpatterns as discussion_routes

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *discussion_routes,
]
