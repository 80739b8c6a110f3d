"""Atom feeds: the whole hub, one author, one tag, one council.

Only public posts (published, due, not hidden) ever appear; each feed runs a fixed number of
queries (posts with authors, then tags) whatever its length.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from taggit.models import Tag

from accounts.models import Profile
from hub.blog.models import Post
from hub.core.feeds import SafeAtom1Feed
from hub.core.rendering import render_many
from hub.councils.models import Council

FEED_SIZE = 20


class _PostFeed(Feed):
    feed_type = SafeAtom1Feed

    def _posts(self, obj):
        raise NotImplementedError

    def items(self, obj=None):
        posts = list(
            self._posts(obj)
            .select_related("author__profile")
            .prefetch_related("tags")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )
        rendered = render_many([(post.body_format, post.body) for post in posts])
        for post, html in zip(posts, rendered, strict=True):
            post.__dict__["rendered_body"] = html  # one cache round trip for the feed
        return posts

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        return post.rendered_body

    def item_link(self, post: Post) -> str:
        # Absolute from SITE_URL: the sites framework's domain is not the hub's address.
        return settings.SITE_URL + post.get_absolute_url()

    def item_guid(self, post: Post) -> str:
        return f"{settings.SITE_URL}/blog/posts/{post.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, post: Post) -> str:
        return post.author.profile.public_name

    def item_author_link(self, post: Post) -> str:
        return settings.SITE_URL + post.author.profile.get_absolute_url()

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return post.edited_at or post.published_at

    def item_categories(self, post: Post):
        return [tag.name for tag in post.tags.all()]


class HubFeed(_PostFeed):
    title = "LocalGov Hub: latest posts"
    subtitle = "Posts by UK local-government digital practitioners."

    def link(self):
        return settings.SITE_URL + reverse("blog:list")

    def feed_url(self):
        return settings.SITE_URL + reverse("blog:feed")

    def _posts(self, obj):
        return Post.objects.published()


class AuthorFeed(_PostFeed):
    def get_object(self, request, handle: str):
        return get_object_or_404(Profile, handle=handle, user__is_active=True)

    def title(self, profile: Profile) -> str:
        return gettext("%(public_name)s on LocalGov Hub") % {"public_name": profile.public_name}

    def link(self, profile: Profile) -> str:
        return settings.SITE_URL + reverse("author_blog", kwargs={"handle": profile.handle})

    def feed_url(self, profile: Profile) -> str:
        return settings.SITE_URL + reverse("author_blog_feed", kwargs={"handle": profile.handle})

    def _posts(self, profile: Profile):
        return Post.objects.published().filter(author_id=profile.user_id)


class TagFeed(_PostFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag: Tag) -> str:
        return gettext("LocalGov Hub posts tagged “%(name)s”") % {"name": tag.name}

    def link(self, tag: Tag) -> str:
        return settings.SITE_URL + reverse("blog:list") + f"?tag={tag.slug}"

    def feed_url(self, tag: Tag) -> str:
        return settings.SITE_URL + reverse("blog:tag_feed", kwargs={"slug": tag.slug})

    def _posts(self, tag: Tag):
        return Post.objects.published().filter(tags__slug=tag.slug).distinct()


class CouncilFeed(_PostFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Council, slug=slug)

    def title(self, council: Council) -> str:
        return gettext("LocalGov Hub posts about %(name)s") % {"name": council.name}

    def link(self, council: Council) -> str:
        return settings.SITE_URL + reverse("blog:list") + f"?council={council.slug}"

    def feed_url(self, council: Council) -> str:
        return settings.SITE_URL + reverse("blog:council_feed", kwargs={"slug": council.slug})

    def _posts(self, council: Council):
        return Post.objects.published().filter(councils=council).distinct()
