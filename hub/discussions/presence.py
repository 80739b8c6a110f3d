"""Who is in a channel: a set per channel with expiry, announced at most once per interval.

The store holds one entry per socket (``<user id>:<connection>``) scored by when it expires;
each process renews the entries of all its sockets every ``DISCUSSIONS_REFRESH_SECONDS`` in one
round trip (``hub.discussions.upkeep``), and entries of a crashed process expire after
``PRESENCE_TTL``. On Redis it is a sorted set per channel (shared by every
process); without Redis, a dict in this process.

A join or leave never sends a frame to anyone by itself: it publishes a bodiless ``presence``
signal on the channel's topic, and each process marks the channel dirty. Once per
``DISCUSSIONS_PRESENCE_INTERVAL`` (default 2 s) each process reads the set of every dirty
channel it serves, builds one ``presence`` frame (the number of people and the first
``PRESENCE_NAMES`` of them) and offers it to its sockets there. So 1,000 people joining cost
each socket a frame or two, not 1,000, and the work grows with the audience, not its square.
"""

import asyncio
import contextlib
import time

from channels.db import database_sync_to_async
from django.conf import settings

from hub.discussions import fanout, protocol, selectors

PRESENCE_TTL = 180.0  # seconds an entry lives without a refresh
PRESENCE_NAMES = 20  # people named in a presence frame; the rest are counted


def _key(channel_id: int) -> str:
    return f"{fanout.prefix()}presence.{channel_id}"


class Store:
    """The entries of every channel; Redis or in-process."""

    async def add(self, channel_id: int, member: str) -> None:
        await self.renew({channel_id: {member}})

    async def renew(self, members: dict[int, set[str]]) -> None:
        """Add or refresh these entries, per channel."""
        raise NotImplementedError

    async def remove(self, channel_id: int, member: str) -> None:
        raise NotImplementedError

    async def user_ids(self, channel_id: int) -> list[int]:
        """Distinct people present, longest-present first."""
        raise NotImplementedError


class MemoryStore(Store):
    entries: dict[int, dict[str, float]] = {}

    async def renew(self, members: dict[int, set[str]]) -> None:
        expires = time.time() + PRESENCE_TTL
        for channel_id, names in members.items():
            self.entries.setdefault(channel_id, {}).update(dict.fromkeys(names, expires))

    async def remove(self, channel_id: int, member: str) -> None:
        self.entries.get(channel_id, {}).pop(member, None)

    async def user_ids(self, channel_id: int) -> list[int]:
        return users_of(self.entries.get(channel_id, {}), time.time())


class RedisStore(Store):
    def __init__(self, client):
        self.client = client

    async def renew(self, members: dict[int, set[str]]) -> None:
        expires = time.time() + PRESENCE_TTL
        async with self.client.pipeline(transaction=False) as pipe:
            for channel_id, names in members.items():
                if names:
                    pipe.zadd(_key(channel_id), dict.fromkeys(names, expires))
                    pipe.expire(_key(channel_id), int(PRESENCE_TTL) * 2)
            await pipe.execute()

    async def remove(self, channel_id: int, member: str) -> None:
        await self.client.zrem(_key(channel_id), member)

    async def user_ids(self, channel_id: int) -> list[int]:
        key, now = _key(channel_id), time.time()
        async with self.client.pipeline(transaction=False) as pipe:
            pipe.zremrangebyscore(key, 0, now)
            pipe.zrange(key, 0, -1, withscores=True)
            _, rows = await pipe.execute()
        return users_of(dict(rows), now)


def users_of(entries: dict[str, float], now: float) -> list[int]:
    seen: dict[int, None] = {}
    for member, expires in sorted(entries.items(), key=lambda item: item[1]):
        if expires > now:
            seen.setdefault(int(member.split(":", 1)[0]), None)
    return list(seen)


