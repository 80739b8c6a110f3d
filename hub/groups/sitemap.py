"""Public working groups for /sitemap.xml (hub.core.sitemap)."""

from django.urls import reverse

from hub.groups.selectors import groups_visible_to


def groups() -> list:
    rows = groups_visible_to(None).values_list("slug", "updated_at").order_by("slug")
    return [(reverse("groups:detail", kwargs={"slug": slug}), updated) for slug, updated in rows]


SECTIONS = [groups]
