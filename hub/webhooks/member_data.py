"""A member's webhooks (never their secrets); deleted with the account."""

from accounts.lifecycle.registry import rows
from hub.webhooks.models import Webhook


def export(user) -> dict:
    return {
        "webhooks": rows(
            Webhook.objects.filter(owner=user),
            "url",
            "scope_type",
            "scope_name",
            "kinds",
            "is_active",
            "created_at",
        )
    }


def erase(user, *, remove_content: bool) -> dict:
    removed, _ = Webhook.objects.filter(owner=user).delete()
    return {"webhooks": removed}
