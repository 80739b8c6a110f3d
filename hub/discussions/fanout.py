"""Per-process fan-out: one subscription per live topic per process, one dispatch per event.

Each ASGI process holds one ``Fanout`` (per event loop). Sockets ``join`` topics (a channel, or
a member's own topic); the first local socket on a topic makes the process subscribe to it once,
the last one leaving unsubscribes. An event is published once (``publish`` from the worker
thread that ran the after-commit callback, ``apublish`` from the event loop), arrives once per
process that serves the topic, is split into its small header and its frame text (encoded once,
by the publisher) and handed to each local socket's ``offer``. Nothing here touches the
database or knows what a socket does with an event.

Two transports, chosen by ``REDIS_URL`` (docs/decisions/0110-per-process-fanout.md):

- Redis pub/sub between processes. Pub/sub channel names are global to a Redis server (not per
  database), so they carry ``DISCUSSIONS_PUBSUB_PREFIX``. Pub/sub keeps nothing: an event
  published while a process is disconnected is lost to it, which is fine because the database
  is the record: the reader reconnects with back-off, re-subscribes and tells every socket to
  ``resync`` (catch up from the database by event number).
- In memory, for the embedded single-process mode (no Redis): ``publish`` schedules the
  dispatch on each live loop's thread.

Wire format of one event: a one-line JSON header, a newline, then the frame text (possibly empty),
or one frame per interface language, one a line (``pack``).
"""

import asyncio
import contextlib
import json
import logging
import re
import threading
import time
import weakref
from collections.abc import Callable
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

SUBSCRIBE_TIMEOUT = 5.0  # seconds to wait for Redis to confirm a subscription


class Listener(Protocol):
    def offer(self, topic: str, header: dict, frame: str | dict[str, str]) -> None: ...

    def resync(self) -> None: ...

    def ensure_sent(self, channel_id: int, event: int) -> None: ...


def channel_topic(channel_id: int) -> str:
    """Every socket subscribed to a channel: messages, changes, typing, presence."""
    return f"channel.{channel_id}"


def user_topic(user_id: int) -> str:
    """Every socket of one member: read markers, membership changes."""
    return f"user.{user_id}"


def pack(header: dict, *frames: str) -> str:
    """One event: the header line, then its frame, or one frame per language (``langs`` in the
    header names them, in order). Frames are JSON text: they hold no raw newline."""
    return json.dumps(header, separators=(",", ":")) + "\n" + "\n".join(frames)


def unpack(data: str) -> tuple[dict, str | dict[str, str]]:
    """``(header, frame)``; ``frame`` is ``{language: text}`` when the event has several."""
    head, _, rest = data.partition("\n")
    header = json.loads(head)
    languages = header.get("langs")
    if languages:
        return header, dict(zip(languages, rest.split("\n"), strict=True))
    return header, rest


def prefix() -> str:
    configured = getattr(settings, "DISCUSSIONS_PUBSUB_PREFIX", "")
    if configured:
        return configured
    database = re.search(r"/(\d+)$", settings.REDIS_URL or "")
    return f"hub.{database.group(1) if database else 0}.chat."


