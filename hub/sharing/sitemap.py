"""Shared work for /sitemap.xml (hub.core.sitemap): services' prior-work pages, and projects
and artefacts not hidden by a moderator."""

from django.urls import reverse

from hub.sharing.models import Artefact, Project, ServiceTopic


def shared_work() -> list:
    pages = [
        (reverse("sharing:service", kwargs={"slug": slug}), None)
        for slug in ServiceTopic.objects.values_list("slug", flat=True).order_by("slug")
    ]
    for model, name in ((Project, "sharing:project"), (Artefact, "sharing:artefact")):
        rows = model.objects.filter(is_hidden=False).values_list("slug", "updated_at")
        pages += [(reverse(name, kwargs={"slug": slug}), updated) for slug, updated in rows]
    return pages


SECTIONS = [shared_work]
