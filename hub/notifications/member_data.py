"""A member's email choices and notifications (their own; never other people's)."""

from accounts.lifecycle.registry import rows
from hub.notifications.models import EmailPreference, Notification


def export(user) -> dict:
    return {
        "email_choices": rows(EmailPreference.objects.filter(user=user), "kind", "frequency"),
        "notifications": rows(
            Notification.objects.filter(recipient=user).order_by("created_at"),
            "kind",
            "text",
            "url",
            "created_at",
            "read_at",
        ),
    }


def erase(user, *, remove_content: bool) -> dict:
    # Waiting emails go with their notifications (cascade), so nothing more is sent.
    notifications, _ = Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    return {"notifications": notifications}
