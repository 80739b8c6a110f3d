"""Writes for working groups: creating, joining, leaving, approving requests and roles."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from hub.groups.models import Membership, WorkingGroup
from hub.groups.selectors import (
    forget_membership_cache,
    group_is_convenor,
    group_is_visible_to,
)
from hub.notifications.events import emit
from search.outbox import index_later


class GroupError(Exception):
    """A group action that is not allowed; ``message`` is safe to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class GroupPermissionDenied(GroupError):
    pass


def _forget_cache(user) -> None:
    # selectors cache memberships and member group ids on the user object for one request;
    # every membership write invalidates it.
    forget_membership_cache(user)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "group"
    slug, n = base, 2
    while WorkingGroup.objects.filter(slug=slug).exists() or slug in {"new"}:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def group_create(
    *,
    creator,
    name: str,
    purpose: str,
    visibility: str = WorkingGroup.Visibility.PUBLIC,
    join_policy: str = WorkingGroup.JoinPolicy.OPEN,
    consultation_members_only: bool = False,
    services=(),
    slug: str = "",
) -> WorkingGroup:
    """Create a group; its creator becomes its first convenor."""
    group = WorkingGroup.objects.create(
        name=name,
        slug=slug or _unique_slug(name),
        purpose=purpose,
        visibility=visibility,
        join_policy=join_policy,
        consultation_members_only=consultation_members_only,
        created_by=creator,
    )
    if services:
        group.services.set(services)
    Membership.objects.create(
        group=group, user=creator, role=Membership.Role.CONVENOR, state=Membership.State.ACTIVE
    )
    _forget_cache(creator)
    index_later(group)
    return group


@transaction.atomic
def group_update(*, group: WorkingGroup, actor, **fields) -> WorkingGroup:
    """Change a group's settings (convenors only). A visibility change reindexes its content."""
    if not group_is_convenor(group, actor):
        raise GroupPermissionDenied(gettext("Only convenors can change the group's settings."))
    services = fields.pop("services", None)
    old_visibility = group.visibility
    for name, value in fields.items():
        setattr(group, name, value)
    group.save()
    if services is not None:
        group.services.set(services)
    index_later(group)
    if group.visibility != old_visibility:
        # Access keys of every standard section and comment in the group change with it.
        from hub.standards.services import standards_reindex_for_group

        standards_reindex_for_group(group=group)
    return group


@transaction.atomic
def group_join(*, group: WorkingGroup, user) -> Membership:
    """Join an open group at once, or ask to join a group that needs approval.

    Joining a members-only group is by invitation only: outsiders cannot see it to ask.
    """
    if not user.is_authenticated:
        raise GroupPermissionDenied(gettext("Sign in to join a group."))
    if not group_is_visible_to(group, user):
        raise GroupPermissionDenied(gettext("This group is not open to you."))
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing is not None:
        return existing
    state = (
        Membership.State.ACTIVE
        if group.join_policy == WorkingGroup.JoinPolicy.OPEN
        else Membership.State.PENDING
    )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group, user=user, role=Membership.Role.MEMBER, state=state
            )
    except IntegrityError:  # a double submit already created it
        return Membership.objects.get(group=group, user=user)
    _forget_cache(user)
    if state == Membership.State.PENDING:
        emit("groups.join_requested", actor=user, membership=membership.pk)
    return membership


@transaction.atomic
def group_request_decide(*, membership: Membership, actor, approve: bool) -> Membership | None:
    """A convenor approves (membership becomes active) or declines (request removed)."""
    group = membership.group
    if not group_is_convenor(group, actor):
        raise GroupPermissionDenied(gettext("Only convenors can answer requests to join."))
    if membership.state != Membership.State.PENDING:
        raise GroupError(gettext("That request has already been answered."))
    requester = membership.user
    if approve:
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state", "updated_at"])
        emit("groups.join_approved", actor=actor, membership=membership.pk)
    else:
        membership.delete()
        membership = None
        emit("groups.join_declined", actor=actor, group=group.pk, member=requester.pk)
    _forget_cache(requester)
    return membership


@transaction.atomic
def group_leave(*, group: WorkingGroup, user) -> None:
    """Leave a group (or withdraw a request). The last convenor cannot leave."""
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise GroupError(gettext("You are not a member of this group."))
    if (
        membership.role == Membership.Role.CONVENOR
        and membership.state == Membership.State.ACTIVE
        and not group.memberships.filter(
            role=Membership.Role.CONVENOR, state=Membership.State.ACTIVE
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise GroupError(
            gettext(
                "You are the group's only convenor. Make another member a convenor before you leave."
            )
        )
    membership.delete()
    _forget_cache(user)


@transaction.atomic
def membership_set_role(*, membership: Membership, actor, role: str) -> Membership:
    """Convenors give members roles. The group always keeps at least one convenor."""
    group = membership.group
    if not group_is_convenor(group, actor):
        raise GroupPermissionDenied(gettext("Only convenors can change roles."))
    if role not in Membership.Role.values:
        raise GroupError(gettext("Choose convenor, editor or member."))
    if membership.state != Membership.State.ACTIVE:
        raise GroupError(gettext("Approve the request to join before giving a role."))
    if (
        membership.role == Membership.Role.CONVENOR
        and role != Membership.Role.CONVENOR
        and not group.memberships.filter(
            role=Membership.Role.CONVENOR, state=Membership.State.ACTIVE
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise GroupError(
            gettext("A group needs at least one convenor. Make someone else convenor first.")
        )
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    _forget_cache(membership.user)
    _forget_cache(actor)
    return membership


@transaction.atomic
def group_member_add(*, group: WorkingGroup, actor, user, role: str = Membership.Role.MEMBER):
    """A convenor adds someone to the group at once, with a role, and they are told in the hub.

    This is how members-only groups grow: outsiders cannot see them to ask to join. Someone
    who had asked to join becomes an active member; someone already a member is refused.
    """
    if not group_is_convenor(group, actor):
        raise GroupPermissionDenied(gettext("Only convenors can add members."))
    if role not in Membership.Role.values:
        raise GroupError(gettext("Choose convenor, editor or member."))
    if user is None or not user.is_active:
        raise GroupError(gettext("There is no one on the hub with that handle."))
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is not None and membership.state == Membership.State.ACTIVE:
        raise GroupError(gettext("%(user)s is already a member of this group.") % {"user": user})
    if membership is not None:  # they had asked to join: adding them answers the request
        membership.state, membership.role = Membership.State.ACTIVE, role
        membership.save(update_fields=["state", "role", "updated_at"])
    else:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    group=group, user=user, role=role, state=Membership.State.ACTIVE
                )
        except IntegrityError as error:  # added by another convenor at the same moment
            raise GroupError(
                gettext("%(user)s is already a member of this group.") % {"user": user}
            ) from error
    _forget_cache(user)
    emit("groups.member_added", actor=actor, membership=membership.pk)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    """A convenor removes a member (not the last convenor)."""
    if not group_is_convenor(membership.group, actor):
        raise GroupPermissionDenied(gettext("Only convenors can remove members."))
    if membership.user_id == actor.pk:
        raise GroupError(gettext("Use 'Leave this group' to remove yourself."))
    if membership.role == Membership.Role.CONVENOR:
        raise GroupError(gettext("Make this convenor an editor or member before removing them."))
    membership.delete()
    _forget_cache(membership.user)
