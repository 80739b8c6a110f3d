"""Django's Redis cache with one connection pool per process, not one per async context.

Django keeps a cache object per thread, and under ASGI per asyncio context (``caches`` is an
asgiref ``Local``). A page's context ends with its request; a WebSocket's lives as long as the
socket, and the session lookup that authenticates it (``cached_db`` sessions,
``hub.core.sessions``) runs in it. With Django's ``RedisCache`` each of those cache objects opens
its own connection pool, so every open socket kept a Redis connection of its own and about
10 KiB of client objects (issue 11: 2,000 idle sockets, 2,000 Redis connections). Here every
cache object with the same servers and options shares one client (redis-py's connection pools
are thread-safe, and reset themselves in a forked child), so a process holds one pool per
server however many sockets it serves.
"""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.utils.functional import cached_property

_clients: dict = {}
_lock = threading.Lock()


class RedisCache(DjangoRedisCache):
    def count(self, key: str, timeout: int) -> int:
        """Add one to the counter ``key`` and return it; a new counter lives ``timeout`` seconds.

        One round trip (``SET NX EX`` then ``INCR``, in one ``MULTI``), where ``add`` then
        ``incr`` take three (Django's ``incr`` checks the key exists first). The counter is the
        plain integer Django's ``get`` and ``incr`` read.
        """
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
            return pipe.execute()[1]

    @cached_property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client


def is_redis(alias: str = "default") -> bool:
    """Whether the cache ``alias`` is configured with Django's Redis backend (or this one)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return issubclass(import_string(settings.CACHES[alias]["BACKEND"]), DjangoRedisCache)
