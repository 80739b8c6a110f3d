"""Standards of public working groups, and their published versions, for /sitemap.xml."""

from django.urls import reverse

from hub.standards.models import StandardVersion
from hub.standards.selectors import standards_visible_to


def standards() -> list:
    visible = standards_visible_to(None)
    pages = [
        (reverse("standards:detail", kwargs={"slug": slug}), updated)
        for slug, updated in visible.values_list("slug", "updated_at").order_by("slug")
    ]
    versions = StandardVersion.objects.filter(standard__in=visible).select_related("standard")
    pages += [(version.get_absolute_url(), None) for version in versions]
    return pages


SECTIONS = [standards]
