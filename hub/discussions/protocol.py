"""The chat wire format (docs/realtime.md): parsing client frames and building server frames.

No Channels, no database: the consumer calls these, and so do the tests. Parsing enforces two
explicit limits before anything else looks at a frame: its size (``max_frame_chars``) and its
nesting depth (``MAX_DEPTH``; the deepest real frame, ``subscribe``, nests three levels). A
frame over the size limit is answered with ``too_long`` and the socket is closed with 1009
("message too big"), because a client that sends one is broken or hostile; every other bad
frame gets ``bad_frame`` and the socket stays open.
"""

import json

from django.conf import settings
from django.utils.translation import gettext

from hub.discussions.services import ChatError

MAX_DEPTH = 8
CLOSE_TOO_LARGE = 1009  # RFC 6455: a message too big to process
CLOSE_UNAUTHENTICATED = 4401  # mirrors HTTP 401; the browser client stops reconnecting
CLOSE_TOO_SLOW = 4408  # mirrors HTTP 408: the socket stopped reading; resume by event number

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class FrameTooLarge(ChatError):
    """A frame over ``max_frame_chars``: answered once, then the socket is closed."""

    def __init__(self) -> None:
        super().__init__("too_long", gettext("That frame is too large; the connection will close."))


def max_frame_chars() -> int:
    # A generous bound: the longest body (JSON escaping can quadruple it) plus the envelope.
    return settings.DISCUSSIONS_MAX_MESSAGE_CHARS * 4 + 4096


def _depth(value) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def decode(text: str | None) -> dict:
    """A client frame as a dict with a valid ``id`` and ``type``; raises ``ChatError``."""
    if text is None:
        raise ChatError("bad_frame", gettext("Send JSON text frames, not binary."))
    if len(text) > max_frame_chars():
        raise FrameTooLarge()
    try:
        content = json.loads(text)
    except RecursionError:
        raise ChatError(
            "bad_frame",
            gettext("Frames may nest at most %(MAX_DEPTH)s levels.") % {"MAX_DEPTH": MAX_DEPTH},
        ) from None
    except ValueError:
        raise ChatError("bad_frame", gettext("Frames must be JSON objects.")) from None
    if not isinstance(content, dict):
        raise ChatError("bad_frame", gettext("Frames must be JSON objects."))
    if _depth(content) > MAX_DEPTH:
        raise ChatError(
            "bad_frame",
            gettext("Frames may nest at most %(MAX_DEPTH)s levels.") % {"MAX_DEPTH": MAX_DEPTH},
        )
    return content


def frame_id(content: dict):
    value = content.get("id")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ChatError("bad_frame", gettext('Every request frame needs an "id".'))
    return value


def slug(content: dict) -> str:
    value = content.get("channel")
    if not isinstance(value, str) or not value:
        raise ChatError(
            "bad_frame", gettext('That frame is not valid: "channel" must be a channel slug.')
        )
    return value


def number(content: dict, key: str = "seq") -> int:
    value = content.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ChatError(
            "bad_frame",
            gettext('That frame is not valid: "%(key)s" must be a whole number.') % {"key": key},
        )
    return value


def text(content: dict, key: str = "body") -> str:
    value = content.get(key)
    if not isinstance(value, str):
        raise ChatError(
            "bad_frame", gettext('That frame is not valid: "%(key)s" must be text.') % {"key": key}
        )
    return value


def subscriptions(content: dict) -> dict[str, int | None]:
    """``subscribe``'s channels as {slug: after}; ``after`` None means "from now"."""
    requested = content.get("channels")
    if not isinstance(requested, list) or not requested:
        raise ChatError("bad_frame", gettext('That frame is not valid: "channels" must be a list.'))
    wanted: dict[str, int | None] = {}
    for item in requested:
        if not isinstance(item, dict):
            raise ChatError(
                "bad_frame",
                gettext('Each of "channels" must be {"channel": slug, "after": event}.'),
            )
        wanted[slug(item)] = None if item.get("after") is None else number(item, "after")
    return wanted


# --- server frames: built as dicts, encoded once -------------------------------------------


def encode(frame: dict) -> str:
    return _encode(frame)


def error(frame_id, code: str, message: str) -> str:
    return encode({"type": "error", "id": frame_id, "code": code, "message": message})


def ack(frame_id, **extra) -> str:
    return encode({"type": "ack", "id": frame_id, **extra})


def change(*, slug: str, payload: dict, event: int, new: bool, replay: bool = False) -> str:
    """A ``message`` (new to the client) or ``update`` frame for one stored change."""
    frame = {
        "type": "message" if new else "update",
        "channel": slug,
        "seq": payload["seq"],
        "event": event,
        "message": payload,
    }
    if replay:
        frame["replay"] = True
    return encode(frame)


def presence(*, slug: str, count: int, users: list[dict]) -> str:
    return encode({"type": "presence", "channel": slug, "count": count, "users": users})


def typing(*, slug: str, user: dict) -> str:
    return encode({"type": "typing", "channel": slug, "user": user})


def read(*, slug: str, seq: int) -> str:
    return encode({"type": "read", "channel": slug, "seq": seq})


def removed(*, slug: str) -> str:
    return encode(
        {
            "type": "removed",
            "channel": slug,
            "message": gettext("You no longer have access to this channel."),
        }
    )
