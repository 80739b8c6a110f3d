"""The profile page shows the practitioner's recent posts and links to their blog."""

from django.urls import reverse
from django.utils.translation import gettext

from hub.blog.selectors import recent_posts


def recent_posts_section(request, profile):
    posts = recent_posts(author=profile.user, limit=5)
    is_own = request.user.is_authenticated and request.user.pk == profile.user_id
    if not posts and not is_own:
        return None
    return {
        "template": "blog/sections/profile_posts.html",
        "title": gettext("Blog posts"),
        "posts": posts,
        "is_own": is_own,
        "blog_url": reverse("author_blog", kwargs={"handle": profile.handle}),
    }


SECTIONS = [recent_posts_section]
