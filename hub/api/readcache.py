"""Stored copies of API reads, per caller, answered without the database (decision 0161).

Most API traffic is a script or a council's site reading the same lists again and again with
one token. ``ApiMiddleware`` keeps each successful JSON read in the cache and answers the same
caller's next identical read from it — no token query, no view, no serialisation — under the
same invalidation as the page cache (``hub.core.pagecache``):

- a copy is stamped with the site's content generation (replaced after any content write and
  any successful unsafe request, API writes included) and its owner's member generation
  (replaced by ``member_pages_changed``: unread counts, a token revoked); it counts only while
  both are current, and for ``API_CACHE_SECONDS`` at most (changes that come with time: a
  scheduled post falling due, search results following the index);
- copies are per caller, never shared: keyed by the token's hash (and the path, query string
  and language); anonymous callers (no ``Authorization``, no session cookie) share one copy,
  since they all see the same public things. Session callers (the hub's own pages) are never
  served copies;
- like the page cache, what follows the search index rather than the database (search
  results right after a write) may lag by up to ``API_CACHE_SECONDS``;
- a hit still counts against the caller's API rate limit, still records a token's last use
  (once a minute) and refuses an expired token (whose expiry is kept with the copy): a revoked
  or expired token gets 401 on its next request, exactly as without the cache;
- only 200 JSON answers to GET are stored, never one marked ``no-store`` (a validator run that
  is still in progress).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisSerializer
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hub.api.errors import error_response
from hub.core.pagecache import GENERATION_KEY, member_generation_key, member_pages_changed
from hub.core.ratelimit import parse_rate, rate_limit_consume, rate_limit_key
from hub.core.sessions import CACHE_ERRORS

logger = logging.getLogger(__name__)
HIT_HEADER = "X-Api-Cache"
_ANONYMOUS = "anonymous"
_now = time.time  # a token's expiry is checked against this (tests move it)


def _token_key(digest: str) -> str:
    return f"apicache:token:{digest}"


def caller_of(request: HttpRequest) -> str | None:
    """The token's hash, ``anonymous``, or None for callers whose reads are never stored."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is not None:
        scheme, _, raw = header.partition(" ")
        raw = raw.strip()
        if scheme.lower() != "bearer" or not raw or len(raw) > 100:
            return None
        return hashlib.sha256(raw.encode()).hexdigest()
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    return _ANONYMOUS


class _Stale(Exception):
    """The copy's member generation is no longer current."""


# One round trip for a hit: is the member generation still the copy's (KEYS[1] == ARGV[1];
# skipped for anonymous callers), then count the request against the rate limit (the same
# counter ``hub.core.ratelimit`` keeps) and note the token's use once a minute.
_ADMIT_LUA = """
if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return {0, 0, 0}
end
local count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
local first = 0
if tonumber(ARGV[3]) > 0 and redis.call('SET', KEYS[3], 1, 'NX', 'EX', ARGV[3]) then
  first = 1
end
return {1, count, first}
"""
_serializer = RedisSerializer()
_scripts: dict[str, object] = {}


def _redis_script():
    """The admit script on the default cache's Redis, or None for another cache backend."""
    from hub.core.cache import is_redis

    config = settings.CACHES["default"]
    if not is_redis():
        return None
    location = config["LOCATION"]
    if location not in _scripts:
        import redis

        _scripts[location] = redis.Redis.from_url(location).register_script(_ADMIT_LUA)
    return _scripts[location]


def _entry_key(request: HttpRequest, caller: str) -> str:
    raw = "|".join(
        [
            caller,
            request.scheme,
            request.META.get("HTTP_HOST", ""),
            request.path,
            request.META.get("QUERY_STRING", ""),
            # Whatever decides the language (LocaleMiddleware may run after this middleware).
            request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        ]
    )
    return "apicache:read:" + hashlib.sha256(raw.encode()).hexdigest()


