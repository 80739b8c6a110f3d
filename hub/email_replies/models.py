"""Every inbound email and what became of it (posted, refused with a bounce, or ignored)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    POSTED = "posted", _("Posted as a reply")
    REFUSED = "refused", _("Refused; the member was told why")
    IGNORED = "ignored", _("Ignored (automatic reply, bounce, or no reply address)")
    DROPPED = "dropped", _("Dropped (unknown, forged, or from another address)")
    DUPLICATE = "duplicate", _("Already received")


class InboundEmail(models.Model):
    """One email received at a reply address. ``message_id`` makes receiving idempotent: a
    provider that delivers the same email twice gets one reply posted."""

    message_id = models.CharField(max_length=255, unique=True)
    source = models.CharField(max_length=10, help_text='"maildir" or "http".')
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notification_id = models.PositiveBigIntegerField(null=True, blank=True)
    posted_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.outcome}"
