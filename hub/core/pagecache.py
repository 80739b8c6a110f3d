"""Whole-page cache for signed-out readers (docs/performance.md).

Most visits are people reading a public page from a link, and every signed-out reader of a page
sees the same bytes. ``PublicPageCacheMiddleware`` keeps those bytes in the cache and answers
the next signed-out reader before sessions, CSRF, authentication and the view run at all.

What is cached, and for whom (never one person's page to another):

- only GET requests for the URL names in ``settings.PAGE_CACHE_URL_NAMES``;
- only requests without a session cookie or a messages cookie, and without an
  ``Authorization`` header: anyone signed in (or holding a flash message, which lives in the
  session) always gets a freshly rendered page;
- only 200 responses that set no cookie, asked for no CSRF token (a page with a POST form
  renders a per-visitor token, so it is never stored), are not marked private/no-store, and
  vary on nothing but ``Cookie``/``Accept-Encoding``;
- keyed by scheme, host, full path with query string, the visitor's language (cookie or ``?lang=``) and the content
  generation.

Invalidation: one content generation for the whole site. It is replaced (a fresh random token,
so an evicted counter can never bring back old pages) after the commit of any write that can
change a public page: a save, delete or many-to-many change of a model in a content app (which
covers writes from WebSocket consumers and management commands too), and any successful
unsafe-method request (POST/PUT/PATCH/DELETE), which covers services that write with
``QuerySet.update()``. ``PAGE_CACHE_SECONDS`` bounds what remains: changes that happen because
time passes (a scheduled post falling due, a consultation's closing date) and search results,
which follow the search index rather than the database.

Signed-in members: ``MemberPageCacheMiddleware`` (last in the stack, after authentication)
keeps each member's own copy of the same pages, keyed by the member (and their session
authentication hash) and valid while both the content generation and that member's own
generation are unchanged. Apps replace a member's generation with ``member_pages_changed``
when something only that member sees changes without a content write (a notification, a
channel read marker). A copy is only ever served to the member it was rendered for. The CSRF token in its forms is stored as
a placeholder and replaced with this request's token on the way out, so forms keep working
after a token rotation. Requests with a pending flash message are always rendered.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import secrets

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisSerializer
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, patch_vary_headers

from hub.core import i18n
from hub.core.sessions import CACHE_ERRORS

logger = logging.getLogger(__name__)
GENERATION_KEY = "pagecache:generation"
HIT_HEADER = "X-Page-Cache"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ALLOWED_VARY = frozenset({"cookie", "accept-encoding"})
_DROPPED_HEADERS = frozenset({"set-cookie", "content-length"})
CSRF_PLACEHOLDER = "@@hub-csrf-token-placeholder-0000000000000000000000000000000000000@@"
_TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def generation() -> str:
    """The current content generation; a new one is made if the cache lost it."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def _quietly(action, default=None):
    """Run a cache call; while the cache is down (Redis restarting) pages are simply rendered
    and writes go on: stored pages then expire within PAGE_CACHE_SECONDS."""
    try:
        return action()
    except CACHE_ERRORS:
        logger.warning("Page cache unavailable; rendering without it")
        return default


def _replace_generation() -> None:
    _quietly(lambda: cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None))


def _member_key(user_id: int) -> str:
    return f"pagecache:member:{user_id}"


member_generation_key = _member_key  # for other caches stamped the same way (hub/api/readcache.py)


def member_pages_changed(user_ids) -> None:
    """Drop these members' own stored pages, now and after commit.

    For per-member state that changes no public page: notifications sent or read, a channel
    read marker moving. (Content changes drop every page through the generation.)
    """
    keys = {_member_key(pk): secrets.token_hex(8) for pk in user_ids}
    if not keys:
        return
    _quietly(lambda: cache.set_many(keys, timeout=None))
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(
            lambda: _quietly(
                lambda: cache.set_many({k: secrets.token_hex(8) for k in keys}, timeout=None)
            )
        )


