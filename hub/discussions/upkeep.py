"""Every few seconds, once per process: keep presence fresh and catch sockets up.

Each socket used to run this itself (a task per socket, and every ``DISCUSSIONS_REFRESH_SECONDS``
a Redis write and a database query per socket). 1,000 sockets that joined together then woke
together every 15 s and queued 1,000 queries in front of the next message. Here one task per
process does it for every socket the process serves, so the work grows with the channels
served, not the sockets:

- **presence**: one Redis round trip renews the entries of every local socket
  (``Presence.renew``), so a live socket never expires while one of a crashed process does;
- **catching up**: one query reads the newest event number of every channel served. An event
  the database already held at the *previous* round that a socket has still not sent (live
  delivery lost it: pub/sub drops events while Redis restarts) makes that socket catch up from
  the database (``Session.ensure_sent``). An event committed a moment ago may be on its way
  live, hence the one-round delay.

The task runs only while the process serves a channel.
"""

import asyncio
import logging

from django.conf import settings

from hub.discussions import fanout
from hub.discussions.models import Channel
from hub.discussions.offloop import db

logger = logging.getLogger(__name__)

CHANNEL_PREFIX = fanout.channel_topic(0).removesuffix("0")


@db
def _latest_events(channel_ids: list[int]) -> dict[int, int]:
    return dict(Channel.objects.filter(pk__in=channel_ids).values_list("pk", "last_sequence"))


class Upkeep:
    """This process's periodic round (one per ``Fanout``)."""

    def __init__(self, hub: fanout.Fanout):
        self.hub = hub
        self.task: asyncio.Task | None = None
        self.seen: dict[int, int] = {}  # the newest event per channel at the previous round

    def start(self) -> None:
        """Called whenever a socket follows a channel: runs until none is followed."""
        if self.task is None or self.task.done():
            self.task = self.hub.loop.create_task(self._run_forever())

    def channels(self) -> dict[int, set]:
        return {
            int(topic.removeprefix(CHANNEL_PREFIX)): listeners
            for topic, listeners in self.hub.topics.items()
            if topic.startswith(CHANNEL_PREFIX) and listeners
        }

    async def _run_forever(self) -> None:
        while self.channels():
            await asyncio.sleep(settings.DISCUSSIONS_REFRESH_SECONDS)
            try:
                await self.round()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.info("chat: upkeep round failed", exc_info=True)
        self.seen = {}

    async def round(self) -> None:
        from hub.discussions.presence import get_presence

        served = self.channels()
        if not served:
            return
        await get_presence().renew()
        earlier, self.seen = self.seen, await _latest_events(list(served))
        for channel_id, event in earlier.items():
            for listener in list(self.hub.topics.get(fanout.channel_topic(channel_id), ())):
                listener.ensure_sent(channel_id, event)


def get_upkeep() -> Upkeep:
    """This event loop's upkeep."""
    hub = fanout.get_fanout()
    if hub.upkeep is None:
        hub.upkeep = Upkeep(hub)
    return hub.upkeep
