from django.http import HttpRequest

from hub.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict:
    """Unread count for the header badge; evaluated lazily so pages that don't show it pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notifications_count": count}
