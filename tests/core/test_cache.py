"""The Redis cache shares one client per process across async contexts (hub/core/cache.py).

Django keeps a cache object per asyncio context; a WebSocket's context lives as long as the
socket, so with Django's own backend every open socket kept a Redis connection pool of its own.
"""

import contextvars

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.redis


def _cache_in_a_new_context():
    return contextvars.Context().run(lambda: caches["default"])


def test_cache_objects_of_different_contexts_share_one_redis_client():
    first, second = _cache_in_a_new_context(), _cache_in_a_new_context()
    assert first is not second  # Django's per-context objects, as before
    assert first._cache is second._cache
    first.set("shared-client", "yes")
    assert second.get("shared-client") == "yes"
    pools = first._cache._pools
    assert len(pools) == 1  # one pool (one server) for the process


def test_count_is_one_round_trip_and_reads_as_a_plain_counter():
    cache = caches["default"]
    cache.delete("counted")
    assert [cache.count("counted", 30) for _ in range(3)] == [1, 2, 3]
    assert cache.get("counted") == 3 and cache.incr("counted") == 4  # Django reads it as before
    key = cache.make_and_validate_key("counted")
    ttl = cache._cache.get_client(key).ttl(key)
    assert 0 < ttl <= 30  # the window's expiry, set when the counter was made
