"""Writes for notifications.

Features do not create notifications: they call ``hub.notifications.events.emit`` and the
pipeline (``delivery.py``) writes the rows.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from hub.core.pagecache import member_pages_changed
from hub.notifications.context_processors import unread_cache_key
from hub.notifications.models import Notification


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    """Drop the header's cached unread counts and the members' stored pages that show them."""
    user_ids = list(user_ids)
    keys = [unread_cache_key(pk) for pk in user_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
        member_pages_changed(user_ids)


def notifications_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the member's notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    forget_unread_counts([user.pk])
    return changed


def email_preference_set(*, user: User, kind: str, frequency: str) -> None:
    """Choose how the member hears of one kind by email (off, instant, daily, weekly)."""
    from hub.notifications.kinds import get_kind
    from hub.notifications.models import EmailFrequency, EmailPreference

    get_kind(kind)
    if frequency not in EmailFrequency.values:
        raise ValueError(f"unknown email frequency {frequency!r}")
    EmailPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"frequency": frequency}
    )


def email_unsubscribe(*, user_id: int, kinds: list[str]) -> int:
    """Turn email off for these kinds (one-click unsubscribe); unknown kinds are ignored."""
    from hub.notifications.kinds import registry
    from hub.notifications.models import EmailFrequency, EmailPreference

    known = [kind for kind in kinds if kind in registry()]
    for kind in known:
        EmailPreference.objects.update_or_create(
            user_id=user_id, kind=kind, defaults={"frequency": EmailFrequency.OFF}
        )
    Notification.objects.filter(
        recipient_id=user_id, kind__in=known, emailed_at__isnull=True
    ).exclude(email_frequency="").update(email_frequency="")
    return len(known)
