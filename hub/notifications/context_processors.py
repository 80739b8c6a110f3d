from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest

from hub.notifications.models import Notification

UNREAD_CACHE_SECONDS = 60


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _unread(request: HttpRequest) -> tuple[int, int]:
    """(unread count, newest unread id), read once per request.

    Kept in the cache for a minute (every page's header shows it); the services that send
    notifications or mark them read drop the member's entry, so it is never stale for them.
    """
    cached = getattr(request, "_unread_notifications", None)
    if cached is None:
        key = unread_cache_key(request.user.pk)
        cached = cache.get(key)
        if cached is None:
            row = Notification.objects.filter(
                recipient=request.user, read_at__isnull=True
            ).aggregate(count=Count("id"), newest=Max("id"))
            cached = (row["count"], row["newest"] or 0)
            cache.set(key, cached, UNREAD_CACHE_SECONDS)
        request._unread_notifications = cached
    return cached


def unread_notifications(request: HttpRequest) -> dict:
    """Unread count for the header badge; evaluated lazily so pages that don't show it pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return _unread(request)[0]

    return {"unread_notifications_count": count}
