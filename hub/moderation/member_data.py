"""Content a member flagged for moderators. Flags stay for the moderation record (as raised
by "a former member")."""

from accounts.lifecycle.registry import rows
from hub.moderation.models import Flag


def export(user) -> dict:
    return {
        "flags_raised": rows(
            Flag.objects.filter(reporter=user),
            "content_type__model",
            "object_id",
            "reason",
            "created_at",
            "resolution",
        )
    }
