"""The chat WebSocket: one socket per browser tab, many channel subscriptions per socket.

Protocol in docs/realtime.md. Every request frame carries an ``id`` and gets exactly one
``ack`` or ``error`` frame with that id. Channels processes one incoming item at a time per
consumer (client frames and layer events alike), so while a ``subscribe`` replays history from
the database, live events for that channel wait in the layer queue. Every new message and every
change to one (edit, delete, "useful") has an event number from the channel's one counter; the
socket remembers the last number it sent per channel, drops live events at or below it, and
fills a jump from the database first. So a client sees every message and every change exactly
once, in event order, and resumes from the last event number it saw.
"""

import asyncio
import contextlib
import logging
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from hub.discussions import events, protocol, selectors, services
from hub.discussions.models import Channel
from hub.discussions.services import ChatError

logger = logging.getLogger(__name__)

REPLAY_BATCH = 500
TYPING_INTERVAL = 2.0  # seconds between typing events one socket may send per channel


# SQLite allows one writer and fails fast when two transactions race to upgrade, so there the
# ORM work stays on Django's single thread-sensitive worker.
_PARALLEL_DB = settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"


def _db(function):
    """Run ORM work off the event loop; on PostgreSQL on any pool thread (not Django's single
    thread-sensitive one), so one socket's query does not queue every other socket's."""
    return database_sync_to_async(function, thread_sensitive=not _PARALLEL_DB)


def _fresh(user):
    # hub.groups caches memberships on the user object; a long-lived socket must re-ask.
    user.__dict__.pop("_group_membership_cache", None)
    return user


@_db
def _visible_channels(user, slugs: list[str]) -> dict[str, Channel]:
    channels = selectors.channels_visible_to(_fresh(user)).filter(slug__in=slugs)
    return {c.slug: c for c in channels}


@_db
def _channel_by_slug(user, slug: str) -> Channel:
    channel = selectors.channel_get_visible(slug=slug, user=_fresh(user))
    if channel is None:
        raise services._not_found()
    return channel


@_db
def _payloads_after(channel_id: int, after: int) -> list[dict]:
    channel = Channel.objects.get(pk=channel_id)
    rows = selectors.messages_changed_after(channel=channel, after=after, limit=REPLAY_BATCH)
    return [selectors.message_payload(m) for m in rows]


