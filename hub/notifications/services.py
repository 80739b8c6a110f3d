"""Writes for notifications. Features call ``notification_send``; nobody else creates rows."""

from collections.abc import Iterable

from django.utils import timezone

from accounts.models import User
from hub.notifications.models import Notification


def notification_send(
    *,
    recipients: Iterable[User],
    kind: str,
    text: str,
    url: str = "",
    actor: User | None = None,
) -> list[Notification]:
    """Notify each recipient once; the actor is never notified about their own action."""
    seen: set[int] = set()
    rows = []
    for recipient in recipients:
        if recipient is None or recipient.pk in seen:
            continue
        if actor is not None and recipient.pk == actor.pk:
            continue
        seen.add(recipient.pk)
        rows.append(
            Notification(recipient=recipient, actor=actor, kind=kind, text=text[:300], url=url)
        )
    return Notification.objects.bulk_create(rows)


def notifications_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the member's notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
