"""Reads for working groups, and the one place that decides who may see or act in a group.

Every other app (standards, discussions, search) asks these functions; none re-implements them.
"""

from django.db.models import Q, QuerySet

from hub.groups.models import Membership, WorkingGroup


def _active(user, group: WorkingGroup) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    cache = getattr(user, "_group_membership_cache", None)
    if cache is None:
        cache = {}
        user._group_membership_cache = cache
    if group.pk not in cache:
        cache[group.pk] = Membership.objects.filter(
            group=group, user=user, state=Membership.State.ACTIVE
        ).first()
    return cache[group.pk]


def group_is_visible_to(group: WorkingGroup, user) -> bool:
    """Public groups are visible to all; members-only groups only to their active members and staff."""
    if group.is_public:
        return True
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    return _active(user, group) is not None


def group_role(group: WorkingGroup, user) -> str | None:
    """The user's active role in the group ("convenor", "editor", "member"), or None."""
    membership = _active(user, group)
    return membership.role if membership else None


def group_is_member(group: WorkingGroup, user) -> bool:
    return _active(user, group) is not None


def group_can_edit(group: WorkingGroup, user) -> bool:
    """Editors and convenors draft and publish."""
    return group_role(group, user) in {Membership.Role.EDITOR, Membership.Role.CONVENOR}


def group_is_convenor(group: WorkingGroup, user) -> bool:
    return group_role(group, user) == Membership.Role.CONVENOR


def groups_visible_to(user) -> QuerySet[WorkingGroup]:
    """Every group the user may see, in one query."""
    groups = WorkingGroup.objects.all()
    if user is not None and user.is_authenticated and user.is_staff:
        return groups
    if user is None or not user.is_authenticated:
        return groups.filter(visibility=WorkingGroup.Visibility.PUBLIC)
    return groups.filter(
        Q(visibility=WorkingGroup.Visibility.PUBLIC)
        | Q(memberships__user=user, memberships__state=Membership.State.ACTIVE)
    ).distinct()


def group_ids_for_member(user) -> set[int]:
    """Ids of groups where the user is an active member (for search and channel permissions)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, state=Membership.State.ACTIVE).values_list(
            "group_id", flat=True
        )
    )
