"""The WebSocket Origin check: the full origin (scheme, host and port) must be one of ours.

Browsers send cookies with cross-site WebSocket handshakes, so this check is what stands
between another site's page and a member's session (cross-site WebSocket hijacking). An origin
is accepted when it is, exactly:

- the origin of ``SITE_URL`` (what the site calls itself: links in emails, the proxy's name);
- one of ``CSRF_TRUSTED_ORIGINS`` (the same list Django's CSRF check trusts, including its
  ``https://*.example.org`` subdomain form); or
- the handshake's own origin: the scheme (``ws`` → ``http``, ``wss`` → ``https``) and the
  ``Host`` header, when that host is in ``ALLOWED_HOSTS`` (how Django's CSRF check treats a
  same-origin POST).

Default ports are normalised (``http://a:80`` is ``http://a``). Anything else, or no Origin
header at all, is refused during the handshake (HTTP 403), before authentication runs.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(origin: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin, or None when it is not an http(s) origin."""
    try:
        parts = urlsplit(origin.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _same_origin(scope) -> tuple[str, str, int] | None:
    host = _header(scope, b"host")
    if not host:
        return None
    domain, _port = split_domain_port(host.lower())
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    scheme = "https" if scope.get("scheme") in {"wss", "https"} else "http"
    return normalise(f"{scheme}://{host}")


def _trusted(origin: tuple[str, str, int], pattern: str) -> bool:
    if "://*." in pattern:  # Django's subdomain wildcard: https://*.example.org
        scheme, _, rest = pattern.lower().partition("://*.")
        wanted = normalise(f"{scheme}://{rest}")
        return (
            wanted is not None
            and origin[0] == wanted[0]
            and origin[2] == wanted[2]
            and origin[1].endswith("." + wanted[1])
        )
    return origin == normalise(pattern)


def origin_allowed(scope) -> bool:
    raw = _header(scope, b"origin")
    origin = normalise(raw) if raw else None
    if origin is None:
        return False
    if origin == normalise(settings.SITE_URL) or origin == _same_origin(scope):
        return True
    return any(_trusted(origin, pattern) for pattern in settings.CSRF_TRUSTED_ORIGINS)


class OriginValidator:
    """ASGI middleware refusing WebSocket handshakes from any origin but the site's own."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
