"""Who may be told about a standard: followers and people who can still see it."""

from __future__ import annotations

from django.db.models import Q

from hub.follows.selectors import followers
from hub.groups.models import Membership
from hub.standards.models import Standard
from hub.standards.selectors import standard_is_visible_to


def followers_who_can_see(standard: Standard) -> list:
    """Followers who may still see the standard. Someone who followed while the group was
    public, or who has since left a members-only group, must not learn its titles and news
    from notifications."""
    people = followers(target_type="standard", target_id=standard.pk)
    if not standard.group.is_public:
        people = people.filter(
            Q(is_staff=True)
            | Q(
                group_memberships__group=standard.group,
                group_memberships__state=Membership.State.ACTIVE,
            )
        ).distinct()
    return list(people)


def who_can_see(standard: Standard, people: list) -> list:
    return [person for person in people if person and standard_is_visible_to(standard, person)]
