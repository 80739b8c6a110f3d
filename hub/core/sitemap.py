"""``/robots.txt`` and ``/sitemap.xml``: what search engines may crawl, and every public page.

Each app lists its own public pages in ``<app>/sitemap.py`` as ``SECTIONS = [fn]``, where
``fn()`` returns ``[(path, lastmod or None), ...]`` (the ``hub.core.contributions`` extension
point): core never imports another app's models. Only pages anyone can open signed out belong
there: nothing members-only, hidden by a moderator, a draft or scheduled.
"""

from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from hub.core.contributions import collect

# Pages for people, not crawlers: accounts, personal pages, moderation, search results (endless
# and thin), members-only channels, the JSON API and the admin.
DISALLOW = [
    "/accounts/",
    "/account/",
    "/profile/",
    "/notifications/",
    "/follow/",
    "/webhooks/",
    "/moderation/",
    "/search/",
    "/channels/",
    "/api/v1/",
    "/admin/",
]

STATIC_PAGES = [
    "/",
    "/blog/",
    "/councils/",
    "/people/",
    "/groups/",
    "/standards/",
    "/services/",
    "/projects/",
    "/artefacts/",
    "/backing/",
    "/community/",
    "/accessibility/",
]


def _origin(request: HttpRequest) -> str:
    # As canonical links do: the request's own origin in development, SITE_URL otherwise.
    if settings.DEBUG:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL.rstrip("/")


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOW)]
    lines += ["", f"Sitemap: {_origin(request)}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def public_pages() -> list[tuple[str, datetime | None]]:
    """Every public page's path and last change, static pages first, each path once."""
    seen, pages = set(), []
    for path, lastmod in [(path, None) for path in STATIC_PAGES] + [
        entry for section in collect("sitemap") for entry in section
    ]:
        if path not in seen:
            seen.add(path)
            pages.append((path, lastmod))
    return pages


@require_GET
@cache_control(max_age=600, public=True)
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    origin = _origin(request)
    body = render_to_string(
        "core/sitemap.xml",
        {"urls": [(origin + path, lastmod) for path, lastmod in public_pages()]},
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
