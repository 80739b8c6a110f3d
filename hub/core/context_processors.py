"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest

# (label, path prefix) for the service navigation; the current section is the longest match.
NAVIGATION = [
    ("Blog", "/blog/"),
    ("Standards", "/standards/"),
    ("Working groups", "/groups/"),
    ("Discussions", "/channels/"),
    ("Projects", "/projects/"),
    ("Services", "/services/"),
    ("People", "/people/"),
    ("Councils", "/councils/"),
]


def site(request: HttpRequest) -> dict:
    """Service name, absolute site URL and navigation for the layout."""
    path = request.path
    nav_items = [
        {"text": text, "href": href, "current": path.startswith(href)} for text, href in NAVIGATION
    ]
    # In development the page's own origin wins, so canonical links follow whatever port the
    # server was started on; in production SITE_URL is the one public address.
    site_url = request.build_absolute_uri("/").rstrip("/") if settings.DEBUG else settings.SITE_URL
    return {"service_name": "LocalGov Hub", "site_url": site_url, "nav_items": nav_items}