def invalidate() -> None:
    """Drop every cached public page now and again once the current transaction commits.

    Now, so a write outside any transaction (or a test's) is seen at once; after the commit
    too, because a reader may re-cache the old page between this write and its commit.
    """
    _replace_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_replace_generation)


def _content_changed(sender, **kwargs) -> None:
    label = sender._meta.label_lower
    if label in settings.PAGE_CACHE_IGNORED_MODELS:
        return
    if set(kwargs.get("update_fields") or ()) in ({"last_login"}, {"language"}):
        return  # signing in, or choosing a language, changes no page
    if sender._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS:
        invalidate()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"pagecache-{signal!r}")


def _listed_page(request: HttpRequest) -> bool:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in settings.PAGE_CACHE_URL_NAMES


def _cacheable_request(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return _listed_page(request)


def _cacheable_response(
    request: HttpRequest, response: HttpResponse, *, allow_csrf: bool = False
) -> bool:
    # 302: e.g. "sign in to read this channel", the same for every signed-out visitor.
    if response.status_code not in {200, 301, 302} or response.streaming:
        return False
    if not allow_csrf and (response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")):
        return False  # the page holds a CSRF token: it belongs to this visitor only
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= _ALLOWED_VARY


def _raw_key(scheme: str, host: str, path: str, query: str, language: str, *extra: str) -> str:
    raw = "|".join([scheme, host, path, query, language, *extra])
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _key(request: HttpRequest, *extra: str) -> str:
    # Signed-out readers' language is known before the view runs (hub/core/i18n.py); members'
    # is set by LanguageMiddleware, which runs before MemberPageCacheMiddleware.
    language = getattr(request, "LANGUAGE_CODE", None) or i18n.cookie_language(request)
    return _raw_key(request.scheme, request.get_host(), request.path,
                    request.META.get("QUERY_STRING", ""), language, *extra)  # fmt: skip


def _lookup(key: str, member_id: int | None = None):
    """(current stamp, stored page or None) in one cache round trip.

    A stored page records the stamp it was rendered under (the content generation, and for a
    member's copy that member's own generation too) and counts only while that is still
    current, so the page key need not contain it.
    """
    stamp_keys = [GENERATION_KEY] if member_id is None else [GENERATION_KEY, _member_key(member_id)]
    found = cache.get_many([*stamp_keys, key])
    parts = []
    for stamp_key in stamp_keys:
        part = found.get(stamp_key)
        if part is None:
            cache.add(stamp_key, secrets.token_hex(8), timeout=None)
            part = cache.get(stamp_key)
        parts.append(part)
    current = "/".join(parts)
    stored = found.get(key)
    if stored is None or stored[0] != current:
        return current, None
    return current, stored


def _entry(current: str, response: HttpResponse, content: bytes, *, packed: bool) -> tuple:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _DROPPED_HEADERS]
    if packed:
        content = gzip.compress(content, compresslevel=6)
    return (current, response.status_code, headers, content, packed)


def _rebuild(request: HttpRequest, stored, content: bytes | None = None) -> HttpResponse:
    _, status, headers, stored_content, packed = stored
    content = stored_content if content is None else content
    gzipped = False
    if packed:
        # Public copies are stored compressed (they hold no secret, so no BREACH concern) and
        # sent as they are to every client that accepts gzip, which is nearly all of them.
        if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
            gzipped = True
        else:
            content = gzip.decompress(content)
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    if packed:
        patch_vary_headers(response, ["Accept-Encoding"])
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response[HIT_HEADER] = "hit"
    return response


class _AsyncRedis:
    """The default cache's Redis, read and written from the event loop (no thread hop).

    Same keys and serialisation as Django's ``RedisCache``, so the synchronous code paths (the
    member cache, invalidation from signals) and this one share entries.
    """

    def __init__(self) -> None:
        from hub.core.cache import is_redis

        self.enabled = is_redis()
        self._clients: dict[int, object] = {}
        self._serializer = RedisSerializer()

    def _client(self):
        import asyncio

        import redis.asyncio

        loop_id = id(asyncio.get_running_loop())
        if loop_id not in self._clients:
            self._clients[loop_id] = redis.asyncio.Redis.from_url(
                settings.CACHES["default"]["LOCATION"]
            )
        return self._clients[loop_id]

    async def lookup(self, key: str):
        if not self.enabled:
            return await sync_to_async(_lookup)(key)
        raw = await self._client().mget([cache.make_key(GENERATION_KEY), cache.make_key(key)])
        if raw[0] is None:
            return await sync_to_async(_lookup)(key)
        current = self._serializer.loads(raw[0])
        stored = self._serializer.loads(raw[1]) if raw[1] is not None else None
        return current, (stored if stored is not None and stored[0] == current else None)

    async def store(self, key: str, entry) -> None:
        if not self.enabled:
            return await sync_to_async(cache.set)(key, entry, settings.PAGE_CACHE_SECONDS)
        await self._client().set(
            cache.make_key(key), self._serializer.dumps(entry), ex=settings.PAGE_CACHE_SECONDS
        )


class PublicPageCacheMiddleware:
    """Serve and store signed-out readers' copies of public pages (see the module docstring).

    First in the stack and async under ASGI: a hit is answered on the event loop without
    waiting for the one thread that runs the synchronous middleware and views.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)
            self.redis = _AsyncRedis()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.is_async:
            return self.__acall__(request)
        if not _cacheable_request(request):
            response = self.get_response(request)
            if request.method in UNSAFE_METHODS and response.status_code < 400:
                invalidate()
            return response
        key = _key(request)
        current, stored = _quietly(lambda: _lookup(key), default=(None, None))
        if stored is not None:
            return _rebuild(request, stored)
        response = self.get_response(request)
        if current is not None and _cacheable_response(request, response):
            entry = _entry(current, response, response.content, packed=True)
            _quietly(lambda: cache.set(key, entry, settings.PAGE_CACHE_SECONDS))
            response[HIT_HEADER] = "miss"
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            response = await self.get_response(request)
            if request.method in UNSAFE_METHODS and response.status_code < 400:
                await sync_to_async(invalidate)()
            return response
        key = _key(request)
        try:
            current, stored = await self.redis.lookup(key)
        except CACHE_ERRORS:
            current, stored = None, None
        if stored is not None:
            return _rebuild(request, stored)
        response = await self.get_response(request)
        if current is not None and _cacheable_response(request, response):
            try:
                await self.redis.store(
                    key, _entry(current, response, response.content, packed=True)
                )
            except CACHE_ERRORS:
                return response
            response[HIT_HEADER] = "miss"
        return response


def _without_csrf_tokens(request: HttpRequest, content: bytes) -> bytes | None:
    """The page with this member's CSRF tokens replaced by a placeholder (None: do not store)."""
    secret = request.META.get("CSRF_COOKIE")
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content
    if not secret:
        return None

    def swap(match: re.Match) -> bytes:
        token = match.group(0).decode()
        return CSRF_PLACEHOLDER.encode() if _unmask_cipher_token(token) == secret else match[0]

    return _TOKEN_RE.sub(swap, content)


class MemberPageCacheMiddleware:
    """Each signed-in member's own copy of the listed pages (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not _listed_page(request)
            or request.session.get("_messages")
        ):
            return self.get_response(request)
        key = _key(request, f"member:{user.pk}", user.get_session_auth_hash())
        current, stored = _quietly(lambda: _lookup(key, member_id=user.pk), default=(None, None))
        if stored is not None:
            content = stored[3]
            if CSRF_PLACEHOLDER.encode() in content:
                content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
            return _rebuild(request, stored, content)
        response = self.get_response(request)
        if current is not None and _cacheable_response(request, response, allow_csrf=True):
            content = _without_csrf_tokens(request, response.content)
            if content is not None:
                # Stored plain: the token goes back in on every hit.
                entry = _entry(current, response, content, packed=False)
                _quietly(lambda: cache.set(key, entry, settings.PAGE_CACHE_SECONDS))
                response[HIT_HEADER] = "miss"
        return response
