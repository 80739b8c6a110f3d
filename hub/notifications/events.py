"""``emit``: the one way a write service says "something happened".

The event row is written in the caller's transaction (an outbox: it commits or rolls back with
the change), and a job delivers it after commit, so the request never waits for fan-out. If
the job is lost (a crash between commit and enqueue), the periodic sweep delivers it.
"""

from django.db import transaction

from hub.notifications.kinds import get_kind
from hub.notifications.models import Event


def emit(kind: str, *, actor=None, actor_id: int | None = None, **pks: int) -> Event:
    """Record that ``kind`` happened to the objects whose primary keys are given, e.g.
    ``emit("blog.comment_posted", actor=author, comment=comment.pk)`` (``actor_id`` when only
    the key is at hand)."""
    get_kind(kind)  # fail at the call site on a typo, not later in a worker
    for name, value in pks.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"emit({kind!r}): {name} must be a primary key (int), not {value!r}")
    if actor is not None:
        actor_id = actor.pk
    event = Event.objects.create(kind=kind, actor_id=actor_id, data=pks)
    transaction.on_commit(lambda: _enqueue(event.pk))
    return event


def _enqueue(event_id: int) -> None:
    from hub.notifications.tasks import notifications_deliver_event

    notifications_deliver_event(event_id)
