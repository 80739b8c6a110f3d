"""Writes for following."""

from django.db import IntegrityError, transaction

from hub.follows.models import Follow, FollowTarget


def follow_set(*, user, target_type: str, target_id: object, following: bool) -> bool:
    """Follow or unfollow; returns whether the user now follows the target. Idempotent."""
    if target_type not in FollowTarget.values:
        raise ValueError(f"unknown follow target type {target_type!r}")
    key = str(target_id)[:100]
    if not following:
        Follow.objects.filter(user=user, target_type=target_type, target_id=key).delete()
        return False
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, target_type=target_type, target_id=key)
    except IntegrityError:
        pass  # a concurrent request already created it
    return True
