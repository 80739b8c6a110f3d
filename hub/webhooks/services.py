"""Writes for webhooks: create and delete them, and make delivery attempts.

A delivery is retried with back-off (30 s, doubling, at most an hour apart) for 24 hours; one
that still fails then gives up, and its webhook is disabled and its owner emailed. Any success
keeps the webhook going.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hub.core.i18n import in_language_of
from hub.core.safe_fetch import FetchError, check_url, fetch
from hub.notifications.emails import absolute
from hub.notifications.kinds import get_kind, registry
from hub.webhooks.event_consumers import owners_who_may_hear
from hub.webhooks.models import Delivery, ScopeType, Webhook
from hub.webhooks.signing import sign

logger = logging.getLogger(__name__)
MAX_RESPONSE_BYTES = 64 * 1024


class WebhookError(Exception):
    """A webhook cannot be created as asked; ``message`` says why, for the form."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def retry_base_seconds() -> float:
    return float(getattr(settings, "WEBHOOKS_RETRY_BASE_SECONDS", 30))


def give_up_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "WEBHOOKS_GIVE_UP_AFTER_SECONDS", 24 * 3600))


def webhook_create(
    *, owner, url: str, scope_type: str, scope_id: int, scope_name: str, kinds: list[str]
) -> Webhook:
    """The caller (the view) has checked that the owner can see the scope."""
    if scope_type not in ScopeType.values:
        raise WebhookError(gettext("Choose what the webhook is for."))
    try:
        check_url(url)
    except FetchError as error:
        raise WebhookError(
            gettext("The payload URL cannot be used: %(message)s.") % {"message": error.message}
        ) from error
    unknown = [k for k in kinds if k not in registry()]
    if unknown:
        raise WebhookError(gettext("Unknown event kinds: %(join)s.") % {"join": ", ".join(unknown)})
    if Webhook.objects.filter(owner=owner).count() >= 20:
        raise WebhookError(
            gettext("You have 20 webhooks already. Delete one before adding another.")
        )
    return Webhook.objects.create(
        owner=owner,
        url=url,
        scope_type=scope_type,
        scope_id=scope_id,
        scope_name=scope_name[:200],
        kinds=sorted(set(kinds)),
    )


def payload_for(delivery: Delivery) -> bytes | None:
    """The JSON body, rebuilt from the event (None when its objects are gone)."""
    event = delivery.event
    kind = get_kind(event.kind)
    context = kind.load(event.data)
    if context is None:
        return None
    # Retries run for a day: the owner may have lost sight of it since the event was queued.
    if delivery.webhook.owner_id not in owners_who_may_hear(
        kind, context, {delivery.webhook.owner_id}
    ):
        return None
    context.setdefault("actor", event.actor)
    body = {
        "id": event.pk,
        "kind": kind.name,
        "occurred_at": event.created_at.isoformat(),
        "text": kind.text(context),
        "url": absolute(kind.url(context)),
        "data": kind.payload(context),
        "webhook": {"id": delivery.webhook_id, "scope": delivery.webhook.scope},
    }
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def delivery_attempt(delivery_id: int, *, now: datetime | None = None) -> float | None:
    """Make one attempt; returns seconds until the next attempt, or None when finished."""
    now = now or timezone.now()
    delivery = Delivery.objects.select_related("webhook", "event").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return None
    webhook = delivery.webhook
    if not webhook.is_active:
        return _finish(delivery, Delivery.Status.FAILED, error=gettext("The webhook is disabled."))
    body = payload_for(delivery)
    if body is None:
        return _finish(
            delivery,
            Delivery.Status.FAILED,
            error=gettext(
                "What it was about is gone, or the webhook's owner can no longer see it."
            ),
        )
    timestamp = int(time.time())
    started = time.monotonic()
    status, error = None, ""
    try:
        response = fetch(
            webhook.url,
            method="POST",
            content=body,
            max_redirects=0,
            timeout=10,
            max_bytes=MAX_RESPONSE_BYTES,
            headers={
                "Content-Type": "application/json",
                "X-Hub-Event": delivery.event.kind,
                "X-Hub-Delivery": str(delivery.pk),
                "X-Hub-Timestamp": str(timestamp),
                "X-Hub-Signature": sign(webhook.secret, timestamp, body),
            },
        )
        status = response.status_code
        if not 200 <= status < 300:
            error = gettext("The receiver answered %(status)s.") % {"status": status}
    except FetchError as failure:
        error = failure.message[:300]
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = status
    delivery.response_ms = int((time.monotonic() - started) * 1000)
    delivery.error = error
    if not error:
        return _finish(delivery, Delivery.Status.SUCCEEDED)
    if now - delivery.created_at >= give_up_after():
        _finish(delivery, Delivery.Status.FAILED)
        webhook_disable(
            webhook=webhook,
            reason=gettext("Deliveries failed for 24 hours: %(error)s") % {"error": error},
        )
        return None
    delivery.save(
        update_fields=["attempts", "last_attempt_at", "response_status", "response_ms", "error"]
    )
    return min(retry_base_seconds() * 2 ** (delivery.attempts - 1), 3600.0)


def _finish(delivery: Delivery, status: str, *, error: str | None = None) -> None:
    delivery.status = status
    if error is not None:
        delivery.error = error
    delivery.save()
    return None


@transaction.atomic
def webhook_disable(*, webhook: Webhook, reason: str) -> None:
    """Stop a webhook that keeps failing, and tell its owner how to turn it back on."""
    updated = Webhook.objects.filter(pk=webhook.pk, is_active=True).update(
        is_active=False, disabled_reason=reason[:300]
    )
    if not updated:
        return
    owner = webhook.owner
    link = absolute(reverse("webhooks:detail", args=[webhook.pk]))
    transaction.on_commit(lambda: _tell_owner_disabled(webhook, owner, reason, link))


def _tell_owner_disabled(webhook: Webhook, owner, reason: str, link: str) -> None:
    with in_language_of(owner):
        send_mail(
            subject=gettext("[LocalGov Hub] Your webhook was turned off"),
            message=(
                gettext(
                    "We turned off your webhook to %(url)s for %(scope_name)s.\n\n%(reason)s\n\nFix the receiver, then turn it back on and see every delivery here: %(link)s\n"
                )
                % {
                    "url": webhook.url,
                    "scope_name": webhook.scope_name,
                    "reason": reason,
                    "link": link,
                }
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[owner.email],
        )


def webhook_enable(*, webhook: Webhook) -> None:
    webhook.is_active, webhook.disabled_reason = True, ""
    webhook.save(update_fields=["is_active", "disabled_reason"])
