"""Who may see, comment, edit and decide. Visibility always comes from the group
(``hub.groups.selectors``): a standard in a members-only group, and everything hanging off it,
is invisible to outsiders."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext

from hub.groups.selectors import (
    group_can_edit,
    group_is_convenor,
    group_is_member,
    group_is_visible_to,
    groups_visible_to,
)
from hub.standards.models import (
    Adoption,
    CommentThread,
    Standard,
    StandardVersion,
    Status,
)
from hub.standards.selectors.versions import latest_version

CLOSED_STATUSES = {Status.WITHDRAWN, Status.SUPERSEDED}


def standard_is_visible_to(standard: Standard, user) -> bool:
    return group_is_visible_to(standard.group, user)


def thread_is_visible_to(thread: CommentThread, user) -> bool:
    """A comment is seen by whoever sees its standard, unless a moderator hid it: then only by
    its author and moderators."""
    if not standard_is_visible_to(thread.standard, user):
        return False
    if not thread.is_hidden:
        return True
    return bool(user is not None and user.is_authenticated) and (
        user.pk == thread.author_id or user.is_moderator
    )


def standard_can_edit(standard: Standard, user) -> bool:
    """Editors and convenors of the group edit the draft, publish and decide on comments."""
    return group_can_edit(standard.group, user)


def standard_can_change_status(standard: Standard, user) -> bool:
    """Only convenors move a standard through its workflow."""
    return group_is_convenor(standard.group, user)


def comment_refusal(standard: Standard, user, *, version: StandardVersion | None = None) -> str:
    """Why ``user`` may not start a comment thread now, or "" when they may.

    Members comment at any time on the latest version (that is how a draft is worked on);
    during a consultation any signed-in practitioner may, unless the group restricts it.
    """
    if user is None or not user.is_authenticated:
        return gettext("Sign in to comment.")
    if standard.status in CLOSED_STATUSES:
        return gettext("Comments are closed: this standard is %(get_status_display)s.") % {
            "get_status_display": standard.get_status_display().lower()
        }
    if version is not None:
        latest = latest_version(standard)
        if latest is None or version.pk != latest.pk:
            number = latest.number if latest else "none"
            return gettext("Comments are only taken on the latest version (%(number)s).") % {
                "number": number
            }
    if group_is_member(standard.group, user):
        return ""
    if standard.consultation_is_open:
        if standard.group.consultation_members_only:
            return gettext("Only members of %(name)s can comment on this consultation.") % {
                "name": standard.group.name
            }
        return ""
    return gettext(
        "Only members of %(name)s can comment while the standard is not in consultation."
    ) % {"name": standard.group.name}


def reply_refusal(thread: CommentThread, user) -> str:
    """Why ``user`` may not reply in this thread, or "" when they may."""
    if user is None or not user.is_authenticated:
        return gettext("Sign in to reply.")
    standard = thread.standard
    if standard_can_edit(standard, user):
        return ""
    if standard.status in CLOSED_STATUSES:
        return gettext("Comments are closed: this standard is %(get_status_display)s.") % {
            "get_status_display": standard.get_status_display().lower()
        }
    if thread.author_id == user.pk:
        return ""
    return comment_refusal(standard, user)


def standards_visible_to(user) -> QuerySet[Standard]:
    return Standard.objects.filter(group__in=groups_visible_to(user))


def adoption_can_withdraw(adoption: Adoption, user) -> bool:
    """Who may withdraw (or replace) a council's declaration.

    Choosing a council on one's profile proves nothing, so being "from" the council is not
    enough: the original declarer, a verified member of that council, or a convenor may.
    """
    if user is None or not user.is_authenticated:
        return False
    if adoption.declared_by_id == user.pk:
        return True
    profile = getattr(user, "profile", None)
    if (
        profile is not None
        and profile.council_verified
        and profile.council_id == adoption.council_id
    ):
        return True
    return standard_can_change_status(adoption.standard, user)
