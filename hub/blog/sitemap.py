"""The blog's public pages for /sitemap.xml (hub.core.sitemap): published, visible posts."""

from django.urls import reverse

from hub.blog.models import Post


def posts() -> list:
    rows = (
        Post.objects.published()
        .filter(author__profile__handle__isnull=False)
        .values_list("author__profile__handle", "slug", "updated_at")
        .order_by("-published_at")
    )
    return [
        (reverse("blog:post", kwargs={"handle": handle, "slug": slug}), updated)
        for handle, slug, updated in rows
    ]


SECTIONS = [posts]
