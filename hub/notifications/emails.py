"""Notification emails: one per person per batch or digest, plain text and HTML, absolute
links from ``SITE_URL``, and a one-click unsubscribe (RFC 8058) that needs no sign-in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import User
from hub.core import i18n
from hub.core.contributions import collect
from hub.notifications.kinds import registry
from hub.notifications.models import EmailFrequency, Notification

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SUBJECT_PREFIX = "[LocalGov Hub] "


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def unsubscribe_token(*, user_id: int, kinds: list[str]) -> str:
    """A signed token naming the member and the kinds an email was about (no expiry: an old
    email's unsubscribe link must still work)."""
    return signing.dumps({"u": user_id, "k": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, list[str]] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), [str(k) for k in data["k"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _subject(frequency: str, items: list) -> str:
    # The hub's name in the recipient's language ("[Hyb LocalGov] " in Welsh).
    prefix = gettext("[LocalGov Hub]") + " "
    count = len(items)
    if frequency == EmailFrequency.DAILY:
        return prefix + gettext("Your daily summary: %(count)s new") % {"count": count}
    if frequency == EmailFrequency.WEEKLY:
        return prefix + gettext("Your weekly summary: %(count)s new") % {"count": count}
    if count == 1:
        return prefix + items[0]["text"]
    return prefix + ngettext("%(count)s new notification", "%(count)s new notifications", count) % {
        "count": count
    }


def build_message(*, user: User, frequency: str, notifications: list) -> EmailMultiAlternatives:
    """The email for these notifications, in the recipient's language (``User.language``)."""
    with i18n.in_language_of(user):
        return _build_message(user=user, frequency=frequency, notifications=notifications)


def _build_message(*, user: User, frequency: str, notifications: list) -> EmailMultiAlternatives:
    kinds = registry()
    items = []
    for note in notifications:
        kind = kinds.get(note.kind)
        items.append(
            {
                "text": note.text,
                "url": absolute(note.url) if note.url else absolute(reverse("notifications:list")),
                "label": str(kind.label) if kind else note.kind,
                "when": note.created_at,
            }
        )
    token = unsubscribe_token(user_id=user.pk, kinds=[n.kind for n in notifications])
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", args=[token]))
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    # Other apps' headers, e.g. a Reply-To for answering by email (hub/email_replies).
    for extra in collect("email_headers", user, notifications):
        headers.update(extra)
    context = {
        "user": user,
        "items": items,
        "frequency": frequency,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
        "reply_by_email": "Reply-To" in headers,
    }
    message = EmailMultiAlternatives(
        subject=_subject(frequency, items)[:200],
        body=render_to_string("notifications/email/notifications.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("notifications/email/notifications.html", context), "text/html"
    )
    return message


def pending_send(*, user_id: int, frequency: str) -> int:
    """Send the member's waiting emails of one frequency as one email; returns 1 if sent.

    The rows are locked and stamped in the transaction that sends, so a retry or a second
    worker never sends the same items twice.
    """
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id=user_id, email_frequency=frequency, emailed_at__isnull=True)
            .select_related("recipient")
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        user = rows[0].recipient
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=timezone.now())
        if not user.is_active or not user.email:
            return 0
        build_message(user=user, frequency=frequency, notifications=rows).send()
    return 1


def digests_send(frequency: str) -> int:
    """Send every member's daily or weekly digest of waiting notifications."""
    user_ids = (
        Notification.objects.filter(email_frequency=frequency, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(user_ids):
        try:
            sent += pending_send(user_id=user_id, frequency=frequency)
        except Exception:  # one bad address must not stop everyone's digest
            logger.exception("digest for user %s failed", user_id)
    return sent
