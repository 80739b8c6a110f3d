"""Who receives which live event: the after-commit side of the discussions services.

Services queue these with ``transaction.on_commit`` carrying primary keys (a new message: the
row itself); the callback re-reads a changed row once, renders it once, encodes the frame once
and publishes it once on the channel's topic (``hub.discussions.fanout``). Each process serving
the topic offers that same text to its sockets. A failed publish (Redis restarting) is logged
and dropped: the message is already in the database, and sockets catch up by event number.

Typing and presence go through the same topics (``hub.discussions.consumers`` and
``hub.discussions.presence``). This module is the chat's own event path, separate from the
project's notification pipeline (mentions are notified by the services, not from here).
"""

from hub.discussions import fanout, protocol


def change_event(payload: dict) -> str:
    """The published form of one stored change: header plus the frame every socket sends.

    A socket only sends a live change that is the very next event it has not sent, so whether
    it is a ``message`` or an ``update`` is the same for every socket: a ``message`` when the
    change is the message's creation (``seq == event``), an ``update`` otherwise. With several
    interface languages there is one frame per language, each carrying only its own card; each
    socket sends the one in its language (``Session.language``).
    """
    seq, event = payload["seq"], payload["event"]
    header = {"k": "change", "channel_id": payload["channel_id"], "seq": seq, "event": event}
    cards = payload.get("cards") or {}
    frames = {
        language: protocol.change(
            slug=payload["channel"],
            payload={**payload, "cards": {language: card}},
            event=event,
            new=seq == event,
        )
        for language, card in cards.items()
    } or {
        "": protocol.change(slug=payload["channel"], payload=payload, event=event, new=seq == event)
    }
    if len(frames) > 1:
        header["langs"] = list(frames)
    return fanout.pack(header, *frames.values())


def broadcast_message(message_id: int, *, event_type: str = "") -> None:
    """After commit: read the message once and publish it to the channel's sockets.

    The row is read as it is now: a later change may already be in it, whose own broadcast
    then carries the same event number and is dropped by every socket as a duplicate.
    ``event_type`` is kept for callers queued before the fan-out moved here; it does not matter.
    """
    from hub.discussions.selectors import message_by_pk, message_payload

    message = message_by_pk(message_id)
    if message is None:
        return
    payload = message_payload(message)
    fanout.publish(fanout.channel_topic(message.channel_id), change_event(payload))


def broadcast_new_message(message) -> None:
    """After commit: publish a message just posted, from the row in memory (``message_post``).

    A new message's frame needs nothing the service does not already hold, so the broadcast
    skips ``broadcast_message``'s read-back (with its useful and reply counts, the slowest
    query of a post): the first frame leaves sooner. A change made meanwhile has its own
    broadcast, with a later event number.
    """
    from hub.discussions.selectors import message_just_posted, message_payload

    payload = message_payload(message_just_posted(message))
    fanout.publish(fanout.channel_topic(message.channel_id), change_event(payload))


def broadcast_read(*, user_id: int, channel_id: int, seq: int) -> None:
    """A member moved a read marker: their other sockets clear that channel's badge."""
    header = {"k": "read", "channel_id": channel_id, "seq": seq}
    fanout.publish(fanout.user_topic(user_id), fanout.pack(header))


def broadcast_membership_changed(user_id: int) -> None:
    """Tell a member's open sockets to re-check every subscription they hold."""
    fanout.publish(fanout.user_topic(user_id), fanout.pack({"k": "membership"}))
