"""Webhooks: a member's endpoint that receives signed JSON for events about something they can
see (a working group, a standard, a channel, a service topic or a council)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class ScopeType(models.TextChoices):
    GROUP = "group", _("Working group")
    STANDARD = "standard", _("Standard")
    CHANNEL = "channel", _("Channel")
    SERVICE = "service", _("Service topic")
    COUNCIL = "council", _("Council")


class Webhook(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("Payload URL"), max_length=500)
    scope_type = models.CharField(max_length=10, choices=ScopeType.choices)
    scope_id = models.PositiveBigIntegerField()
    scope_name = models.CharField(max_length=200, help_text=_("What it watches, for display."))
    kinds = models.JSONField(default=list, blank=True, help_text=_("Event kinds; empty: all."))
    secret = models.CharField(max_length=80, default=new_secret)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["scope_type", "scope_id", "is_active"])]

    def __str__(self) -> str:
        return f"{self.url} ({self.scope_type}:{self.scope_id})"

    @property
    def scope(self) -> str:
        return f"{self.scope_type}:{self.scope_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to retry")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Gave up")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(
        "notifications.Event", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"delivery {self.pk} of event {self.event_id} to webhook {self.webhook_id}"
