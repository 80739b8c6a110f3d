"""Receiving a reply by email and posting it as the member, through the app's own service.

1. Automatic mail (auto-replies, out-of-office, bounces) and mail without one of our reply
   addresses is ignored; a forged or damaged address, an unknown or closed account, or a
   sender that is not one of the member's addresses is dropped (nobody to trust, so no
   answer: never backscatter).
2. Otherwise the member is told by email when the reply is refused: the address expired,
   the reply is empty, they may no longer reply there, the thing is gone, or they are over
   the rate limit (``REPLY_BY_EMAIL_RATE``).
3. The reply is posted by the kind's ``reply`` (``hub/notifications/kinds.py``), i.e. the same
   service the page uses, which checks permission and limits again.

Every email is recorded once (``InboundEmail``, unique Message-ID), so a redelivery posts
nothing twice.
"""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.models import User
from hub.core.i18n import in_language_of
from hub.core.ratelimit import rate_limit_consume
from hub.email_replies.addresses import find_token
from hub.email_replies.models import InboundEmail, Outcome
from hub.email_replies.parsing import InboundMessage, parse
from hub.notifications.emails import absolute
from hub.notifications.kinds import ReplyRefused, registry
from hub.notifications.models import Notification

logger = logging.getLogger(__name__)


def reply_rate() -> str:
    return getattr(settings, "REPLY_BY_EMAIL_RATE", "20/h")


def inbound_email_receive(
    raw: bytes, *, source: str, envelope_to: list[str] | tuple[str, ...] = ()
) -> InboundEmail:
    """Handle one inbound email (raises ``parsing.UnreadableEmail`` for one that is not)."""
    message = parse(raw, envelope_to=envelope_to)
    existing = InboundEmail.objects.filter(message_id=message.message_id).first()
    if existing is not None:
        return InboundEmail(
            message_id=message.message_id, source=source, outcome=Outcome.DUPLICATE,
            reason=_("already received"), user=existing.user,
        )  # fmt: skip
    record = _decide(message)
    record.message_id, record.source = message.message_id, source
    try:
        with transaction.atomic():
            if record.outcome == Outcome.POSTED:
                record.posted_url = _post(message, record)
            record.save()
    except _Refusal as refusal:
        record.outcome, record.reason = Outcome.REFUSED, refusal.reason[:300]
        record.save()
    except IntegrityError:  # the same email, delivered twice at once: the other one won
        return InboundEmail(message_id=message.message_id, outcome=Outcome.DUPLICATE)
    if record.outcome == Outcome.REFUSED:
        _tell_member(record, message)
    logger.info("reply by email %s: %s %s", record.message_id, record.outcome, record.reason)
    return record


class _Refusal(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _decide(message: InboundMessage) -> InboundEmail:
    """Who it is from and whether to try posting it; nothing is written here."""
    if message.automatic:
        return InboundEmail(outcome=Outcome.IGNORED, reason=message.automatic)
    found = find_token(message.recipients)
    if found is None:
        return InboundEmail(outcome=Outcome.IGNORED, reason="no reply address")
    token = found[1]
    if token is None:
        return InboundEmail(outcome=Outcome.DROPPED, reason="bad signature")
    user = User.objects.filter(pk=token.user_id, is_active=True).first()
    if user is None:
        return InboundEmail(outcome=Outcome.DROPPED, reason="unknown or closed account")
    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    record = InboundEmail(user=user, notification_id=token.notification_id)
    if message.sender not in addresses:
        record.outcome, record.reason = Outcome.DROPPED, "sender is not the member"
    elif token.expired:
        record.outcome = Outcome.REFUSED
        record.reason = _("The address you replied to has expired. Reply on the hub instead.")
    elif not message.text:
        record.outcome = Outcome.REFUSED
        record.reason = _("Your reply was empty (we only post what you write above the quote).")
    elif not rate_limit_consume(f"email_replies:{user.pk}", reply_rate()):
        record.outcome = Outcome.REFUSED
        record.reason = _("You have replied by email many times recently. Try again later.")
    else:
        record.outcome = Outcome.POSTED
    return record


def _post(message: InboundMessage, record: InboundEmail) -> str:
    """Post the reply (inside the caller's transaction); raises ``_Refusal``."""
    user = record.user
    note = (
        Notification.objects.select_related("event")
        .filter(pk=record.notification_id, recipient=user)
        .first()
    )
    kind = registry().get(note.kind) if note is not None else None
    if note is None or note.event is None or kind is None or kind.reply is None:
        raise _Refusal(_("What you replied to is no longer on the hub."))
    context = kind.load(note.event.data)
    if context is None:
        raise _Refusal(_("What you replied to has been removed or hidden."))
    context.setdefault("actor", note.event.actor)
    if user.pk not in kind.can_see(context, {user.pk}):
        raise _Refusal(_("You can no longer reply there."))
    try:
        with transaction.atomic():
            return kind.reply(context, user, message.text)
    except ReplyRefused as refused:
        raise _Refusal(refused.message) from refused


def _tell_member(record: InboundEmail, message: InboundMessage) -> None:
    """The refusal email, to the member's own address (never to the From header), marked as
    automatic (RFC 3834) so their mail software does not answer it."""
    note = Notification.objects.filter(pk=record.notification_id).first()
    context = {
        "reason": record.reason,
        "url": absolute(note.url) if note is not None and note.url else "",
        "body": message.text[:2000],
    }
    with in_language_of(record.user):
        EmailMessage(
            subject=_("[LocalGov Hub] Your reply was not posted"),
            body=render_to_string("email_replies/refused.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[record.user.email],
            headers={"Auto-Submitted": "auto-replied"},
        ).send()
