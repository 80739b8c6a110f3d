"""daphne answers over-long request lines with 414 and over-large headers with 431, instead of
dropping the connection (issue 10, finding 10)."""

import socket
from urllib.parse import urlsplit

import pytest


def _raw(server_url: str, request: bytes) -> bytes:
    parts = urlsplit(server_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def _get(path: str, headers: str = "") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n".encode()


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (_get("/healthz?" + "a" * 8_000), b"200"),
        (_get("/healthz?" + "a" * 20_000), b"414"),
        (_get("/healthz", "X-Big: " + "a" * 20_000 + "\r\n"), b"431"),
        (_get("/healthz", "".join(f"X-{n}: {'b' * 2_000}\r\n" for n in range(10))), b"431"),
        (_get("/healthz", "".join(f"X-{n}: a\r\n" for n in range(600))), b"431"),
    ],
    ids=["ordinary", "long-request-line", "long-header", "large-headers", "many-headers"],
)
def test_over_long_requests_get_414_or_431(live_server_asgi, request_bytes, status):
    answer = _raw(live_server_asgi.url, request_bytes)
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
