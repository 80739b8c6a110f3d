"""Answer signed-out readers from the page cache before Django's request handling starts.

Django's ASGI handler costs a new thread and several hand-offs per request even for a page
that is already stored (``request_started``/``request_finished`` run synchronously). This
wrapper sits in front of it (``hub/asgi.py``) and serves a stored public copy straight from
Redis on the event loop. It only ever *serves*: what is stored, for whom, and when it is
dropped is decided by ``hub.core.pagecache`` inside Django, and it computes the same key from
the same request parts. Anything it is unsure of goes to Django.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from django.conf import settings

from hub.core.cache import is_redis
from hub.core.pagecache import HIT_HEADER, _AsyncRedis, _raw_key


def _enabled() -> bool:
    # Language and forwarded host would need Django to work out; then Django decides.
    middleware = settings.MIDDLEWARE
    return (
        "hub.core.pagecache.PublicPageCacheMiddleware" in middleware
        and "django.middleware.locale.LocaleMiddleware" not in middleware
        and not getattr(settings, "USE_X_FORWARDED_HOST", False)
        and is_redis()
    )


class PublicPageCacheASGI:
    def __init__(self, app) -> None:
        self.app = app
        self.enabled = _enabled()
        self.redis = _AsyncRedis() if self.enabled else None
        self.skip_prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)

    def _key(self, scope) -> tuple[str, bool] | None:
        """(cache key, accepts gzip) for a request that may be answered here, else None."""
        if scope["type"] != "http" or scope["method"] != "GET" or scope.get("root_path"):
            return None
        path = scope["path"]
        if path.startswith(self.skip_prefixes):
            return None
        headers = {}
        for name, value in scope["headers"]:
            headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        if "authorization" in headers or "host" not in headers:
            return None
        if "cookie" in headers:
            cookies = SimpleCookie()
            try:
                cookies.load(headers["cookie"])
            except Exception:
                return None
            if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
                return None
        scheme = scope.get("scheme", "http")
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if proxy:
            header, secure_value = proxy
            forwarded = headers.get(header.removeprefix("HTTP_").replace("_", "-").lower())
            if forwarded is not None:
                scheme = "https" if forwarded.split(",")[0].strip() == secure_value else "http"
        query = scope.get("query_string", b"").decode("latin-1")
        key = _raw_key(scheme, headers["host"], path, query, settings.LANGUAGE_CODE.lower())
        return key, "gzip" in headers.get("accept-encoding", "")

    async def __call__(self, scope, receive, send) -> None:
        found = self._key(scope) if self.enabled else None
        if found is None:
            return await self.app(scope, receive, send)
        key, accepts_gzip = found
        _, stored = await self.redis.lookup(key)
        if stored is None or (stored[4] and not accepts_gzip):
            return await self.app(scope, receive, send)
        _, status, headers, content, packed = stored
        out = [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in headers
               if k.lower() not in {"vary", "content-encoding"}]  # fmt: skip
        vary = next((v for k, v in headers if k.lower() == "vary"), "")
        vary = ", ".join(filter(None, [vary, "Accept-Encoding"])) if packed else vary
        if vary:
            out.append((b"vary", vary.encode("latin-1")))
        if packed:
            out.append((b"content-encoding", b"gzip"))
        out.append((b"content-length", str(len(content)).encode()))
        out.append((HIT_HEADER.lower().encode(), b"hit"))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": content})
