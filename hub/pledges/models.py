"""Calls for backing ("a Kickstarter for councils"): a project asks, councils pledge, all or nothing.

A ``BackingCall`` is opened by a project's owners with a target (pounds and/or staff days, and
optionally a minimum number of councils) and a deadline. Verified members pledge for their
council; one ``Pledge`` row per council per call, changed in place and kept when withdrawn. When
the deadline passes the call is settled once: backed (pledges become commitments) or not backed
(pledges lapse). ``PledgeEvent`` is the audit trail of every change.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Sensible maxima: a typo of three extra zeros is refused with a clear message, not stored.
MAX_TARGET_POUNDS = 10_000_000
MAX_TARGET_DAYS = 10_000
MAX_PLEDGE_POUNDS = 5_000_000
MAX_PLEDGE_DAYS = 2_000
MAX_MIN_COUNCILS = 400


class CallState(models.TextChoices):
    OPEN = "open", _("Looking for backers")
    BACKED = "backed", _("Backed")
    NOT_BACKED = "not_backed", _("Not backed")


class BackingCall(models.Model):
    project = models.ForeignKey(
        "sharing.Project", on_delete=models.CASCADE, related_name="backing_calls"
    )
    target_pounds = models.PositiveIntegerField(null=True, blank=True)
    target_days = models.PositiveIntegerField(null=True, blank=True)
    min_councils = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline = models.DateTimeField(db_index=True)
    backer_benefits = models.TextField(_("what backers get"), max_length=5000)
    state = models.CharField(max_length=12, choices=CallState.choices, default=CallState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline"]
        indexes = [models.Index(fields=["state", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_pounds__gt=0) | Q(target_days__gt=0),
                name="backing_call_has_target",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(state="open"),
                name="backing_call_one_open_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"Call for backing: {self.project}"

    @property
    def closes_on(self):
        """The last day pledges can change (the deadline is midnight at the end of it)."""
        return timezone.localtime(self.deadline - timedelta(seconds=1)).date()


class PledgeState(models.TextChoices):
    ACTIVE = "active", _("Pledged")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMMITTED = "committed", _("Committed")
    LAPSED = "lapsed", _("Lapsed")


class Pledge(models.Model):
    """One council's pledge to one call. Changed in place; withdrawal keeps the row."""

    call = models.ForeignKey(BackingCall, on_delete=models.CASCADE, related_name="pledges")
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="pledges"
    )
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount_pounds = models.PositiveIntegerField(default=0)
    staff_days = models.PositiveIntegerField(default=0)
    conditions = models.TextField(blank=True, max_length=2000)
    state = models.CharField(max_length=10, choices=PledgeState.choices, default=PledgeState.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["council", "state"])]
        constraints = [
            models.UniqueConstraint(fields=["call", "council"], name="pledge_once_per_council"),
            models.CheckConstraint(
                condition=~Q(state="active") | Q(amount_pounds__gt=0) | Q(staff_days__gt=0),
                name="pledge_active_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} for {self.call.project}"


class PledgeEvent(models.Model):
    """The audit trail: who did what to a call or a pledge, with the figures at that moment."""

    class Action(models.TextChoices):
        CALL_OPENED = "call.opened", _("Call opened")
        PLEDGED = "pledge.made", _("Pledged")
        CHANGED = "pledge.changed", _("Pledge changed")
        WITHDRAWN = "pledge.withdrawn", _("Pledge withdrawn")
        BACKED = "call.backed", _("Backed")
        NOT_BACKED = "call.not_backed", _("Not backed")

    call = models.ForeignKey(BackingCall, on_delete=models.CASCADE, related_name="events")
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    amount_pounds = models.PositiveIntegerField(default=0)
    staff_days = models.PositiveIntegerField(default=0)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.created_at:%Y-%m-%d %H:%M}"
