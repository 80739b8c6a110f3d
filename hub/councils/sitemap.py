"""Council pages for /sitemap.xml (hub.core.sitemap): current councils."""

from django.urls import reverse

from hub.councils.models import Council


def councils() -> list:
    slugs = Council.objects.filter(end_date__isnull=True).values_list("slug", flat=True)
    return [(reverse("councils:detail", kwargs={"slug": slug}), None) for slug in slugs]


SECTIONS = [councils]
