"""The one way the server fetches a URL that a person gave it (feeds, validators, webhooks).

A URL from a member is hostile until proven otherwise: it may point at the hub's own network
(``http://10.0.0.5/admin``, ``http://169.254.169.254/`` cloud metadata), at a name that resolves
to a public address when checked and to ``127.0.0.1`` a moment later (DNS rebinding), redirect
to either, or answer slowly or without end. This module refuses all of that:

- **Schemes**: ``http`` and ``https`` only, for the first URL and for every redirect.
- **Addresses**: the host name is resolved once per connection, *every* address it resolves to
  must be public (``ipaddress.is_global``, IPv4-mapped IPv6 unwrapped), and the socket is
  connected to that checked address. The check and the connection are the same step (a custom
  httpcore network backend), so there is no second lookup for a rebinding resolver to answer
  differently. TLS still verifies the certificate against the host name (SNI) and the ``Host``
  header is the name, so virtual hosts work.
- **Redirects**: followed by hand (GET and HEAD only), each hop re-checked as above, at most
  ``max_redirects``.
- **Limits**: ``timeout`` is a deadline for the whole fetch (every connect and read gets what
  is left of it), ``max_bytes`` caps the (decoded) body; a ``Content-Length`` above the cap is
  refused before reading. No proxies or ``.netrc`` from the environment.
- **Errors**: one type, ``FetchError``, with a ``code`` (see ``FetchError.CODES``) and a
  ``message`` that can be shown to the person who gave the URL.

Loopback addresses are allowed only when ``allow_loopback=True`` is passed or the
``SAFE_FETCH_ALLOW_LOOPBACK`` setting is true. Only tests set either (their fixture servers listen
on 127.0.0.1); production settings force the setting off. Other private ranges are never
allowed.

API::

    from hub.core.safe_fetch import FetchError, fetch, fetch_stream

    # Small bodies: read into memory.
    response = fetch(url, max_bytes=2_000_000, timeout=10, headers={"Accept": "..."})
    response.status_code, response.headers, response.content, response.url

    # Large bodies: stream them (e.g. into a temporary file); limits still apply.
    with fetch_stream(url, max_bytes=50_000_000) as response:
        for chunk in response.iter_bytes():
            ...

    # Webhooks: POST with a body; redirects are not followed for POST (the 3xx is returned).
    fetch(url, method="POST", content=b"{...}", headers={...}, max_redirects=0)

Any final status is returned (including 4xx/5xx and 304): deciding what a status means is the
caller's job. Too many redirects raise ``FetchError(code="too_many_redirects")``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

ALLOWED_SCHEMES = {"http", "https"}
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 3
USER_AGENT = "LocalGovHub-Fetcher/1.0"


class FetchError(Exception):
    """A URL could not be fetched or was refused; ``message`` is safe to show to its owner."""

    CODES = {
        "scheme": "not an http(s) address",
        "address": "the host is not a public address",
        "dns": "the host name could not be resolved",
        "connect": "could not connect",
        "timeout": "timed out",
        "too_large": "the response was larger than allowed",
        "too_many_redirects": "too many redirects",
        "http": "the connection failed part-way",
    }

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def address_is_allowed(address: str, *, allow_loopback: bool = False) -> bool:
    """Whether a connection to this IP address may be made."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if allow_loopback and ip.is_loopback:
        return True
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Raise ``FetchError`` unless ``url`` is an absolute http(s) URL with a host. Cheap (no DNS):
    use it to validate a form field; the address is checked when the URL is fetched."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise FetchError(
            "scheme",
            f"refused: {parts.scheme or 'no'} scheme in {_short(url)!r} (only http and https)",
        )


def _short(url: str) -> str:
    return url if len(url) <= 200 else url[:199] + "…"


