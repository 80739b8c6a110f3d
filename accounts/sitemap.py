"""People's public profiles for /sitemap.xml (hub.core.sitemap): complete, active, not hidden."""

from django.urls import reverse

from accounts.selectors import people_list


def profiles() -> list:
    rows = people_list().values_list("handle", "updated_at").order_by("handle")
    return [(reverse("accounts:profile", kwargs={"handle": h}), updated) for h, updated in rows]


SECTIONS = [profiles]
