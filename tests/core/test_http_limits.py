"""Over-long request lines get 414 and over-large headers 431, instead of a dropped connection
(issue 10, finding 10), on both servers: uvicorn as production runs it (``live_server_asgi``,
hub/core/http_limits.py's protocol) and daphne, which serves ``manage.py runserver`` (the
Twisted patch)."""

import socket
import tempfile
from functools import partial
from urllib.parse import urlsplit

import pytest
from daphne.testing import DaphneProcess

from tests.browser.fixtures import _make_application, _server_setup


@pytest.fixture(scope="module")
def daphne_url(django_db_setup, django_db_blocker):
    mail = tempfile.mkdtemp(prefix="hub-mail-")
    process = DaphneProcess("127.0.0.1", _make_application, setup=partial(_server_setup, mail))
    with django_db_blocker.unblock():
        process.start()
    assert process.ready.wait(timeout=60), "daphne did not start within 60 s"
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join(timeout=10)


@pytest.fixture(params=["uvicorn", "daphne"])
def server_url(request):
    if request.param == "daphne":
        return request.getfixturevalue("daphne_url")
    return request.getfixturevalue("live_server_asgi").url


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
def test_over_long_requests_get_414_or_431(server_url, request_bytes, status):
    answer = _raw(server_url, request_bytes)
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
