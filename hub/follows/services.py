"""Writes for following."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from hub.core import i18n
from hub.follows.models import DigestPreference, Follow, FollowTarget


def follow_set(*, user, target_type: str, target_id: object, following: bool) -> bool:
    """Follow or unfollow; returns whether the user now follows the target. Idempotent."""
    if target_type not in FollowTarget.values:
        raise ValueError(f"unknown follow target type {target_type!r}")
    key = str(target_id)[:100]
    if not following:
        Follow.objects.filter(user=user, target_type=target_type, target_id=key).delete()
        return False
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, target_type=target_type, target_id=key)
    except IntegrityError:
        pass  # a concurrent request already created it
    return True


def digest_preference_set(*, user, weekly: bool) -> DigestPreference:
    """Opt in to (or out of) the weekly digest."""
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, defaults={"weekly": weekly}
    )
    return preference


def iso_week(moment: datetime) -> str:
    year, week, _ = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class DigestRun:
    sent: int = 0
    skipped_already_sent: int = 0
    skipped_empty: int = 0


def digests_send(
    *, now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> DigestRun:
    """Email each opted-in member the past week's activity from what they follow.

    Idempotent per ISO week: a member's ``last_sent_week`` is stamped in the same transaction
    that decides to send, under a row lock, so running the command twice (or on two machines)
    sends one digest a week. A member with nothing new gets no email (and is not stamped, so a
    later run that week may still send one).
    """
    from hub.follows.activity import activity_for

    now = now or timezone.now()
    week = iso_week(now)
    since = now - timedelta(days=7)
    run = DigestRun()
    preference_ids = list(
        DigestPreference.objects.filter(weekly=True, user__is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for index, pk in enumerate(preference_ids, start=1):
        with transaction.atomic():
            preference = (
                DigestPreference.objects.select_for_update().select_related("user").get(pk=pk)
            )
            if preference.last_sent_week == week:
                run.skipped_already_sent += 1
            else:
                # The digest, and the activity lines in it, in the member's own language.
                with i18n.in_language_of(preference.user):
                    items = activity_for(user=preference.user, since=since, limit=50)
                    if items:
                        _send_digest(preference.user, items, week)
                if not items:
                    run.skipped_empty += 1
                else:
                    preference.last_sent_week = week
                    preference.save(update_fields=["last_sent_week", "updated_at"])
                    run.sent += 1
        if progress:
            progress(index, len(preference_ids))
    return run


def _send_digest(user, items: list, week: str) -> None:
    context = {"user": user, "items": items, "week": week, "site_url": settings.SITE_URL}
    send_mail(
        subject=gettext("[LocalGov Hub] What's new from what you follow (%(week)s)")
        % {"week": week},
        message=render_to_string("follows/digest_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
        html_message=render_to_string("follows/digest_email.html", context),
    )
