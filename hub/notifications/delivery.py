"""Deliver an event: recipients computed once, then in-app rows, emails queued, webhooks queued.

Idempotent: the event row is locked and stamped ``delivered_at`` in the same transaction that
writes the notifications, so a retry or the sweep never delivers twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from hub.core import i18n
from hub.jobs.queue import enqueue_on_commit
from hub.notifications.kinds import EventKind, get_kind
from hub.notifications.models import Event, EventTopic, Notification

logger = logging.getLogger(__name__)


_consumers: list | None = None


def event_consumers() -> list:
    """Other apps' consumers of every event (e.g. webhooks), from ``<app>/event_consumers.py``
    (``CONSUMERS = [fn]``, called as ``fn(kind, event, context)`` inside the delivery
    transaction), so this app never imports them."""
    global _consumers
    if _consumers is None:
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        _consumers = []
        for config in apps.get_app_configs():
            dotted = f"{config.name}.event_consumers"
            if find_spec(dotted) is not None:
                _consumers.extend(import_module(dotted).CONSUMERS)
    return _consumers


def audience(kind: EventKind, context: dict, actor_id: int | None) -> list[int]:
    """Who receives this event now: the kind's recipients, less the actor and closed accounts,
    less anyone who can no longer see the object."""
    candidates = {int(pk) for pk in kind.recipients(context) if pk}
    candidates.discard(actor_id)
    if not candidates:
        return []
    active = set(
        User.objects.filter(pk__in=candidates, is_active=True).values_list("pk", flat=True)
    )
    return sorted(kind.can_see(context, active) & active)


def _texts_by_language(kind: EventKind, context: dict, recipients: list[int]) -> dict[int, str]:
    """Each recipient's line in their own language: one rendering per language, not per person."""
    languages = dict(User.objects.filter(pk__in=recipients).values_list("pk", "language"))
    rendered: dict[str, str] = {}
    texts = {}
    for pk in recipients:
        language = i18n.supported(languages.get(pk)) or settings.LANGUAGE_CODE
        if language not in rendered:
            with translation.override(language):
                rendered[language] = str(kind.text(context))[:300]
        texts[pk] = rendered[language]
    return texts


def event_deliver(event_id: int) -> int:
    """Deliver one event; returns the number of recipients (0 if already delivered or gone)."""
    from hub.notifications import email_queue
    from hub.notifications.tasks import notifications_forget_unread

    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.delivered_at is not None:
            return 0
        kind = get_kind(event.kind)
        context = kind.load(event.data)
        recipients: list[int] = []
        notifications: list[Notification] = []
        if context is not None:
            context.setdefault("actor", event.actor)
            recipients = audience(kind, context, event.actor_id)
            url = kind.url(context)[:500]
            texts = _texts_by_language(kind, context, recipients)
            emails = email_queue.email_frequency_for(kind, recipients) if recipients else {}
            # One row per recipient: the notification carries its own email's state.
            notifications = Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=pk,
                        actor_id=event.actor_id,
                        event=event,
                        kind=kind.name,
                        text=texts[pk],
                        url=url,
                        email_frequency=emails[pk],
                    )
                    for pk in recipients
                ]
            )
            email_queue.schedule_instant(notifications)
            # The header's unread count and the members' stored pages that show it: dropped by
            # a job once the rows are visible (until then the cached count is still right).
            if recipients:
                enqueue_on_commit(notifications_forget_unread, recipients)
            for consume in event_consumers():
                consume(kind, event, context)
            if kind.activity is not None:
                topics_write(kind, event, context)
        event.delivered_at = timezone.now()
        event.recipient_count = len(recipients)
        event.save(update_fields=["delivered_at", "recipient_count"])
    return len(recipients)


def topics_write(kind: EventKind, event: Event, context: dict) -> None:
    """Record what the event is news for, for followers' activity and digest."""
    topics = {str(topic)[:120] for topic in kind.topics(context) if topic}
    if event.actor_id:
        topics.add(f"person:{event.actor_id}")
    EventTopic.objects.bulk_create(
        [EventTopic(event=event, topic=topic) for topic in sorted(topics)], ignore_conflicts=True
    )


def events_deliver_stale(*, older_than_seconds: int = 60) -> int:
    """Deliver events whose job never ran (lost between commit and enqueue)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(
        Event.objects.filter(delivered_at__isnull=True, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        event_deliver(pk)
    return len(ids)
