"""A minimal authenticated WebSocket endpoint that proves routing, auth and the Origin check."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

# Application close codes (4000-4999): 4401 mirrors HTTP 401.
CLOSE_UNAUTHENTICATED = 4401


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Answers ``{"type": "ping"}`` with ``{"type": "pong"}`` for signed-in members only."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept, then close: a refusal before accepting reaches the browser as HTTP 403,
            # indistinguishable from a network failure, and 4401 is the code clients act on.
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        await self.accept()

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong", "id": content.get("id")})
        else:
            await self.send_json(
                {"type": "error", "code": "unknown_type", "message": 'Send {"type": "ping"}.'}
            )

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None
