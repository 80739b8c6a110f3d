"""What a member follows, and their weekly digest choice."""

from accounts.lifecycle.registry import rows
from hub.follows.models import DigestPreference, Follow


def export(user) -> dict:
    preference = DigestPreference.objects.filter(user=user).first()
    return {
        "following": rows(
            Follow.objects.filter(user=user), "target_type", "target_id", "created_at"
        ),
        "weekly_digest": bool(preference and preference.weekly),
    }


def erase(user, *, remove_content: bool) -> dict:
    follows, _ = Follow.objects.filter(user=user).delete()
    DigestPreference.objects.filter(user=user).delete()
    return {"follows": follows}