@_db
def _call(function, **kwargs):
    if "user" in kwargs:
        _fresh(kwargs["user"])
    return function(**kwargs)


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """Subscriptions, replay, live delivery, posting, typing, presence and read markers."""

    # Channels assigns ``channel_receive`` (the layer read loop) before dispatching. Wrapped so
    # that a Redis outage does not kill the socket: reads retry with back-off, and the refresh
    # loop re-joins groups and catches up from the database once Redis is back.
    @property
    def channel_receive(self):
        return self._channel_receive

    @channel_receive.setter
    def channel_receive(self, receive) -> None:
        async def resilient_receive():
            delay = 0.1
            while True:
                try:
                    return await receive()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    logger.warning("chat: channel layer unavailable; retrying", exc_info=True)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 5.0)

        self._channel_receive = resilient_receive

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            # Accept first: a close before accepting is an HTTP 403 to the browser, which
            # cannot tell it from a network failure; 4401 tells the client to stop retrying.
            await self.accept()
            await self.close(code=protocol.CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        # channel id -> {"slug": str, "last": int}: the last event number this socket has sent.
        # Invariant between handlers: every change numbered up to "last" has been sent, and so
        # has every message whose sequence is up to "last" (or the client already had it).
        self.subs: dict[int, dict] = {}
        self.last_typing: dict[int, float] = {}
        await self.channel_layer.group_add(events.user_group(user.pk), self.channel_name)
        await self.accept()
        self.refresher = asyncio.create_task(self._refresh_loop())
        profile = await _db(lambda: getattr(user, "profile", None))()
        await self.send_json(
            {
                "type": "hello",
                "user": {
                    "id": user.pk,
                    "handle": getattr(profile, "handle", "") or "",
                    "name": getattr(profile, "display_name", "") or "",
                },
                "limits": {
                    "max_message_chars": settings.DISCUSSIONS_MAX_MESSAGE_CHARS,
                    "max_subscriptions": settings.DISCUSSIONS_MAX_SUBSCRIPTIONS,
                    "send_rate": settings.DISCUSSIONS_SEND_RATE,
                },
            }
        )

    async def disconnect(self, code) -> None:
        if not hasattr(self, "user"):
            return
        if getattr(self, "refresher", None):
            self.refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.refresher
        for channel_id in list(getattr(self, "subs", {})):
            try:
                await self._drop(channel_id)
            except Exception:
                logger.info("chat: cleanup of channel %s failed", channel_id, exc_info=True)
        try:
            await self.channel_layer.group_discard(
                events.user_group(self.user.pk), self.channel_name
            )
        except Exception:
            logger.info("chat: could not leave the user group", exc_info=True)

    # --- frames from the client ----------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        try:
            content = protocol.decode(text_data)
            frame_id = protocol.frame_id(content)
        except protocol.FrameTooLarge as error:
            await self._error(None, error.code, error.message)
            await self.close(code=protocol.CLOSE_TOO_LARGE)
            return
        except ChatError as error:
            await self._error(None, error.code, error.message)
            return
        handler = (
            getattr(self, f"do_{content.get('type')}", None)
            if isinstance(content.get("type"), str)
            else None
        )
        if handler is None:
            await self._error(
                frame_id, "unknown_type", f"Unknown frame type {content.get('type')!r}."
            )
            return
        try:
            await handler(frame_id, content)
        except ChatError as error:
            await self._error(frame_id, error.code, error.message)
        except (KeyError, TypeError, ValueError) as error:
            await self._error(frame_id, "bad_frame", f"That frame is not valid: {error}.")
        except Exception:
            logger.exception("chat: frame %r failed", content.get("type"))
            await self._error(frame_id, "server_error", "Something went wrong; try again.")

    async def _error(self, frame_id, code: str, message: str) -> None:
        await self.send_json({"type": "error", "id": frame_id, "code": code, "message": message})

    async def _ack(self, frame_id, **extra) -> None:
        await self.send_json({"type": "ack", "id": frame_id, **extra})

    @staticmethod
    def _slug(content: dict) -> str:
        slug = content.get("channel")
        if not isinstance(slug, str) or not slug:
            raise ValueError('"channel" must be a channel slug')
        return slug

    @staticmethod
    def _seq(content: dict, key: str = "seq") -> int:
        value = content.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f'"{key}" must be a whole number')
        return value

    def _sub_by_slug(self, slug: str) -> tuple[int, dict] | None:
        for channel_id, sub in self.subs.items():
            if sub["slug"] == slug:
                return channel_id, sub
        return None

    async def do_ping(self, frame_id, content) -> None:
        await _call(services.presence_touch, connection=self.channel_name)
        await self._ack(frame_id)

    async def do_subscribe(self, frame_id, content) -> None:
        requested = content.get("channels")
        if not isinstance(requested, list) or not requested:
            raise ValueError('"channels" must be a non-empty list')
        wanted: dict[str, int | None] = {}
        for item in requested:
            if not isinstance(item, dict):
                raise ValueError('each of "channels" must be {"channel": slug, "after": seq}')
            slug = self._slug(item)
            wanted[slug] = None if item.get("after") is None else self._seq(item, "after")
        new = [slug for slug in wanted if self._sub_by_slug(slug) is None]
        limit = settings.DISCUSSIONS_MAX_SUBSCRIPTIONS
        if len(self.subs) + len(new) > limit:
            raise ChatError(
                "too_many_subscriptions", f"One connection can follow at most {limit} channels."
            )
        channels = await _visible_channels(self.user, list(wanted))
        missing = [slug for slug in wanted if slug not in channels]
        if missing:
            # Exactly what a channel that does not exist gets: hidden channels leak nothing.
            raise ChatError("not_found", f"There is no channel called {missing[0]!r}.")
        result = []
        for slug, after in wanted.items():
            channel = channels[slug]
            existing = self.subs.get(channel.pk)
            if after is None:
                after = existing["last"] if existing else channel.last_sequence
            # Join the group first, then replay: anything posted meanwhile waits in our queue.
            await self.channel_layer.group_add(events.channel_group(channel.pk), self.channel_name)
            sub = existing or {"slug": slug, "last": after}
            self.subs[channel.pk] = sub
            if existing is None or after < existing["last"]:
                sub["last"] = after
                await self._catch_up(channel.pk, sub)
            if existing is None:
                first = await _call(
                    services.presence_join,
                    channel_id=channel.pk,
                    user=self.user,
                    connection=self.channel_name,
                )
                if first:
                    await self._broadcast_presence(channel.pk)
            users = await _db(selectors.presence_for)(channel.pk)
            await self.send_json({"type": "presence", "channel": slug, "users": users})
            # "last_seq" is the old name of "last_event", kept for older clients.
            result.append(
                {
                    "channel": slug,
                    "last_event": sub["last"],
                    "last_seq": sub["last"],
                    "topic": channel.topic,
                }
            )
        await self._ack(frame_id, channels=result)

    async def _catch_up(self, channel_id: int, sub: dict) -> None:
        """Send every message created or changed after event ``sub["last"]``, in event order and
        in its current state: ``message`` for one the client has not had, ``update`` otherwise."""
        start, sent = sub["last"], set()
        while True:
            payloads = await _payloads_after(channel_id, sub["last"])
            for payload in payloads:
                # New to this client if created after where it resumed, and not already sent in
                # this catch-up (a message changed again between two batches comes back).
                new = payload["seq"] > start and payload["seq"] not in sent
                sent.add(payload["seq"])
                await self.send_json(
                    {"type": "message" if new else "update", "channel": sub["slug"],
                     "seq": payload["seq"], "event": payload["event"], "message": payload,
                     "replay": True}
                )  # fmt: skip
                sub["last"] = max(sub["last"], payload["event"])
            if len(payloads) < REPLAY_BATCH:
                return

    async def _broadcast_presence(self, channel_id: int) -> None:
        users = await _db(selectors.presence_for)(channel_id)
        await self.channel_layer.group_send(
            events.channel_group(channel_id),
            {"type": "chat.presence", "channel_id": channel_id, "users": users},
        )

    async def _drop(self, channel_id: int) -> None:
        self.subs.pop(channel_id, None)
        await self.channel_layer.group_discard(events.channel_group(channel_id), self.channel_name)
        last = await _call(
            services.presence_leave,
            channel_id=channel_id,
            user=self.user,
            connection=self.channel_name,
        )
        if last:
            await self._broadcast_presence(channel_id)

    async def do_unsubscribe(self, frame_id, content) -> None:
        slugs = content.get("channels")
        if not isinstance(slugs, list):
            raise ValueError('"channels" must be a list of slugs')
        for slug in slugs:
            found = self._sub_by_slug(slug) if isinstance(slug, str) else None
            if found:
                await self._drop(found[0])
        await self._ack(frame_id)

    async def do_send(self, frame_id, content) -> None:
        body = content.get("body")
        if not isinstance(body, str):
            raise ValueError('"body" must be text')
        parent = content.get("parent")
        if parent is not None:
            parent = self._seq(content, "parent")
        # Permission is re-checked on every send, not just at subscribe time.
        channel = await _channel_by_slug(self.user, self._slug(content))
        message = await _call(
            services.message_post,
            channel=channel,
            author=self.user,
            body=body,
            parent_sequence=parent,
        )
        await self._ack(frame_id, seq=message.sequence, channel=channel.slug)

    async def do_edit(self, frame_id, content) -> None:
        body = content.get("body")
        if not isinstance(body, str):
            raise ValueError('"body" must be text')
        channel = await _channel_by_slug(self.user, self._slug(content))
        message = await _call(
            services.message_edit,
            channel=channel,
            sequence=self._seq(content),
            user=self.user,
            body=body,
        )
        await self._ack(frame_id, seq=message.sequence)

    async def do_delete(self, frame_id, content) -> None:
        channel = await _channel_by_slug(self.user, self._slug(content))
        message = await _call(
            services.message_delete, channel=channel, sequence=self._seq(content), user=self.user
        )
        await self._ack(frame_id, seq=message.sequence)

    async def do_useful(self, frame_id, content) -> None:
        channel = await _channel_by_slug(self.user, self._slug(content))
        marked = await _call(
            services.reaction_toggle, channel=channel, sequence=self._seq(content), user=self.user
        )
        await self._ack(frame_id, marked=marked)

    async def do_read(self, frame_id, content) -> None:
        channel = await _channel_by_slug(self.user, self._slug(content))
        read = await _call(
            services.read_mark, channel=channel, user=self.user, sequence=self._seq(content)
        )
        await self._ack(frame_id, seq=read)

    async def do_typing(self, frame_id, content) -> None:
        slug = self._slug(content)
        found = self._sub_by_slug(slug)
        if found is None:
            raise ChatError("not_subscribed", f"Subscribe to {slug!r} before typing in it.")
        channel_id, _ = found
        now = time.monotonic()
        # Typing is a hint, not data: extra events inside the interval are acknowledged and dropped.
        if now - self.last_typing.get(channel_id, 0) >= TYPING_INTERVAL:
            self.last_typing[channel_id] = now
            profile = await _db(lambda: getattr(self.user, "profile", None))()
            await self.channel_layer.group_send(
                events.channel_group(channel_id),
                {
                    "type": "chat.typing",
                    "channel_id": channel_id,
                    "origin": self.channel_name,
                    "user": {
                        "id": self.user.pk,
                        "handle": getattr(profile, "handle", "") or "",
                        "name": str(self.user),
                    },
                },
            )
        await self._ack(frame_id)

    async def do_presence(self, frame_id, content) -> None:
        slug = self._slug(content)
        found = self._sub_by_slug(slug)
        if found is None:
            raise ChatError("not_subscribed", f"Subscribe to {slug!r} first.")
        users = await _db(selectors.presence_for)(found[0])
        await self._ack(frame_id, channel=slug, users=users)

    # --- keeping a long-lived socket honest ------------------------------------------------

    async def _refresh_loop(self) -> None:
        """Every few seconds, ask our own dispatch loop to run ``chat_refresh``.

        Going through the layer (not calling it directly) keeps every send on the one dispatch
        path, so a refresh can never interleave with the delivery of a live message.
        """
        while True:
            await asyncio.sleep(settings.DISCUSSIONS_REFRESH_SECONDS)
            try:
                await self.channel_layer.send(self.channel_name, {"type": "chat.refresh"})
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.info("chat: refresh could not reach the layer", exc_info=True)

    async def chat_refresh(self, event: dict) -> None:
        """Re-join groups (a restarted Redis forgets them; they also expire) and catch up on
        anything stored while live delivery was down."""
        try:
            await self.channel_layer.group_add(events.user_group(self.user.pk), self.channel_name)
            for channel_id in list(self.subs):
                await self.channel_layer.group_add(
                    events.channel_group(channel_id), self.channel_name
                )
        except Exception:
            logger.info("chat: could not re-join groups", exc_info=True)
        if not self.subs:
            return
        self.refreshes = getattr(self, "refreshes", 0) + 1
        if self.refreshes % 4 == 0:  # presence rows live 3 minutes; a write a minute is plenty
            await _call(services.presence_touch, connection=self.channel_name)
        latest = await _db(
            lambda: dict(
                Channel.objects.filter(pk__in=list(self.subs)).values_list("pk", "last_sequence")
            )
        )()
        for channel_id, last_sequence in latest.items():
            sub = self.subs.get(channel_id)
            if sub is not None and last_sequence > sub["last"]:
                await self._catch_up(channel_id, sub)

    # --- events from the channel layer ---------------------------------------------------

    async def chat_message(self, event: dict) -> None:
        """A new message (or, read late, a new message already changed)."""
        await self._deliver(event)

    async def chat_update(self, event: dict) -> None:
        """A message was edited, deleted or marked useful."""
        await self._deliver(event)

    async def _deliver(self, event: dict) -> None:
        payload = event["message"]
        channel_id = payload["channel_id"]
        sub = self.subs.get(channel_id)
        # Events from before event numbers existed carry only the sequence.
        number = event.get("event", event["seq"])
        if sub is None or number <= sub["last"]:
            return  # not subscribed any more, or already sent (replay, catch-up, a later read)
        if number > sub["last"] + 1:
            # A gap: an event lost (layer restart) or overtaken, or a number superseded by a
            # later change of the same message. The broadcast runs after commit, so the
            # database already holds this change too: the catch-up sends it, in order.
            await self._catch_up(channel_id, sub)
            return
        # The next event: a creation if its sequence is new here, otherwise a change.
        new = payload["seq"] > sub["last"]
        await self.send_json(
            {"type": "message" if new else "update", "channel": sub["slug"],
             "seq": payload["seq"], "event": number, "message": payload}
        )  # fmt: skip
        sub["last"] = number

    async def chat_typing(self, event: dict) -> None:
        sub = self.subs.get(event["channel_id"])
        if sub is None or event["origin"] == self.channel_name:
            return
        await self.send_json({"type": "typing", "channel": sub["slug"], "user": event["user"]})

    async def chat_presence(self, event: dict) -> None:
        sub = self.subs.get(event["channel_id"])
        if sub is not None:
            await self.send_json(
                {"type": "presence", "channel": sub["slug"], "users": event["users"]}
            )

    async def chat_read(self, event: dict) -> None:
        sub = self.subs.get(event["channel_id"])
        if sub is not None:
            await self.send_json({"type": "read", "channel": sub["slug"], "seq": event["seq"]})

    async def chat_membership(self, event: dict) -> None:
        """Someone changed this member's access: drop subscriptions they may no longer see."""
        if not self.subs:
            return
        visible = await _db(selectors.channel_ids_visible_to)(_fresh(self.user), list(self.subs))
        for channel_id in [cid for cid in self.subs if cid not in visible]:
            slug = self.subs[channel_id]["slug"]
            await self._drop(channel_id)
            await self.send_json(
                {"type": "removed", "channel": slug,
                 "message": "You no longer have access to this channel."}
            )  # fmt: skip
