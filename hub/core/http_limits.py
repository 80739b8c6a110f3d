"""414/431 for over-long requests instead of a dropped connection, on uvicorn and on daphne.

The limits are Twisted's (daphne's parser), kept for both servers: a request line over 16 KiB
gets 414 URI Too Long; a header line over 16 KiB, more than 16 KiB of headers in all, or more
than 500 headers get 431 Request Header Fields Too Large (decision 0102).

- uvicorn (production, ``hub.serve``; decision 0111): ``HttpToolsProtocol`` is uvicorn's
  httptools protocol counting the request line and headers as the parser hands them over;
  plain httptools has no limits at all (it would pass a 1 MB URL to Django).
- daphne (``runserver`` in development): Twisted's ``HTTPChannel`` closes the connection
  without a word for a line over 16 KiB and answers a bare 400 for too many headers, and daphne
  cannot configure either, so ``install()`` (called by hub/asgi.py) gives the class the answers.
"""

import functools
import sys

MAX_LINE = 16 * 1024  # request line, and each header line
MAX_HEADER_BYTES = 16 * 1024  # all header lines together
MAX_HEADERS = 500

URI_TOO_LONG = b"414 URI Too Long"
HEADERS_TOO_LARGE = b"431 Request Header Fields Too Large"


def _answer(status: bytes) -> bytes:
    return b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


@functools.cache
def _uvicorn_protocol():
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base

    class _Refused(Exception):
        pass

    class HttpToolsProtocol(Base):
        """uvicorn's httptools protocol with the limits above (a parser callback that raises
        stops the parse; uvicorn then calls ``send_400_response``, which sends ours)."""

        refusal: bytes | None = None

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.header_bytes = 0

        def on_url(self, url: bytes) -> None:
            if len(self.url) + len(url) > MAX_LINE:
                self.refusal = URI_TOO_LONG
                raise _Refused
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            line = len(name) + len(value) + 4  # "name: value\r\n"
            self.header_bytes += line
            if (
                line > MAX_LINE
                or self.header_bytes > MAX_HEADER_BYTES
                or (len(self.headers) >= MAX_HEADERS)
            ):
                self.refusal = HEADERS_TOO_LARGE
                raise _Refused
            super().on_header(name, value)

        def send_400_response(self, msg: str) -> None:
            if self.refusal is None:
                super().send_400_response(msg)
                return
            self.transport.write(_answer(self.refusal))
            self.transport.close()

    return HttpToolsProtocol


def __getattr__(name: str):
    # Imported lazily: uvicorn loads it by name (``hub.serve.OPTIONS["http"]``).
    if name == "HttpToolsProtocol":
        return _uvicorn_protocol()
    raise AttributeError(name)


def _refuse(channel, status: bytes) -> None:
    channel.transport.write(_answer(status))
    channel.loseConnection()


def _reading_request_line(channel) -> bool:
    return bool(getattr(channel, "_HTTPChannel__first_line", 0))


def install() -> None:
    """Patch Twisted's HTTPChannel once (idempotent), when daphne is what serves us."""
    if "daphne.server" not in sys.modules:
        return
    from twisted.web import http

    channel = http.HTTPChannel
    if getattr(channel, "_hub_limits_installed", False):
        return
    line_received = channel.lineReceived
    header_received = channel.headerReceived

    def lineLengthExceeded(self, line):
        _refuse(self, URI_TOO_LONG if _reading_request_line(self) else HEADERS_TOO_LARGE)

    def lineReceived(self, line):
        if (
            not _reading_request_line(self)
            and self._receivedHeaderSize + len(line) > self.totalHeadersSize
        ):
            _refuse(self, HEADERS_TOO_LARGE)
            return None
        return line_received(self, line)

    def headerReceived(self, line):
        if self._receivedHeaderCount >= self.maxHeaders:
            _refuse(self, HEADERS_TOO_LARGE)
            return False
        return header_received(self, line)

    channel.lineLengthExceeded = lineLengthExceeded
    channel.lineReceived = lineReceived
    channel.headerReceived = headerReceived
    channel._hub_limits_installed = True
