"""A member's API tokens (names and scopes, never the secret); deleted with the account."""

from accounts.lifecycle.registry import rows
from hub.api.models import PersonalAccessToken


def export(user) -> dict:
    return {
        "api_tokens": rows(
            PersonalAccessToken.objects.filter(user=user),
            "name",
            "prefix",
            "scopes",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        )
    }


def erase(user, *, remove_content: bool) -> dict:
    removed, _ = PersonalAccessToken.objects.filter(user=user).delete()
    return {"api_tokens": removed}