class Fanout:
    """The local sockets of one process, by topic, and the one subscription per topic."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.topics: dict[str, set[Listener]] = {}
        self.delivered = 0  # events dispatched (for the benchmark and tests)
        self.presence = None  # hub.discussions.presence.Presence, made on first use
        self.upkeep = None  # hub.discussions.upkeep.Upkeep, made on first use

    async def join(self, topic: str, listener: Listener) -> None:
        listeners = self.topics.setdefault(topic, set())
        first = not listeners
        listeners.add(listener)
        if first:
            await self._subscribe(topic)

    async def leave(self, topic: str, listener: Listener) -> None:
        listeners = self.topics.get(topic)
        if listeners is None:
            return
        listeners.discard(listener)
        if not listeners:
            del self.topics[topic]
            await self._unsubscribe(topic)

    def serves(self, topic: str) -> bool:
        return bool(self.topics.get(topic))

    def dispatch(self, topic: str, data: str) -> None:
        """One event for a topic: parsed once, offered to every local listener."""
        if not self.topics.get(topic):
            return
        header, frame = unpack(data)
        if header.get("k") == "presence":  # someone came or went: announced at the next tick
            if self.presence is not None:
                self.presence.mark(header["channel_id"])
            return
        self.dispatch_local(topic, header, frame)

    def dispatch_local(self, topic: str, header: dict, frame: str) -> None:
        listeners = self.topics.get(topic)
        if not listeners:
            return
        self.delivered += 1
        for listener in list(listeners):
            try:
                listener.offer(topic, header, frame)
            except Exception:
                logger.exception("chat: a socket failed to take an event on %s", topic)

    def resync_all(self) -> None:
        for listeners in list(self.topics.values()):
            for listener in list(listeners):
                listener.resync()

    async def apublish(self, topic: str, data: str) -> None:
        raise NotImplementedError

    async def throttle(self, key: str, seconds: float) -> bool:
        """True once per ``seconds`` per key across every process."""
        raise NotImplementedError

    async def _subscribe(self, topic: str) -> None:
        pass

    async def _unsubscribe(self, topic: str) -> None:
        pass

    async def close(self) -> None:
        pass


class MemoryFanout(Fanout):
    """Embedded mode: one process, no Redis."""

    throttles: dict[str, float] = {}

    async def apublish(self, topic: str, data: str) -> None:
        _publish_in_memory(topic, data)

    async def throttle(self, key: str, seconds: float) -> bool:
        now = time.monotonic()
        if self.throttles.get(key, 0) > now:
            return False
        self.throttles[key] = now + seconds
        return True


class RedisFanout(Fanout):
    """Redis pub/sub: one connection per process, one SUBSCRIBE per served topic."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        super().__init__(loop)
        from redis import asyncio as aioredis

        self.client = aioredis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
        self.pubsub = None
        self.prefix = prefix()
        self.confirmed: dict[str, asyncio.Event] = {}
        self.reader: asyncio.Task | None = None
        self.ready = asyncio.Event()

    def _name(self, topic: str) -> str:
        return self.prefix + topic

    async def _connect(self) -> None:
        self.pubsub = self.client.pubsub()
        names = [self._name(topic) for topic in self.topics]
        for name in names:
            self.confirmed.setdefault(name, asyncio.Event())
        # A pub/sub connection needs one subscription before it can be read; a private
        # per-process one keeps it alive while no topic is served.
        await self.pubsub.subscribe(self.prefix + f"process.{id(self)}", *names)

    async def _subscribe(self, topic: str) -> None:
        if self.reader is None:
            self.reader = self.loop.create_task(self._read_forever())
        name = self._name(topic)
        confirmed = self.confirmed[name] = asyncio.Event()
        try:
            await asyncio.wait_for(self.ready.wait(), SUBSCRIBE_TIMEOUT)
            await self.pubsub.subscribe(name)
            # Until Redis confirms, events on the topic would be missed; the caller replays
            # from the database only after this, so nothing falls between the two.
            await asyncio.wait_for(confirmed.wait(), SUBSCRIBE_TIMEOUT)
        except Exception:
            # Redis is down: the reader re-subscribes every served topic when it is back, and
            # the sockets catch up from the database then.
            logger.warning("chat: could not subscribe to %s yet", topic, exc_info=True)

    async def _unsubscribe(self, topic: str) -> None:
        name = self._name(topic)
        self.confirmed.pop(name, None)
        if self.pubsub is not None and self.ready.is_set():
            with contextlib.suppress(Exception):
                await self.pubsub.unsubscribe(name)

    async def _read_forever(self) -> None:
        delay = 0.1
        first = True
        while True:
            try:
                await self._connect()
                self.ready.set()
                if not first:
                    self.resync_all()  # events published while we were away are lost to us
                first, delay = False, 0.1
                while True:
                    message = await self.pubsub.get_message(timeout=5.0)
                    if message is None:
                        continue
                    name = message.get("channel") or ""
                    if message["type"] == "subscribe":
                        event = self.confirmed.get(name)
                        if event is not None:
                            event.set()
                    elif message["type"] == "message" and name.startswith(self.prefix):
                        self.dispatch(name[len(self.prefix) :], message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                self.ready.clear()
                for event in self.confirmed.values():
                    event.clear()
                logger.warning("chat: Redis pub/sub lost; reconnecting", exc_info=True)
                with contextlib.suppress(Exception):
                    await self.pubsub.aclose()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def apublish(self, topic: str, data: str) -> None:
        await self.client.publish(self._name(topic), data)

    async def throttle(self, key: str, seconds: float) -> bool:
        try:
            return bool(
                await self.client.set(self.prefix + key, 1, nx=True, px=int(seconds * 1000))
            )
        except Exception:
            return True  # a hint, not data: while Redis is down, let it through

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(BaseException):
                await self.reader
        if self.pubsub is not None:
            with contextlib.suppress(Exception):
                await self.pubsub.aclose()
        with contextlib.suppress(Exception):
            await self.client.aclose()


_fanouts: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Fanout]" = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def get_fanout() -> Fanout:
    """This event loop's fan-out (one per process in production; one per test loop in tests)."""
    loop = asyncio.get_running_loop()
    with _lock:
        fanout = _fanouts.get(loop)
        if fanout is None:
            fanout = RedisFanout(loop) if settings.REDIS_URL else MemoryFanout(loop)
            _fanouts[loop] = fanout
        return fanout


def _publish_in_memory(topic: str, data: str) -> None:
    with _lock:
        fanouts = list(_fanouts.values())
    for fanout in fanouts:
        if fanout.loop.is_closed() or not fanout.serves(topic):
            continue
        call: Callable = fanout.dispatch
        try:
            fanout.loop.call_soon_threadsafe(call, topic, data)
        except RuntimeError:  # the loop closed meanwhile
            continue


_sync_client = None


def publish(topic: str, data: str) -> bool:
    """Publish from synchronous code (after-commit callbacks). False when it could not."""
    global _sync_client
    if not settings.REDIS_URL:
        _publish_in_memory(topic, data)
        return True
    try:
        if _sync_client is None:
            import redis

            _sync_client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
            )
        _sync_client.publish(prefix() + topic, data)
    except Exception:
        logger.warning("chat: could not publish on %s", topic, exc_info=True)
        return False
    return True
