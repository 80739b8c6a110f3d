"""Reads for following."""

from accounts.models import User
from hub.follows.models import Follow


def follower_ids(*, target_type: str, target_id: object) -> list[int]:
    """User ids of everyone following the target."""
    return list(
        Follow.objects.filter(target_type=target_type, target_id=str(target_id)).values_list(
            "user_id", flat=True
        )
    )


def followers(*, target_type: str, target_id: object):
    return User.objects.filter(pk__in=follower_ids(target_type=target_type, target_id=target_id))


def is_following(*, user, target_type: str, target_id: object) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Follow.objects.filter(
        user=user, target_type=target_type, target_id=str(target_id)
    ).exists()


def follows_of(*, user) -> dict[str, set[str]]:
    """Everything the user follows, grouped by target type."""
    grouped: dict[str, set[str]] = {}
    for target_type, target_id in Follow.objects.filter(user=user).values_list(
        "target_type", "target_id"
    ):
        grouped.setdefault(target_type, set()).add(target_id)
    return grouped


def followed_targets(*, user) -> list:
    """Everything the user follows, resolved to names and links (gone or hidden ones left out)."""
    from hub.follows.targets import resolve_many

    follows = Follow.objects.filter(user=user).order_by("target_type", "-created_at")
    return resolve_many([(f.target_type, f.target_id) for f in follows], user)
