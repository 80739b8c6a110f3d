"""Working-group memberships in a member's download; leaving the hub leaves every group."""

from accounts.lifecycle.registry import rows
from hub.groups.models import Membership
from hub.groups.selectors import forget_membership_cache


def export(user) -> dict:
    return {
        "working_groups": rows(
            Membership.objects.filter(user=user), "group__name", "role", "state", "created_at"
        )
    }


def erase(user, *, remove_content: bool) -> dict:
    left, _ = Membership.objects.filter(user=user).delete()
    forget_membership_cache(user)
    return {"memberships": left}
