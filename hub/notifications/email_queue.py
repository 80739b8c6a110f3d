"""Which notifications become email, and when: each member's choice per kind (or the kind's
default) of off, straight away, daily or weekly.

"Straight away" is batched per person: an email goes once nothing new has arrived for
``NOTIFICATIONS_EMAIL_QUIET_SECONDS`` (30 s), or ``NOTIFICATIONS_EMAIL_MAX_WAIT_SECONDS``
(120 s) after the first waiting item, whichever comes first, so a burst of replies makes one
email and a single reply still arrives within a minute.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from hub.notifications.kinds import EventKind
from hub.notifications.models import EmailFrequency, EmailPreference, Notification


def quiet_seconds() -> float:
    return float(getattr(settings, "NOTIFICATIONS_EMAIL_QUIET_SECONDS", 30))


def max_wait_seconds() -> float:
    return float(getattr(settings, "NOTIFICATIONS_EMAIL_MAX_WAIT_SECONDS", 120))


def frequencies_for(kind: EventKind, user_ids: list[int]) -> dict[int, str]:
    chosen = dict(
        EmailPreference.objects.filter(kind=kind.name, user_id__in=user_ids).values_list(
            "user_id", "frequency"
        )
    )
    return {pk: chosen.get(pk, kind.email_default) for pk in user_ids}


def email_frequency_for(kind: EventKind, user_ids: list[int]) -> dict[int, str]:
    """Each recipient's ``Notification.email_frequency`` for this kind ("" when off)."""
    return {
        pk: ("" if chosen == EmailFrequency.OFF else chosen)
        for pk, chosen in frequencies_for(kind, user_ids).items()
    }


def schedule_instant(notifications: list[Notification]) -> None:
    """After commit, plan the instant emails of freshly written notifications."""
    instant = sorted(
        {n.recipient_id for n in notifications if n.email_frequency == EmailFrequency.INSTANT}
    )
    if instant:
        transaction.on_commit(lambda: _schedule_instant(instant, quiet_seconds()))


def _schedule_instant(user_ids: list[int], delay: float) -> None:
    from hub.notifications.tasks import notifications_send_instant

    notifications_send_instant.schedule(args=(user_ids,), delay=delay)


def instant_send_due(user_ids: list[int], *, now=None) -> int:
    """Send each member's waiting instant email if its window has closed; members whose window
    is still open are checked again when it will have. Returns the number of emails sent."""
    from hub.notifications.emails import pending_send

    now = now or timezone.now()
    quiet, longest = quiet_seconds(), max_wait_seconds()
    waiting = (
        Notification.objects.filter(
            recipient_id__in=user_ids,
            email_frequency=EmailFrequency.INSTANT,
            emailed_at__isnull=True,
        )
        .values("recipient_id")
        .annotate(first=Min("created_at"), last=Max("created_at"))
    )
    sent, later, wait = 0, [], longest
    for row in waiting:
        due_at = min(
            row["last"] + timedelta(seconds=quiet), row["first"] + timedelta(seconds=longest)
        )
        if due_at <= now + timedelta(seconds=0.5):
            sent += pending_send(user_id=row["recipient_id"], frequency=EmailFrequency.INSTANT)
        else:
            later.append(row["recipient_id"])
            wait = min(wait, (due_at - now).total_seconds())
    if later:
        _schedule_instant(later, max(wait, 1.0))
    return sent
