"""Reads for working groups, and the one place that decides who may see or act in a group.

Every other app (standards, discussions, search) asks these functions; none re-implements them.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from hub.groups.models import Membership, WorkingGroup

CACHE_ATTRIBUTE = "_group_membership_cache"
_MEMBER_GROUP_IDS = "member_group_ids"  # key beside the group pks in the same cache dict


def _cache(user) -> dict:
    """Memberships remembered on this user object for one request (or one socket message).

    Kept in the object's own ``__dict__``: for ``request.user`` and Channels' ``scope["user"]``
    (lazy wrappers) that is the wrapper, so ``user.__dict__.pop(CACHE_ATTRIBUTE)`` always clears
    it. hub.groups.services forgets it after every membership change; long-lived WebSocket
    consumers pop it before each permission check.
    """
    return user.__dict__.setdefault(CACHE_ATTRIBUTE, {})


def forget_membership_cache(user) -> None:
    """Drop what ``_cache`` remembered for this user object (after a membership write)."""
    if user is not None:
        user.__dict__.pop(CACHE_ATTRIBUTE, None)


def _active(user, group: WorkingGroup) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    cache = _cache(user)
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
    """Ids of groups where the user is an active member (for search and channel permissions).

    One query per user object: a search asks once per adapter (groups, standards, standard
    comments), so the answer is remembered with the other memberships in ``_cache``.
    """
    if user is None or not user.is_authenticated:
        return set()
    cache = _cache(user)
    if _MEMBER_GROUP_IDS not in cache:
        cache[_MEMBER_GROUP_IDS] = frozenset(
            Membership.objects.filter(user=user, state=Membership.State.ACTIVE).values_list(
                "group_id", flat=True
            )
        )
    return set(cache[_MEMBER_GROUP_IDS])  # a copy: callers may change what they get


def group_members(group: WorkingGroup) -> QuerySet[Membership]:
    """Active members with profiles and councils, convenors first."""
    order = {"convenor": 0, "editor": 1, "member": 2}
    from django.db.models import Case, IntegerField, Value, When

    return (
        group.memberships.filter(state=Membership.State.ACTIVE)
        .select_related("user__profile__council")
        .annotate(
            role_order=Case(
                *[When(role=role, then=Value(rank)) for role, rank in order.items()],
                output_field=IntegerField(),
            )
        )
        .order_by("role_order", "user__profile__display_name", "pk")
    )


def group_pending_requests(group: WorkingGroup) -> QuerySet[Membership]:
    return (
        group.memberships.filter(state=Membership.State.PENDING)
        .select_related("user__profile__council")
        .order_by("created_at")
    )


def group_membership_of(group: WorkingGroup, user) -> Membership | None:
    """The user's membership row in any state (active or pending), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(group=group, user=user).first()


def group_activity(group: WorkingGroup, *, limit: int = 20) -> list[dict]:
    """Recent events in the group, newest first: new versions, status changes, comments, joins.

    A fixed number of queries whatever the size of the group.
    """
    from hub.standards.models import CommentThread, StandardVersion, StatusChange

    events: list[dict] = []
    for version in (
        StandardVersion.objects.filter(standard__group=group)
        .select_related("standard", "published_by__profile")
        .order_by("-published_at")[:limit]
    ):
        events.append(
            {
                "when": version.published_at,
                "text": gettext("Version %(number)s of %(title)s published")
                % {"number": version.number, "title": version.standard.title},
                "url": version.get_absolute_url(),
                "actor": version.published_by,
            }
        )
    for change in (
        StatusChange.objects.filter(standard__group=group)
        .select_related("standard", "actor__profile")
        .order_by("-created_at")[:limit]
    ):
        events.append(
            {
                "when": change.created_at,
                "text": f"{change.standard.title}: {change.get_from_status_display()} → "
                f"{change.get_to_status_display()}",
                "url": change.standard.get_absolute_url() + "#history",
                "actor": change.actor,
            }
        )
    for thread in (
        CommentThread.objects.filter(standard__group=group)
        .select_related("standard", "author__profile")
        .order_by("-created_at")[:limit]
    ):
        events.append(
            {
                "when": thread.created_at,
                "text": gettext("Comment on %(title)s: %(introduction)s")
                % {
                    "title": thread.standard.title,
                    "introduction": thread.heading_path or "introduction",
                },
                "url": thread.get_absolute_url(),
                "actor": thread.author,
            }
        )
    for membership in (
        group.memberships.filter(state=Membership.State.ACTIVE)
        .select_related("user__profile")
        .order_by("-created_at")[:limit]
    ):
        events.append(
            {
                "when": membership.created_at,
                "text": gettext("%(user)s joined") % {"user": membership.user},
                "url": "",
                "actor": membership.user,
            }
        )
    events.sort(key=lambda event: event["when"], reverse=True)
    return events[:limit]


def group_member_ids(group_id: int, user_ids: set[int]) -> set[int]:
    """Which of ``user_ids`` are active members of the group (one query, for fan-out)."""
    return set(
        Membership.objects.filter(
            group_id=group_id, user_id__in=user_ids, state=Membership.State.ACTIVE
        ).values_list("user_id", flat=True)
    )


def group_viewer_ids(group: WorkingGroup, user_ids: set[int]) -> set[int]:
    """Which of ``user_ids`` may see the group now: everyone for a public group, otherwise its
    active members and staff (``group_is_visible_to`` for many people in two queries)."""
    if group.is_public:
        return set(user_ids)
    from accounts.models import User

    staff = set(User.objects.filter(pk__in=user_ids, is_staff=True).values_list("pk", flat=True))
    return staff | group_member_ids(group.pk, user_ids)
