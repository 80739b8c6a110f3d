"""Live discussion channels: channels, their messages (with a per-channel sequence), reactions,
read markers, private-channel invitations and who is connected right now."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core import content_language


class Channel(models.Model):
    """A place to talk. Who may see it depends on ``kind`` (see ``selectors.channel_is_visible_to``)."""

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public: every signed-in member")
        GROUP = "group", _("Working group: the group's members")
        PRIVATE = "private", _("Private: invited members only")

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    topic = models.CharField(max_length=250, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    group = models.ForeignKey(
        "workgroups.WorkingGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="channels",
    )
    archived = models.BooleanField(default=False, help_text=_("Archived channels are read-only."))
    services = models.ManyToManyField(
        "sharing.ServiceTopic", blank=True, related_name="discussion_channels"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The per-channel event counter: the highest number handed out, to a new message (its
    # ``sequence``) or to a change of one (its ``changed_seq``). Incremented under the row lock
    # by ``services._next_event``, so numbers are unique and in commit order per channel.
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="group", group__isnull=False)
                | (~models.Q(kind="group") & models.Q(group__isnull=True)),
                name="channel_group_iff_group_kind",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.slug}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:detail", kwargs={"slug": self.slug})


class ChannelMember(models.Model):
    """An invitation to a private channel (the only kind whose membership lives here)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "user"], name="channel_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.channel}"


class Message(models.Model):
    """One message. ``sequence`` is strictly increasing per channel and never reused: a deleted
    message stays as a tombstone so clients catching up by sequence see no gap.

    ``changed_seq`` is the event number of the message's latest change: its ``sequence`` when
    created, then a fresh number from the same counter on every edit, delete or "useful" toggle.
    Replaying ``changed_seq > N`` therefore gives a client every new message *and* every change
    since it saw event N (docs/realtime.md).
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    sequence = models.PositiveBigIntegerField()
    changed_seq = models.PositiveBigIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    language = content_language.language_field()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hidden by a moderator (hub.moderation): shown to nobody, like a deleted message, until
    # restored; unlike deletion the body is kept for the moderators' review and a restore.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["channel", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "sequence"], name="message_sequence_unique")
        ]
        indexes = [models.Index(fields=["channel", "changed_seq"], name="message_changed_seq")]

    def __str__(self) -> str:
        return f"{self.channel} #{self.sequence}"

    def save(self, *args, **kwargs) -> None:
        # A new message's latest change is its creation.
        if not self.changed_seq:
            self.changed_seq = self.sequence
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The permalink: the channel page around this message, scrolled to it."""
        base = reverse("discussions:detail", kwargs={"slug": self.channel.slug})
        return f"{base}?around={self.sequence}#m{self.sequence}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Reaction(models.Model):
    """A "useful" mark from one member on one message."""

    USEFUL = "useful"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, default=USEFUL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user", "kind"], name="reaction_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.message_id} by {self.user_id}"


class ReadMarker(models.Model):
    """The highest sequence a member has read in a channel; unread = later messages by others."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_sequence = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "user"], name="read_marker_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.channel_id} to {self.last_read_sequence}"
