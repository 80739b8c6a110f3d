"""Events ("something happened") and what they become: in-app notifications, emails.

An ``Event`` is written in the same transaction as the change it describes (an outbox, so no
event is lost and none exists for a rolled-back change); a job delivers it after commit.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One thing that happened. ``data`` holds primary keys only, e.g. ``{"comment": 12}``."""

    kind = models.CharField(max_length=60, db_index=True, help_text='e.g. "blog.comment_posted"')
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="event_undelivered",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.data}"


class EventTopic(models.Model):
    """What an event is news for, among the things members follow ("project:4", "tag:bins",
    "person:12"): written at delivery for kinds with ``activity``, read by the home page's
    activity and the weekly "from what you follow" digest."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["topic", "event"], name="event_topic_lookup")]
        constraints = [models.UniqueConstraint(fields=["event", "topic"], name="event_topic_once")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.topic}"


class Notification(models.Model):
    """Something a member should know about, made from an event for one recipient."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    kind = models.CharField(max_length=60, help_text='e.g. "blog.comment_posted"')
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Its email: how it waits to be sent (instant batch, daily or weekly digest; "" for none,
    # the member chose "off") and when it went. Kept on the notification itself, so delivery
    # writes one row per recipient; ``emailed_at`` makes sending idempotent.
    email_frequency = models.CharField(max_length=8, blank=True, default="")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["email_frequency", "recipient"],
                name="notification_email_waiting",
                condition=models.Q(emailed_at__isnull=True) & ~models.Q(email_frequency=""),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailFrequency(models.TextChoices):
    OFF = "off", _("Off")
    INSTANT = "instant", _("Straight away")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class EmailPreference(models.Model):
    """A member's choice for one kind of event; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=60)
    frequency = models.CharField(max_length=8, choices=EmailFrequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.frequency}"
