"""Fixed-window rate limits on the Django cache (Redis in production), for posting and chat.

allauth limits sign-in and sign-up itself; everything else that writes user content calls
``rate_limit_consume`` with a key naming the action and the actor.
"""

import re
import time

from django.core.cache import cache, caches

from hub.core.cache import RedisCache

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/m" -> (10, 60); "5/30s" -> (5, 30)."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"rate {rate!r} is not like '10/m' or '5/30s'")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _SECONDS[unit]


def rate_limit_key(key: str, period: int) -> str:
    """The cache key counting ``key``'s uses in the current window of ``period`` seconds."""
    return f"rl:{key}:{period}:{int(time.time() // period)}"


def rate_limit_consume(key: str, rate: str) -> bool:
    """Count one use of ``key``; False when the limit for this window is already used up."""
    limit, period = parse_rate(rate)
    cache_key = rate_limit_key(key, period)
    backend = caches["default"]
    if isinstance(backend, RedisCache):  # one round trip
        return backend.count(cache_key, period + 1) <= limit
    # add() is atomic: only the first caller in a window creates the counter.
    if cache.add(cache_key, 1, timeout=period + 1):
        return True
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=period + 1)
        return True
    return used <= limit


def rate_limit_retry_after(rate: str) -> int:
    """Seconds until the current window ends, for a Retry-After header or error message."""
    _, period = parse_rate(rate)
    return period - int(time.time() % period)
