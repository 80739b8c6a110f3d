"""The chat WebSocket: one socket per browser tab, many channel subscriptions per socket.

Protocol in docs/realtime.md. This module only translates: frames in (``protocol.decode``), a
service or selector call, frames out. Live delivery, replay and the exactly-once bookkeeping
live in ``session.Session``; the one subscription per channel per process in
``fanout``; presence in ``presence``. The consumer does not use a Channels layer at all (live
events reach it through the fan-out), so Channels' own receive loop only ever waits on the
client.
"""

import contextlib
import logging
import uuid

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from hub.discussions import fanout, protocol, selectors, services
from hub.discussions.models import Channel
from hub.discussions.offloop import db as _db
from hub.discussions.presence import get_presence
from hub.discussions.services import ChatError
from hub.discussions.session import REPLAY_BATCH, Session
from hub.discussions.upkeep import get_upkeep

logger = logging.getLogger(__name__)

TYPING_INTERVAL = 2.0  # seconds between typing events one member may send per channel


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
def _unread_counts(user, slugs: list[str]) -> dict[str, int]:
    channels = selectors.channels_visible_to(_fresh(user)).filter(slug__in=slugs)
    return dict(selectors.with_unread_counts(channels, user).values_list("slug", "unread"))


def _socket_language(scope, user) -> str:
    """The interface language of this socket's page: the member's setting, else the language
    cookie, else the default (as ``hub.core.i18n`` decides for pages; decision 0180)."""
    from hub.core.i18n import supported

    cookie = scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME)
    return supported(getattr(user, "language", "")) or supported(cookie) or settings.LANGUAGE_CODE


@_db
def _me(user) -> dict:
    return selectors.people([user.pk])[0] if user.pk else {"id": None, "handle": "", "name": ""}


@_db
def _post(user, slug: str, body: str, parent: int | None):
    """Permission re-checked on every send, then the post: one trip to a database thread (the
    send's latency is the write path's)."""
    channel = selectors.channel_get_visible(slug=slug, user=_fresh(user))
    if channel is None:
        raise services._not_found()
    return services.message_post(channel=channel, author=user, body=body, parent_sequence=parent)


@_db
def _call(function, **kwargs):
    if "user" in kwargs:
        _fresh(kwargs["user"])
    return function(**kwargs)


