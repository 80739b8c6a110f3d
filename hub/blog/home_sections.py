"""The home page shows the latest posts across the hub."""

from django.utils.translation import gettext

from hub.blog.selectors import recent_posts


def latest_posts_section(request):
    posts = recent_posts(limit=5)
    if not posts:
        return None
    return {
        "template": "blog/sections/home_posts.html",
        "title": gettext("Latest posts"),
        "posts": posts,
    }


SECTIONS = [latest_posts_section]