class Lookup:
    """What one read found: the stored answer (or None) and the stamp to store a new one
    under. Failures of the cache only ever mean "render it"."""

    def __init__(self, request: HttpRequest, caller: str):
        self.request, self.caller = request, caller
        self.key = _entry_key(request, caller)
        self.stamp: str | None = None
        self.stored = None
        self.token: tuple[int, int, float] | None = None  # (token pk, user pk, expires at)
        self.member_then: str | None = None  # the member generation the copy was stored under
        try:
            self._find()
        except CACHE_ERRORS:
            logger.warning("API read cache unavailable; answering without it")
            self.stamp = self.stored = None

    def _find(self) -> None:
        keys = [GENERATION_KEY, self.key]
        if self.caller != _ANONYMOUS:
            keys.append(_token_key(self.caller))
        found = cache.get_many(keys)
        generation = found.get(GENERATION_KEY)
        if generation is None:
            return  # no stamp: nothing is stored this time; the page cache makes a new one
        if self.caller == _ANONYMOUS:
            self.stamp = generation
        else:
            self.token = found.get(_token_key(self.caller))
            if self.token is None:
                return  # checked in full this time (and remembered); stored from the next
            stored = found.get(self.key)
            if _redis_script() is not None and stored is not None:
                generation_then, _, member_then = stored[0].partition("/")
                if generation_then == generation:
                    # Probably a hit: the member generation is checked in the same round trip
                    # as the rate limit (``_admit``); a mismatch there means "render it".
                    self.stamp, self.stored, self.member_then = stored[0], stored, member_then
                    return
            self.stamp = self._member_stamp(generation)
        stored = found.get(self.key)
        if stored is not None and stored[0] == self.stamp:
            self.stored = stored

    def _member_stamp(self, generation: str) -> str:
        member_key = member_generation_key(self.token[1])
        member = cache.get(member_key)
        if member is None:  # as in hub.core.pagecache: a fresh one, never an old one back
            cache.add(member_key, secrets.token_hex(8), timeout=None)
            member = cache.get(member_key)
        return f"{generation}/{member}"

    def answer(self) -> HttpResponse | None:
        """The stored answer if it may be given to this caller now, else None (render it)."""
        if self.stored is None:
            return None
        if self.token is not None and self.token[2] <= _now():
            return None  # expired: the full check answers 401
        try:
            refusal = self._admit()
        except _Stale:
            # The member's copies were dropped: render it, and store it under the new stamp.
            self.stored = None
            try:
                self.stamp = self._member_stamp(self.stamp.partition("/")[0])
            except CACHE_ERRORS:
                self.stamp = None
            return None
        except CACHE_ERRORS:
            logger.warning("API read cache unavailable; answering without it")
            return None
        if refusal is not None:
            return refusal
        _, status, headers, content = self.stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response

    def _admit(self) -> HttpResponse | None:
        """The API rate limit, and the token's last use, as ``hub.api.auth`` records them.
        With Redis, one round trip that also confirms the member generation; raises
        ``_Stale`` (caught by ``answer``) when that moved."""
        from hub.api.auth import rate_limited
        from hub.api.models import PersonalAccessToken
        from hub.api.services import LAST_USED_RESOLUTION

        if self.token is not None:
            who = f"token:{self.token[0]}"
        else:
            who = f"ip:{self.request.META.get('REMOTE_ADDR', '')}"
        rate = settings.API_RATE_LIMITS["read"]
        limit, period = parse_rate(rate)
        rate_key = rate_limit_key(f"api.read:{who}", period)
        used_key = f"apicache:used:{self.token[0]}" if self.token is not None else None
        used_for = int(LAST_USED_RESOLUTION.total_seconds())
        script = _redis_script()
        if script is not None and (self.token is None or self.member_then is not None):
            fresh, count, first_use = script(
                keys=[
                    cache.make_key(member_generation_key(self.token[1]) if self.token else "-"),
                    cache.make_key(rate_key),
                    cache.make_key(used_key or "-"),
                ],
                args=[
                    _serializer.dumps(self.member_then) if self.token else b"",
                    period + 1,
                    used_for if used_key else 0,
                ],
            )
            if not fresh:
                raise _Stale
            allowed = count <= limit
        else:
            allowed = rate_limit_consume(f"api.read:{who}", rate)
            first_use = bool(used_key) and cache.add(used_key, 1, used_for)
        if not allowed:
            error = rate_limited(rate)
            return error_response(error.status, error.code, error.message, headers=error.headers)
        if first_use:
            PersonalAccessToken.objects.filter(pk=self.token[0]).update(last_used_at=timezone.now())
        return None

    def store(self, response: HttpResponse) -> None:
        """Keep a fresh 200 JSON read for this caller, under the stamp read before it ran
        (so a write during the view leaves the copy already stale), and the token's id,
        owner and expiry for its next reads."""
        if response.status_code != 200 or not _is_json(response):
            return
        token = getattr(self.request, "api_token", None)
        if self.caller != _ANONYMOUS and token is None:
            return  # not answered for a checked token (e.g. a session): keep nothing
        entries = {}
        if token is not None:
            entries[_token_key(self.caller)] = (
                token.pk,
                token.user_id,
                token.expires_at.timestamp(),
            )
        if self.stamp is not None and "no-store" not in response.get("Cache-Control", ""):
            headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
            entries[self.key] = (self.stamp, response.status_code, headers, response.content)
            response[HIT_HEADER] = "miss"
        if not entries:
            return
        try:
            cache.set_many(entries, settings.API_CACHE_SECONDS)
        except CACHE_ERRORS:
            logger.warning("API read cache unavailable; answer not stored")


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json") and not getattr(
        response, "streaming", False
    )


def forget_token(digest: str, user_id: int) -> None:
    """A token was revoked: drop what its reads stored (its owner's generation is replaced,
    which drops their other tokens' copies too; revoking is rare)."""
    try:
        cache.delete(_token_key(digest))
    except CACHE_ERRORS:
        logger.warning("API read cache unavailable; stored reads expire on their own")
    member_pages_changed([user_id])


def lookup(request: HttpRequest) -> Lookup | None:
    """A lookup for a read that may be answered from (and stored in) the cache, else None."""
    if request.method != "GET" or not settings.API_CACHE_SECONDS:
        return None
    caller = caller_of(request)
    return Lookup(request, caller) if caller is not None else None
