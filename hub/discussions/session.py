"""One socket's subscriptions, replay and live delivery: plain asyncio, no Channels.

The consumer gives a ``Session`` two coroutines, ``send(text)`` and ``load_after(channel_id,
after)`` (the database), and the fan-out calls ``offer`` with each event (its header and the
frame text encoded once per process). The session keeps the guarantees of docs/realtime.md:

- **Exactly once, in event order.** Per channel it remembers ``last``, the highest event number
  it has sent. Invariant, whenever the lock is free: every change numbered up to ``last`` has
  been sent, and so has every message whose sequence is up to ``last``. A live change at or
  below ``last`` is dropped; the next number is sent as published; a jump ahead (a lost event,
  two processes publishing close together) is filled from the database, which already holds it
  because events are published after commit.
- **One sender at a time.** Replays (``subscribe``), acks and live delivery all send under one
  lock, so a live event offered during a replay waits in the queue and is then dropped as
  already sent, or sent after the replay.
- **Slow sockets never hold back the others.** ``offer`` never waits. When the socket is idle
  and the event is the next one it needs, the frame is written at once, in the fan-out's own
  step (``hub.core.eager``; ``send`` must not rely on running in a task of its own until it
  first waits); a send that has to wait is finished by this socket's task, holding the lock.
  Otherwise the event goes to a bounded queue drained by this socket's own task. When the queue
  is full the socket is *behind*: its queued events are dropped and it catches up from the
  database by event number instead (it still gets everything, in order, once). Typing and
  presence are hints and are simply dropped. A send that does not complete within
  ``send_timeout`` (a client that stopped reading, on a server that applies back-pressure) ends
  the socket through ``on_stuck``; it resumes by event number when it reconnects.
"""

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from hub.core import eager
from hub.discussions import fanout, protocol

logger = logging.getLogger(__name__)

REPLAY_BATCH = 500


@dataclass
class Sub:
    slug: str
    last: int  # the highest event number sent on this socket


