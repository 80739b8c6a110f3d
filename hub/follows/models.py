"""Following: a member follows a service topic, council, person, tag, project, standard or group."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowTarget(models.TextChoices):
    SERVICE = "service", _("Service topic")
    COUNCIL = "council", _("Council")
    PERSON = "person", _("Person")
    TAG = "tag", _("Tag")
    PROJECT = "project", _("Project")
    STANDARD = "standard", _("Standard")
    GROUP = "group", _("Working group")


class Follow(models.Model):
    """``target_id`` is the followed object's primary key, or the tag's name for tags."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    target_type = models.CharField(max_length=10, choices=FollowTarget.choices)
    target_id = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "target_type", "target_id"], name="follow_once")
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target_type}:{self.target_id}"


class DigestPreference(models.Model):
    """Opt-in to the weekly email digest; ``last_sent_week`` makes sending idempotent per week."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    weekly = models.BooleanField(_("Email me a weekly digest"), default=False)
    last_sent_week = models.CharField(max_length=8, blank=True, help_text='ISO week, "2026-W47".')
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: weekly={self.weekly}"
