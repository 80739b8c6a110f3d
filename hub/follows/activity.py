"""New activity from what a member follows, for the home page and the weekly digest.

Fed by events, not by reading each app's models: every kind with ``activity`` (new posts,
project updates and phases, artefacts, standard versions) records at delivery which follows it
is news for (``EventTopic``: "project:4", "council:9", "service:5", "tag:bins", "person:12",
"standard:7", "group:3"). Here the member's follows become topics, the newest matching events
are read in one query, and each is re-read through its kind (``load``, ``can_see``) so only
what the member may see *now* is shown: a post hidden since, a group that became members-only,
an author who left all drop out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hub.follows.selectors import follows_of
from hub.notifications.kinds import registry
from hub.notifications.selectors import events_about


@dataclass
class ActivityItem:
    when: datetime
    kind: str  # the event kind, e.g. "sharing.project_update_posted"
    text: str
    url: str


def follow_topics(user) -> list[str]:
    return sorted(
        f"{target_type}:{target_id}"
        for target_type, ids in follows_of(user=user).items()
        for target_id in ids
    )


def activity_for(*, user, since: datetime | None = None, limit: int = 20) -> list[ActivityItem]:
    """The newest items (at most ``limit``) from everything the user follows, newest first."""
    topics = follow_topics(user)
    if not topics:
        return []
    kinds = {name: kind for name, kind in registry().items() if kind.activity is not None}
    items: list[ActivityItem] = []
    # A few more than asked for: some may have become invisible since.
    for event in events_about(
        topics, kinds=list(kinds), since=since, exclude_actor=user, limit=limit * 2
    ):
        kind = kinds[event.kind]
        context = kind.load(event.data)
        if context is None:
            continue
        context.setdefault("actor", event.actor)
        if user.pk not in kind.can_see(context, {user.pk}):
            continue
        items.append(
            ActivityItem(event.created_at, event.kind, kind.activity(context), kind.url(context))
        )
        if len(items) == limit:
            break
    return items