class Session:
    def __init__(
        self,
        *,
        send: Callable[[str], Awaitable[None]],
        load_after: Callable[[int, int], Awaitable[list[dict]]],
        queue_limit: int = 256,
        send_timeout: float = 30.0,
        on_stuck: Callable[[], Awaitable[None]] | None = None,
        on_user_event: Callable[[dict], Awaitable[None]] | None = None,
        origin: str = "",
        language: str = "",
        hub: fanout.Fanout | None = None,
    ):
        self.hub = hub or fanout.get_fanout()
        self._send = send
        self.load_after = load_after
        self.queue_limit = queue_limit
        self.send_timeout = send_timeout
        self.on_stuck = on_stuck
        self.on_user_event = on_user_event
        self.origin = origin  # this socket's id: its own typing events are not echoed
        self.language = language  # which card a change carries to this socket
        self.subs: dict[int, Sub] = {}
        self.lock = asyncio.Lock()
        self.queue: deque[tuple[dict, str | dict[str, str]]] = deque()
        self.behind: set[int] = set()
        # The sender task exists only while there is something to send: an idle socket holds
        # no task of ours (memory per socket, issue 11).
        self.task: asyncio.Task | None = None
        self.running = False
        self.overflows = 0  # times this socket fell behind (tests, benchmark)
        self.waiting_send = None  # a send _deliver_now started that waits for this task

    # --- called by the fan-out (never waits) ----------------------------------------------

    def offer(self, topic: str, header: dict, frame: str | dict[str, str]) -> None:
        channel_id = header.get("channel_id")
        if channel_id is not None and channel_id not in self.subs:
            return
        if header.get("k") == "typing" and header.get("origin") == self.origin:
            return
        if len(self.queue) >= self.queue_limit:
            self._fall_behind()
            if header.get("k") != "change":
                return  # a hint: the next one will do
        if header.get("k") == "change" and channel_id in self.behind:
            return  # the catch-up from the database will send it
        if not self.queue and self._deliver_now(header, frame):
            return
        self.queue.append((header, frame))
        self._kick()

    def _deliver_now(self, header: dict, frame: str | dict[str, str]) -> bool:
        """The usual case, without a task: this socket is idle and the event is the next one it
        needs, so its frame is written in the fan-out's own step (``hub.core.eager``). If the
        send has to wait (the socket's write buffer is full), this socket's task finishes it,
        holding the lock. False when the event must go through the queue instead."""
        kind = header.get("k")
        if kind in {"read", "membership"} or not self.running or self.behind:
            return False
        if self.task is not None and not self.task.done():
            return False
        sub, number = None, 0
        if kind == "change":
            sub, number = self.subs.get(header["channel_id"]), header["event"]
            if sub is None or number <= sub.last:
                return True  # not subscribed any more, or already sent
            if number > sub.last + 1:
                return False  # a gap: the task fills it from the database
        if not eager.try_acquire(self.lock):
            return False
        try:
            finished, rest = eager.run_now(self._send(self._in_my_language(frame)))
        except Exception:
            self.lock.release()
            logger.exception("chat: delivery to a socket failed")
            if sub is not None:  # not sent: the database has it
                self.resync([header["channel_id"]])
            return True
        if not finished:
            self.waiting_send = rest
            self.task = asyncio.get_running_loop().create_task(self._run((rest, sub, number)))
            return True
        if sub is not None:
            sub.last = number
        self.lock.release()
        return True

    def resync(self, channel_ids=None) -> None:
        """Events may have been lost (the pub/sub connection dropped, or the periodic check
        found the database ahead): catch up these channels (all by default) from the database."""
        self.behind.update(self.subs if channel_ids is None else channel_ids)
        self._kick()

    def ensure_sent(self, channel_id: int, event: int) -> None:
        """The database held ``event`` a while ago (``hub.discussions.upkeep``): if this socket
        has not sent it yet, live delivery lost it, so catch up from the database."""
        sub = self.subs.get(channel_id)
        if sub is not None and sub.last < event:
            self.resync([channel_id])

    def _kick(self) -> None:
        if self.running and (self.task is None or self.task.done()):
            self.task = asyncio.get_running_loop().create_task(self._run())

    def _fall_behind(self) -> None:
        self.overflows += 1
        kept = deque()
        for header, frame in self.queue:
            if header.get("k") == "change":
                self.behind.add(header["channel_id"])
            elif header.get("k") in {"membership"}:
                kept.append((header, frame))  # control events are never dropped
        self.queue = kept

    # --- the socket's own sender ------------------------------------------------------------

    def start(self) -> None:
        self.running = True
        if self.queue or self.behind:
            self._kick()

    async def stop(self) -> None:
        self.running = False
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        if self.waiting_send is not None:  # stopped before its task took the send up
            self.waiting_send.close()
            self.waiting_send = None
            self.lock.release()  # _deliver_now took it for that task

    async def _run(self, waiting: tuple | None = None) -> None:
        """Send until the queue is empty and nothing is behind, then end (``_kick`` starts the
        next one). Nothing between the last check and the return yields, so no offer is missed.
        ``waiting``: a send ``_deliver_now`` started that has to wait, with the lock held."""
        try:
            if waiting is not None:
                await self._finish_send(*waiting)
            while self.queue or self.behind:
                async with self.lock:
                    await self._drain()
        except asyncio.CancelledError:
            raise
        except TimeoutError:
            self.running = False
            if self.on_stuck is not None:
                await self.on_stuck()
        except Exception:
            logger.exception("chat: delivery to a socket failed")

    async def _drain(self) -> None:
        while self.behind or self.queue:
            if self.behind:
                for channel_id in list(self.behind):
                    self.behind.discard(channel_id)
                    if channel_id in self.subs:
                        await self.catch_up(channel_id)
                continue
            header, frame = self.queue.popleft()
            kind = header.get("k")
            if kind == "change":
                await self._deliver(header, frame)
            elif kind == "read":
                sub = self.subs.get(header["channel_id"])
                if sub is not None:
                    await self.send(protocol.read(slug=sub.slug, seq=header["seq"]))
            elif kind == "membership":
                if self.on_user_event is not None:
                    await self.on_user_event(header)
            elif header.get("channel_id") in self.subs:  # typing, presence
                await self.send(frame)

    async def _finish_send(self, rest, sub: Sub | None, number: int) -> None:
        self.waiting_send = None
        try:
            async with asyncio.timeout(self.send_timeout):
                await rest
        finally:
            self.lock.release()
        if sub is not None:
            sub.last = max(sub.last, number)

    async def send(self, text: str) -> None:
        # A timeout scope, not wait_for: no extra task per frame per socket.
        async with asyncio.timeout(self.send_timeout):
            await self._send(text)

    def _in_my_language(self, frame: str | dict[str, str]) -> str:
        if isinstance(frame, str):
            return frame
        return frame.get(self.language) or next(iter(frame.values()))

    async def _deliver(self, header: dict, frame: str | dict[str, str]) -> None:
        channel_id, number = header["channel_id"], header["event"]
        sub = self.subs.get(channel_id)
        if sub is None or number <= sub.last:
            return  # not subscribed any more, or already sent (replay, catch-up, a later read)
        if number > sub.last + 1:
            # A gap: an event lost or overtaken, or superseded by a later change of the same
            # message. Published after commit, so the database already holds it.
            await self.catch_up(channel_id)
            return
        await self.send(self._in_my_language(frame))
        sub.last = number

    async def catch_up(self, channel_id: int, *, start: int | None = None) -> None:
        """Send every message created or changed after ``last``, in event order, in its current
        state: ``message`` if the client has not had it, ``update`` otherwise. Hold the lock."""
        sub = self.subs[channel_id]
        start = sub.last if start is None else start
        sent: set[int] = set()
        while True:
            payloads = await self.load_after(channel_id, sub.last)
            for payload in payloads:
                # New to this client if created after where it resumed, and not already sent in
                # this catch-up (a message changed again between two batches comes back).
                new = payload["seq"] > start and payload["seq"] not in sent
                sent.add(payload["seq"])
                cards = payload.get("cards")
                if cards and len(cards) > 1:
                    mine = self.language if self.language in cards else next(iter(cards))
                    payload = {**payload, "cards": {mine: cards[mine]}}
                await self.send(
                    protocol.change(
                        slug=sub.slug,
                        payload=payload,
                        event=payload["event"],
                        new=new,
                        replay=True,
                    )
                )
                sub.last = max(sub.last, payload["event"])
            if len(payloads) < REPLAY_BATCH:
                return

    async def follow(self, channel_id: int, slug: str, after: int) -> int:
        """Subscribe (or re-subscribe) to a channel from event ``after``; hold the lock.

        Returns where the socket now stands. Joining the topic comes first and replaying
        second, so anything published in between waits in the queue (and is then dropped as
        already sent, or sent in order)."""
        existing = self.subs.get(channel_id)
        if existing is None:
            self.subs[channel_id] = Sub(slug=slug, last=after)
            await self.hub.join(fanout.channel_topic(channel_id), self)
            await self.catch_up(channel_id)
        elif after < existing.last:
            existing.last = after
            await self.catch_up(channel_id)
        return self.subs[channel_id].last

    async def unfollow(self, channel_id: int) -> Sub | None:
        sub = self.subs.pop(channel_id, None)
        self.behind.discard(channel_id)
        if sub is not None:
            await self.hub.leave(fanout.channel_topic(channel_id), self)
        return sub
