"""uvicorn's WebSocket protocol, made to drop a peer that stops reading (decision 0111).

uvicorn (``websockets-sansio``) pings every ``ws_ping_interval`` seconds and gives up on a peer
whose pong has not come within ``ws_ping_timeout``; and it gives a peer ``close_timeout`` to
answer a close frame. Both then *close* the transport, which first waits for the write buffer
to drain: a client that stopped reading never drains it, so the connection, its buffer and the
application's socket would stay until TCP gives up (with the peer's kernel still acknowledging,
never). Here both *abort* it instead (daphne does the same on its ping timeout), so the
application gets its disconnect event and a stalled browser tab costs nothing after
``ws_ping_interval + ws_ping_timeout`` seconds; it resumes by event number when it returns.

It also lets go of the opening handshake's request and response once the socket is accepted
(uvicorn keeps both for the socket's life: about 4 KiB of header objects per idle socket; the
application has the headers in its scope).
"""

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol


class WebSocketProtocol(WebSocketsSansIOProtocol):
    def keepalive_timeout(self) -> None:
        super().keepalive_timeout()
        self.transport.abort()

    async def send(self, message) -> None:
        await super().send(message)
        if message.get("type") == "websocket.accept":
            self.request = self.response = None
        elif message.get("type") == "websocket.close" and self.close_timer is not None:
            # uvicorn's timer would close() after close_timeout; abort instead.
            self.close_timer.cancel()
            self.close_timer = self.loop.call_later(self.close_timeout, self.transport.abort)
