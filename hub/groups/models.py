"""Working groups: people from many councils who draft standards together."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WorkingGroup(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can see it")
        MEMBERS = "members", _("Members only: invisible to everyone else")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Anyone signed in can join")
        APPROVAL = "approval", _("People ask to join and a convenor approves")

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    purpose = models.TextField(max_length=5000, help_text=_("Markdown."))
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    services = models.ManyToManyField("sharing.ServiceTopic", blank=True, related_name="+")
    consultation_members_only = models.BooleanField(
        _("Only members may comment during consultations"),
        default=False,
        help_text=_("Leave unticked so any signed-in practitioner can comment on a consultation."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A moderator hid the description (hub.moderation): the group stays, its purpose text is
    # withheld from its page, search and the API until restored; convenors still see it.
    purpose_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Membership(models.Model):
    """A person's place in a group. Pending memberships are requests awaiting a convenor."""

    class Role(models.TextChoices):
        CONVENOR = "convenor", _("Convenor")
        EDITOR = "editor", _("Editor")
        MEMBER = "member", _("Member")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Asked to join")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_one_per_group")
        ]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role}, {self.state})"