class _PinnedBackend(httpcore.SyncBackend):
    """Resolves, checks every address, and connects to a checked one: one step, one lookup."""

    def __init__(self, *, allow_loopback: bool):
        self.allow_loopback = allow_loopback

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise FetchError("dns", f"could not resolve {host}: {error}") from error
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        refused = [
            a for a in addresses if not address_is_allowed(a, allow_loopback=self.allow_loopback)
        ]
        if refused or not addresses:
            # Stops a member pointing the server at its own network.
            raise FetchError(
                "address",
                f"refused: {host} is not a public address ({refused[0] if refused else 'none'})",
            )
        last_error: OSError | None = None
        for address in addresses:
            try:
                # The checked address itself, never the name: nothing is resolved again.
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as error:
                last_error = error
        raise httpcore.ConnectError(str(last_error))


@dataclass
class FetchResponse:
    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes = b""
    _response: httpx.Response | None = None
    _deadline: float = 0.0
    _max_bytes: int = 0

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    def iter_bytes(self) -> Iterator[bytes]:
        """The body in chunks (streaming responses only), enforcing the size cap and deadline."""
        assert self._response is not None, "iter_bytes() is for fetch_stream() responses"
        size = 0
        try:
            for chunk in self._response.iter_bytes():
                size += len(chunk)
                if size > self._max_bytes:
                    raise FetchError("too_large", f"refused: larger than {self._max_bytes:,} bytes")
                if time.monotonic() > self._deadline:
                    raise FetchError("timeout", "timed out")
                yield chunk
        except httpx.TimeoutException as error:
            raise FetchError("timeout", "timed out") from error
        except httpx.HTTPError as error:
            raise FetchError("http", f"could not fetch: {error}") from error


def _client(allow_loopback: bool) -> httpx.Client:
    transport = httpx.HTTPTransport(retries=0)
    # httpx has no public hook for the network backend; the pool is rebuilt with ours and the
    # same TLS verification httpx would use.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        network_backend=_PinnedBackend(allow_loopback=allow_loopback),
    )
    return httpx.Client(transport=transport, follow_redirects=False, trust_env=False)


@contextlib.contextmanager
def fetch_stream(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    allow_loopback: bool | None = None,
) -> Iterator[FetchResponse]:
    """Open ``url`` safely and yield a response whose body is read with ``iter_bytes()``."""
    if allow_loopback is None:
        allow_loopback = bool(getattr(settings, "SAFE_FETCH_ALLOW_LOOPBACK", False))
    deadline = time.monotonic() + timeout
    request_headers = {"User-Agent": USER_AGENT, **(headers or {})}
    follow = method.upper() in {"GET", "HEAD"}
    with _client(allow_loopback) as client:
        for _hop in range(max_redirects + 1):
            check_url(url)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("timeout", "timed out")
            try:
                with client.stream(
                    method,
                    url,
                    headers=request_headers,
                    content=content,
                    timeout=httpx.Timeout(remaining),
                ) as response:
                    if follow and response.is_redirect:
                        url = urljoin(url, response.headers.get("Location", ""))
                        continue
                    declared = response.headers.get("Content-Length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError("too_large", f"refused: larger than {max_bytes:,} bytes")
                    yield FetchResponse(
                        url=url,
                        status_code=response.status_code,
                        headers=response.headers,
                        _response=response,
                        _deadline=deadline,
                        _max_bytes=max_bytes,
                    )
                    return
            except httpx.InvalidURL as error:
                # httpx rejects targets such as "javascript:alert(1)" while preparing a request.
                raise FetchError(
                    "scheme",
                    "refused: redirect to an invalid or non-http address (only http and https)",
                ) from error
            except httpx.UnsupportedProtocol as error:
                raise FetchError(
                    "scheme", "refused: redirect to a non-http address (only http and https)"
                ) from error
            except httpx.TimeoutException as error:
                raise FetchError("timeout", "timed out") from error
            except httpx.ConnectError as error:
                raise FetchError("connect", f"could not connect: {error}") from error
            except httpx.HTTPError as error:
                raise FetchError("http", f"could not fetch: {error}") from error
        raise FetchError("too_many_redirects", f"refused: more than {max_redirects} redirects")


def fetch(url: str, **options) -> FetchResponse:
    """``fetch_stream`` with the body read into ``.content`` (same keyword options)."""
    with fetch_stream(url, **options) as response:
        response.content = b"".join(response.iter_bytes())
        response._response = None
        return response
