"""Reads for events and notifications."""

from __future__ import annotations

from datetime import datetime

from hub.notifications.models import Event


def events_about(
    topics: list[str],
    *,
    kinds: list[str],
    since: datetime | None = None,
    exclude_actor=None,
    limit: int = 40,
) -> list[Event]:
    """The newest delivered events recorded as news for any of ``topics``, newest first."""
    events = Event.objects.filter(
        topics__topic__in=topics, kind__in=kinds, delivered_at__isnull=False
    )
    if since is not None:
        events = events.filter(created_at__gte=since)
    if exclude_actor is not None:
        events = events.exclude(actor=exclude_actor)
    return list(events.select_related("actor").distinct().order_by("-created_at", "-id")[:limit])