@database_sync_to_async
def _people(user_ids: list[int]) -> list[dict]:
    return selectors.people(user_ids)


class Presence:
    """This process's presence announcer (one per ``Fanout``)."""

    def __init__(self, hub: fanout.Fanout):
        self.hub = hub
        self.store: Store = RedisStore(hub.client) if hasattr(hub, "client") else MemoryStore()
        self.dirty: set[int] = set()
        self.frames: dict[int, tuple[int, list[dict]]] = {}  # last announced, per channel
        self.slugs: dict[int, str] = {}
        self.local: dict[int, set[str]] = {}  # this process's sockets' entries, per channel
        self.task: asyncio.Task | None = None

    async def join(self, channel_id: int, slug: str, user_id: int, connection: str) -> None:
        self.slugs[channel_id] = slug
        self.local.setdefault(channel_id, set()).add(f"{user_id}:{connection}")
        with contextlib.suppress(Exception):  # presence is a hint; never fail a subscribe
            await self.store.add(channel_id, f"{user_id}:{connection}")
        await self._changed(channel_id)

    async def leave(self, channel_id: int, user_id: int, connection: str) -> None:
        local = self.local.get(channel_id)
        if local is not None:
            local.discard(f"{user_id}:{connection}")
            if not local:
                del self.local[channel_id]
        with contextlib.suppress(Exception):
            await self.store.remove(channel_id, f"{user_id}:{connection}")
        await self._changed(channel_id)

    async def touch(self, channel_ids, user_id: int, connection: str) -> None:
        for channel_id in channel_ids:
            with contextlib.suppress(Exception):
                await self.store.add(channel_id, f"{user_id}:{connection}")

    async def renew(self) -> None:
        """Renew the entries of every socket of this process (one round trip on Redis)."""
        if not self.local:
            return
        renewed = {cid: set(names) for cid, names in self.local.items()}
        with contextlib.suppress(Exception):
            await self.store.renew(renewed)
            # A socket that left meanwhile may have been removed before this renewal re-added it.
            for channel_id, names in renewed.items():
                for member in names - self.local.get(channel_id, set()):
                    await self.store.remove(channel_id, member)

    async def _changed(self, channel_id: int) -> None:
        self.mark(channel_id)
        with contextlib.suppress(Exception):
            await self.hub.apublish(
                fanout.channel_topic(channel_id),
                fanout.pack({"k": "presence", "channel_id": channel_id}),
            )

    def mark(self, channel_id: int) -> None:
        """Someone came or went (here or in another process): announce at the next tick."""
        self.dirty.add(channel_id)
        if self.task is None or self.task.done():
            self.task = self.hub.loop.create_task(self._tick_forever())

    async def snapshot(self, channel_id: int) -> tuple[int, list[dict]]:
        """(how many people, the first of them) now."""
        try:
            ids = await self.store.user_ids(channel_id)
        except Exception:
            return self.frames.get(channel_id, (0, []))
        return len(ids), await _people(ids[:PRESENCE_NAMES])

    async def _tick_forever(self) -> None:
        while self.dirty:
            await asyncio.sleep(settings.DISCUSSIONS_PRESENCE_INTERVAL)
            dirty, self.dirty = self.dirty, set()
            for channel_id in dirty:
                topic = fanout.channel_topic(channel_id)
                if not self.hub.serves(topic):
                    self.frames.pop(channel_id, None)
                    continue
                current = await self.snapshot(channel_id)
                if current == self.frames.get(channel_id):
                    continue
                self.frames[channel_id] = current
                count, users = current
                frame = protocol.presence(slug=self.slugs[channel_id], count=count, users=users)
                self.hub.dispatch_local(topic, {"k": "hint", "channel_id": channel_id}, frame)


def get_presence() -> Presence:
    """This event loop's presence announcer."""
    hub = fanout.get_fanout()
    if hub.presence is None:
        hub.presence = Presence(hub)
    return hub.presence
