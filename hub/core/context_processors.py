"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hub.core import i18n

# (label, path prefix) for the service navigation; the current section is the longest match.
NAVIGATION = [
    (_("Blog"), "/blog/"),
    (_("Standards"), "/standards/"),
    (_("Working groups"), "/groups/"),
    (_("Discussions"), "/channels/"),
    (_("Projects"), "/projects/"),
    (_("Services"), "/services/"),
    (_("People"), "/people/"),
    (_("Councils"), "/councils/"),
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
    return {"service_name": _("LocalGov Hub"), "site_url": site_url, "nav_items": nav_items}


def languages(request: HttpRequest) -> dict:
    """The page's ``lang``, the header's language switcher and the ``hreflang`` alternates."""
    current = translation.get_language()
    site_url = request.build_absolute_uri("/").rstrip("/") if settings.DEBUG else settings.SITE_URL
    links = []
    for code, name in settings.LANGUAGES:
        href = i18n.switch_url(request, code)
        links.append(
            {
                "code": code,
                "name": name,
                "lang": i18n.html_lang(code),
                "href": href,
                "absolute_url": site_url + href,
                "current": i18n.supported(current) == code,
                "switch_to": i18n.SWITCH_TO[code],
            }
        )
    return {
        "html_lang": i18n.html_lang(current),
        "language_code": i18n.supported(current) or i18n.ENGLISH,
        "language_links": links,
        "x_default_url": site_url + request.path,
    }
