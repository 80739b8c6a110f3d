"""The council page shows recent posts tagged with the council."""

from django.utils.translation import gettext

from hub.blog.selectors import recent_posts


def council_posts_section(request, council):
    posts = recent_posts(council=council, limit=5)
    if not posts:
        return None
    return {
        "template": "blog/sections/council_posts.html",
        "title": gettext("Blog posts"),
        "posts": posts,
        "council": council,
    }


SECTIONS = [council_posts_section]