class ChatConsumer(AsyncWebsocketConsumer):
    """Subscriptions, posting, typing, presence and read markers for one socket."""

    channel_layer_alias = None  # live events come through hub.discussions.fanout

    async def connect(self) -> None:
        user = self.scope.get("user")
        # Accept first: a close before accepting is an HTTP 403 to the browser, which cannot
        # tell it from a network failure; 4401 tells the client to stop retrying.
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.close(code=protocol.CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        self.connection = uuid.uuid4().hex
        self.me = await _me(user)
        self.session = Session(
            language=_socket_language(self.scope, user),
            send=self._send_text,
            load_after=_payloads_after,
            queue_limit=settings.DISCUSSIONS_SOCKET_QUEUE,
            send_timeout=settings.DISCUSSIONS_SEND_TIMEOUT,
            on_stuck=self._stuck,
            on_user_event=self._user_event,
            origin=self.connection,
        )
        self.session.start()
        await self.session.hub.join(fanout.user_topic(user.pk), self.session)
        await self._send_text(
            protocol.encode(
                {
                    "type": "hello",
                    "user": self.me,
                    "limits": {
                        "max_message_chars": settings.DISCUSSIONS_MAX_MESSAGE_CHARS,
                        "max_subscriptions": settings.DISCUSSIONS_MAX_SUBSCRIPTIONS,
                        "send_rate": settings.DISCUSSIONS_SEND_RATE,
                    },
                }
            )
        )

    async def disconnect(self, code) -> None:
        if not hasattr(self, "session"):
            return
        await self.session.stop()
        for channel_id in list(self.session.subs):
            with contextlib.suppress(Exception):
                await self._drop(channel_id)
        with contextlib.suppress(Exception):
            await self.session.hub.leave(fanout.user_topic(self.user.pk), self.session)

    async def _send_text(self, text: str) -> None:
        # Once the client has gone, uvicorn's send raises (an OSError, as the ASGI spec says;
        # daphne drops the frame): the disconnect event that follows ends the session.
        with contextlib.suppress(OSError):
            await self.send(text_data=text)

    async def _stuck(self) -> None:
        logger.info("chat: closing a socket that stopped reading")
        with contextlib.suppress(OSError):
            await self.close(code=protocol.CLOSE_TOO_SLOW)

    # --- frames from the client ----------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None) -> None:
        # Error messages in frames are for the person: in the language of the page that opened
        # the socket (decision 0185). The context variable carries it into the database threads.
        with translation.override(self.session.language or settings.LANGUAGE_CODE):
            await self._receive(text_data)

    async def _receive(self, text_data) -> None:
        try:
            content = protocol.decode(text_data)
            frame_id = protocol.frame_id(content)
        except protocol.FrameTooLarge as error:
            await self._send_text(protocol.error(None, error.code, error.message))
            await self.close(code=protocol.CLOSE_TOO_LARGE)
            return
        except ChatError as error:
            await self._send_text(protocol.error(None, error.code, error.message))
            return
        kind = content.get("type")
        handler = getattr(self, f"do_{kind}", None) if isinstance(kind, str) else None
        if handler is None:
            await self._send_text(
                protocol.error(
                    frame_id,
                    "unknown_type",
                    gettext("Unknown frame type %(kind)s.") % {"kind": repr(kind)},
                )
            )
            return
        try:
            await handler(frame_id, content)
        except ChatError as error:
            await self._send_text(protocol.error(frame_id, error.code, error.message))
        except Exception:
            logger.exception("chat: frame %r failed", kind)
            await self._send_text(
                protocol.error(
                    frame_id, "server_error", gettext("Something went wrong; try again.")
                )
            )

    async def _ack(self, frame_id, **extra) -> None:
        await self._send_text(protocol.ack(frame_id, **extra))

    def _sub_by_slug(self, slug: str) -> int | None:
        for channel_id, sub in self.session.subs.items():
            if sub.slug == slug:
                return channel_id
        return None

    def _subscribed(self, content: dict) -> tuple[int, str]:
        slug = protocol.slug(content)
        channel_id = self._sub_by_slug(slug)
        if channel_id is None:
            raise ChatError(
                "not_subscribed", gettext("Subscribe to '%(slug)s' first.") % {"slug": slug}
            )
        return channel_id, slug

    async def do_ping(self, frame_id, content) -> None:
        await get_presence().touch(list(self.session.subs), self.user.pk, self.connection)
        await self._ack(frame_id)

    async def do_subscribe(self, frame_id, content) -> None:
        wanted = protocol.subscriptions(content)
        new = [slug for slug in wanted if self._sub_by_slug(slug) is None]
        limit = settings.DISCUSSIONS_MAX_SUBSCRIPTIONS
        if len(self.session.subs) + len(new) > limit:
            raise ChatError(
                "too_many_subscriptions",
                gettext("One connection can follow at most %(limit)s channels.") % {"limit": limit},
            )
        channels = await _visible_channels(self.user, list(wanted))
        missing = [slug for slug in wanted if slug not in channels]
        if missing:
            # Exactly what a channel that does not exist gets: hidden channels leak nothing.
            raise ChatError(
                "not_found",
                gettext("There is no channel called '%(missing)s'.") % {"missing": missing[0]},
            )
        presence, result = get_presence(), []
        async with self.session.lock:  # replay frames, then the ack: nothing live in between
            for slug, after in wanted.items():
                channel = channels[slug]
                existing = self.session.subs.get(channel.pk)
                if after is None:
                    after = existing.last if existing else channel.last_sequence
                last = await self.session.follow(channel.pk, slug, after)
                if existing is None:
                    await presence.join(channel.pk, slug, self.user.pk, self.connection)
                count, users = await presence.snapshot(channel.pk)
                await self._send_text(protocol.presence(slug=slug, count=count, users=users))
                # "last_seq" is the old name of "last_event", kept for older clients.
                result.append(
                    {"channel": slug, "last_event": last, "last_seq": last, "topic": channel.topic}
                )
            await self._ack(frame_id, channels=result)
        get_upkeep().start()  # presence renewal and catching up, for every socket at once

    async def _drop(self, channel_id: int) -> str | None:
        sub = await self.session.unfollow(channel_id)
        await get_presence().leave(channel_id, self.user.pk, self.connection)
        return sub.slug if sub else None

    async def do_unsubscribe(self, frame_id, content) -> None:
        slugs = content.get("channels")
        if not isinstance(slugs, list):
            raise ChatError(
                "bad_frame", gettext('That frame is not valid: "channels" must be a list.')
            )
        async with self.session.lock:
            for slug in slugs:
                channel_id = self._sub_by_slug(slug) if isinstance(slug, str) else None
                if channel_id is not None:
                    await self._drop(channel_id)
        await self._ack(frame_id)

    async def do_send(self, frame_id, content) -> None:
        body = protocol.text(content)
        parent = None if content.get("parent") is None else protocol.number(content, "parent")
        slug = protocol.slug(content)
        # Under the session lock, so the ack reaches this socket before its own message does.
        async with self.session.lock:
            message = await _post(self.user, slug, body, parent)
            await self._ack(frame_id, seq=message.sequence, channel=slug)

    async def do_edit(self, frame_id, content) -> None:
        body = protocol.text(content)
        channel = await _channel_by_slug(self.user, protocol.slug(content))
        message = await _call(
            services.message_edit,
            channel=channel,
            sequence=protocol.number(content),
            user=self.user,
            body=body,
        )
        await self._ack(frame_id, seq=message.sequence)

    async def do_delete(self, frame_id, content) -> None:
        channel = await _channel_by_slug(self.user, protocol.slug(content))
        message = await _call(
            services.message_delete,
            channel=channel,
            sequence=protocol.number(content),
            user=self.user,
        )
        await self._ack(frame_id, seq=message.sequence)

    async def do_useful(self, frame_id, content) -> None:
        channel = await _channel_by_slug(self.user, protocol.slug(content))
        marked = await _call(
            services.reaction_toggle,
            channel=channel,
            sequence=protocol.number(content),
            user=self.user,
        )
        await self._ack(frame_id, marked=marked)

    async def do_read(self, frame_id, content) -> None:
        channel = await _channel_by_slug(self.user, protocol.slug(content))
        read = await _call(
            services.read_mark, channel=channel, user=self.user, sequence=protocol.number(content)
        )
        await self._ack(frame_id, seq=read)

    async def do_typing(self, frame_id, content) -> None:
        slug = protocol.slug(content)
        channel_id = self._sub_by_slug(slug)
        if channel_id is None:
            raise ChatError(
                "not_subscribed",
                gettext("Subscribe to '%(slug)s' before typing in it.") % {"slug": slug},
            )
        hub = self.session.hub
        # A hint, not data: at most one per member per channel per interval, across all their
        # sockets and every process; extra ones are acknowledged and dropped.
        if await hub.throttle(f"typing.{channel_id}.{self.user.pk}", TYPING_INTERVAL):
            header = {"k": "typing", "channel_id": channel_id, "origin": self.connection}
            frame = protocol.typing(slug=slug, user=self.me)
            with contextlib.suppress(Exception):
                await hub.apublish(fanout.channel_topic(channel_id), fanout.pack(header, frame))
        await self._ack(frame_id)

    async def do_unread(self, frame_id, content) -> None:
        """Unread counts now (the page asks when a message it may have counted is deleted)."""
        slugs = content.get("channels")
        limit = settings.DISCUSSIONS_MAX_SUBSCRIPTIONS
        if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
            raise ChatError(
                "bad_frame", gettext('That frame is not valid: "channels" must be a list.')
            )
        if len(slugs) > limit:
            raise ChatError(
                "too_many_subscriptions",
                gettext("Ask for at most %(limit)s channels.") % {"limit": limit},
            )
        # Channels the member may not see are simply left out, as if they did not exist.
        await self._ack(frame_id, unread=await _unread_counts(self.user, slugs))

    async def do_presence(self, frame_id, content) -> None:
        channel_id, slug = self._subscribed(content)
        count, users = await get_presence().snapshot(channel_id)
        await self._ack(frame_id, channel=slug, count=count, users=users)

    async def _user_event(self, header: dict) -> None:
        """Someone changed this member's access: drop subscriptions they may no longer see."""
        subs = self.session.subs
        if header.get("k") != "membership" or not subs:
            return
        visible = await _db(selectors.channel_ids_visible_to)(_fresh(self.user), list(subs))
        for channel_id in [cid for cid in subs if cid not in visible]:
            slug = await self._drop(channel_id)
            with translation.override(self.session.language or settings.LANGUAGE_CODE):
                await self._send_text(protocol.removed(slug=slug))
