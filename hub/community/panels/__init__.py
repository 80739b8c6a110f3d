"""The community pages' panels: each is one table of figures (shown, charted and downloadable).

Declared once in ``PANELS``: the staff dashboard, the public "state of the community" page and
the CSV downloads all read the same functions. Every figure comes from the owning app's public
selectors (``hub.blog.selectors.authorship_by_week`` and so on): this package never queries
another app's models. Each builder runs a fixed number of grouped queries, whatever the data,
and returns its panels (one, or two from one query: councils by nation and by type).

``public=True`` is the public page: only public data, and members-only working groups never
appear, not even as counts (``public_only`` in the standards selectors).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from hub.community.panels.base import Filters, Panel
from hub.community.panels.people import activity, councils_taking_part
from hub.community.panels.projects import backed_projects, projects
from hub.community.panels.standards import adoption, adoption_by_standard, conformance
from hub.community.panels.upkeep import moderation_queue, searches, unanswered

__all__ = ["PANELS", "Filters", "Panel", "panel", "panels_for"]

Builder = Callable[..., list[Panel]]

# Declare once, in page order: key -> (the builder that makes it, on the public page too).
PANELS: dict[str, tuple[Builder, bool]] = {
    "activity": (activity, False),
    "councils-by-nation": (councils_taking_part, True),
    "councils-by-type": (councils_taking_part, True),
    "adoption": (adoption, True),
    "conformance": (conformance, True),
    "standards": (adoption_by_standard, True),
    "projects": (projects, True),
    "backed": (backed_projects, True),
    "unanswered": (unanswered, False),
    "frequent-searches": (searches, False),
    "searches-without-clicks": (searches, False),
    "searches": (searches, False),
    "moderation": (moderation_queue, False),
}


def _cache_key(filters: Filters, public: bool) -> str:
    # Titles and summaries are in the reader's language.
    return (
        f"community:panels:v2:{'public' if public else 'staff'}:{get_language()}:"
        f"{filters.since:%Y%m%d}:{filters.until:%Y%m%d}:{filters.council_id or 0}"
    )


def _build(filters: Filters, public: bool) -> list[Panel]:
    builders = dict.fromkeys(
        build for build, on_public_page in PANELS.values() if on_public_page or not public
    )
    return [built for build in builders for built in build(filters, public=public)]


def panels_for(filters: Filters, *, public: bool) -> list[Panel]:
    """Every panel for the page, cached per filter for ``COMMUNITY_CACHE_SECONDS``: the public
    page is anonymous, and a burst of requests must not each run every aggregate."""
    seconds = settings.COMMUNITY_CACHE_SECONDS
    key = _cache_key(filters, public)
    if seconds and (cached := cache.get(key)) is not None:
        return cached
    built = _build(filters, public)
    if seconds:
        cache.set(key, built, seconds)
    return built


def panel(key: str, filters: Filters, *, public: bool) -> Panel | None:
    """One panel (for its CSV), from the page's cached set when there is one."""
    entry = PANELS.get(key)
    if entry is None or (public and not entry[1]):
        return None
    if settings.COMMUNITY_CACHE_SECONDS and (cached := cache.get(_cache_key(filters, public))):
        return next((p for p in cached if p.key == key), None)
    return next((p for p in entry[0](filters, public=public) if p.key == key), None)
