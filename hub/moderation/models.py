"""Flags raised by members and the decisions moderators take on flagged content."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """A member's report that a piece of content breaks the rules. Open until a moderator acts."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_flags"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(
        max_length=20, blank=True, help_text=_('"hidden" or "dismissed".')
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["resolved_at", "created_at"]),
        ]
        constraints = [
            # One open flag per member per item: flagging twice just updates the reason.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="moderation_one_open_flag_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"flag {self.pk} on {self.content_type_id}:{self.object_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Decision(models.Model):
    """The log of what moderators did, with their note. Never edited, never deleted."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Flags dismissed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    note = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.content_type_id}:{self.object_id}"
