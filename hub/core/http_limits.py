"""daphne answers over-long requests with 414/431 instead of dropping the connection.

daphne parses HTTP with Twisted's ``HTTPChannel``: a request line or header line longer than
16 KiB (``MAX_LENGTH``) closes the connection without a word, and more than 16 KiB of headers
in all (``totalHeadersSize``) or more than 500 of them (``maxHeaders``) gets a bare 400. Neither
limit can be configured from daphne's command line, so ``install()`` (called by hub/asgi.py)
gives the class the standard answers: 414 URI Too Long for the request line, 431 Request Header
Fields Too Large for headers. The limits themselves are unchanged. uvicorn (h11) answers
over-size requests with its own 400 and is not affected (docs/decisions/0102).
"""

from twisted.web import http

URI_TOO_LONG = b"414 URI Too Long"
HEADERS_TOO_LARGE = b"431 Request Header Fields Too Large"


def _refuse(channel: http.HTTPChannel, status: bytes) -> None:
    channel.transport.write(
        b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    channel.loseConnection()


def _reading_request_line(channel: http.HTTPChannel) -> bool:
    return bool(getattr(channel, "_HTTPChannel__first_line", 0))


def install() -> None:
    """Patch Twisted's HTTPChannel once (idempotent)."""
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
