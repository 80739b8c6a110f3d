"""Writes for moderation: flag, hide, restore, dismiss. Views call these and nothing else."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from hub.core.ratelimit import rate_limit_consume
from hub.moderation.models import Decision, Flag
from hub.moderation.registry import moderatable_of
from hub.notifications.events import emit

FLAG_REASON_MAX = 1000
NOTE_MAX = 2000


class RateLimited(Exception):
    """The member has done this too often in the current window."""


def _entry(target: models.Model):
    entry = moderatable_of(target)
    if entry is None:
        raise ValueError(f"{target._meta.label} is not registered for moderation")
    return entry


def flag_refusal(*, reporter: User, target: models.Model) -> str:
    """Why this member may not flag this item, or "" when they may.

    Authors cannot flag their own content: the link is hidden from them, but the endpoint is
    reachable by URL, and a self-flag would only add noise to the moderators' queue.
    """
    entry = _entry(target)
    if reporter.is_authenticated and entry.author_id(target) == reporter.pk:
        return gettext(
            "You cannot flag your own %(noun)s. Edit or delete it instead, or contact the moderators if you need help."
        ) % {"noun": entry.noun}
    return ""


def flag_create(*, reporter: User, target: models.Model, reason: str) -> Flag:
    """Flag content for moderators. Flagging the same item again updates the open flag."""
    refusal = flag_refusal(reporter=reporter, target=target)
    if refusal:
        raise ValidationError({NON_FIELD_ERRORS: refusal})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("Say what is wrong with it.")})
    if len(reason) > FLAG_REASON_MAX:
        raise ValidationError(
            {
                "reason": gettext("Reason must be %(FLAG_REASON_MAX)s characters or fewer.")
                % {"FLAG_REASON_MAX": FLAG_REASON_MAX}
            }
        )
    if not rate_limit_consume(f"moderation.flag:{reporter.pk}", settings.MODERATION_FLAG_RATE):
        raise RateLimited(gettext("You have flagged a lot of content recently. Try again later."))
    content_type = ContentType.objects.get_for_model(target)
    flag, _ = Flag.objects.update_or_create(
        content_type=content_type,
        object_id=target.pk,
        reporter=reporter,
        resolved_at__isnull=True,
        defaults={"reason": reason},
    )
    return flag


def _require_moderator(moderator: User) -> None:
    if not (moderator.is_authenticated and moderator.is_moderator):
        raise PermissionDenied(gettext("Only moderators can do that."))


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": gettext("Add a note saying why.")})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": gettext("Note must be %(NOTE_MAX)s characters or fewer.")
                % {"NOTE_MAX": NOTE_MAX}
            }
        )
    return note


def _decide(*, moderator: User, target: models.Model, action: str, note: str) -> Decision:
    content_type = ContentType.objects.get_for_model(target)
    now = timezone.now()
    Flag.objects.filter(
        content_type=content_type, object_id=target.pk, resolved_at__isnull=True
    ).update(
        resolved_at=now,
        resolved_by=moderator,
        resolution="dismissed" if action == Decision.Action.DISMISS else "hidden",
    )
    return Decision.objects.create(
        content_type=content_type,
        object_id=target.pk,
        moderator=moderator,
        action=action,
        note=note,
    )


def _set_hidden(*, entry, target: models.Model, hidden: bool) -> None:
    setattr(target, entry.hidden_field, hidden)
    target.save(update_fields=[entry.hidden_field])
    entry.after_change(target)


@transaction.atomic
def content_hide(*, moderator: User, target: models.Model, note: str) -> Decision:
    """Hide content from everyone but its author and moderators; resolves its open flags and
    tells the author what was hidden and why (``moderation.decision_made``)."""
    _require_moderator(moderator)
    entry = _entry(target)
    note = _clean_note(note)
    _set_hidden(entry=entry, target=target, hidden=True)
    decision = _decide(moderator=moderator, target=target, action=Decision.Action.HIDE, note=note)
    emit("moderation.decision_made", actor=moderator, decision=decision.pk)
    return decision


@transaction.atomic
def content_restore(*, moderator: User, target: models.Model, note: str) -> Decision:
    """Make hidden content visible again and tell its author (``moderation.decision_made``)."""
    _require_moderator(moderator)
    entry = _entry(target)
    note = _clean_note(note)
    _set_hidden(entry=entry, target=target, hidden=False)
    content_type = ContentType.objects.get_for_model(target)
    decision = Decision.objects.create(
        content_type=content_type,
        object_id=target.pk,
        moderator=moderator,
        action=Decision.Action.RESTORE,
        note=note,
    )
    emit("moderation.decision_made", actor=moderator, decision=decision.pk)
    return decision


@transaction.atomic
def flags_dismiss(*, moderator: User, target: models.Model, note: str) -> Decision:
    """Close the open flags on content that breaks no rule."""
    _require_moderator(moderator)
    _entry(target)
    note = _clean_note(note)
    return _decide(moderator=moderator, target=target, action=Decision.Action.DISMISS, note=note)


MODERATORS_GROUP = "Moderators"


def moderator_grant(*, user: User) -> bool:
    """Make a member a moderator. Returns False when they already were one."""
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    return True


def moderator_revoke(*, user: User) -> bool:
    """Stop a member moderating. Returns False when they were not one (staff always are)."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    return True
