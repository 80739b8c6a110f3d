"""Practitioner blogs: posts, threaded comments, "useful" reactions and syndicated feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from hub.core import content_language

TITLE_MAX = 200
SUMMARY_MAX = 500
BODY_MAX = 100_000
COMMENT_MAX = 10_000


class PostQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Published, due (a future publish time is a schedule) and not hidden: what anyone sees.

        ``now`` defaults to the clock (statistics pass it, to compile their query once)."""
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__lte=now or timezone.now(), is_hidden=False
        )

    def visible_to(self, user):
        """Everything ``user`` may open: the public set, plus their own, plus all for moderators."""
        if user is not None and user.is_authenticated:
            if user.is_moderator:
                return self.filter(
                    Q(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())
                    | Q(author=user)
                )
            return self.filter(
                Q(status=Post.Status.PUBLISHED, published_at__lte=timezone.now(), is_hidden=False)
                | Q(author=user)
            )
        return self.published()


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Format(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML (imported from a feed)")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_posts"
    )
    title = models.CharField(max_length=TITLE_MAX)
    slug = models.SlugField(max_length=100, allow_unicode=False)
    summary = models.TextField(max_length=SUMMARY_MAX, blank=True)
    body = models.TextField(max_length=BODY_MAX, blank=True)
    body_format = models.CharField(max_length=10, choices=Format.choices, default=Format.MARKDOWN)
    language = content_language.language_field()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text=_("A time in the future schedules the post.")
    )
    # Set when a scheduled post is saved; publish_due_posts clears it once the post is due and
    # queued for search, because nothing else happens at the moment a schedule passes.
    awaiting_publication = models.BooleanField(default=False)
    tags = TaggableManager(blank=True, help_text=_("Comma-separated, like: bins, forms, APIs"))
    councils = models.ManyToManyField("councils.Council", blank=True, related_name="blog_posts")
    services = models.ManyToManyField("sharing.ServiceTopic", blank=True, related_name="blog_posts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Last edit by the author after publication.")
    )
    # Syndication: where an imported post came from. Local edits (edited_at) are never
    # overwritten by a later import.
    canonical_url = models.URLField(max_length=1000, blank=True)
    syndicated_from = models.ForeignKey(
        "blog.SyndicatedFeed",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    source_entry_id = models.CharField(max_length=1000, blank=True)
    source_links = models.JSONField(
        default=list, blank=True, help_text=_('[[label, url], ...]: "Started from a discussion".')
    )
    is_hidden = models.BooleanField(default=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "slug"], name="blog_post_slug_per_author"),
            models.UniqueConstraint(
                fields=["syndicated_from", "source_entry_id"],
                condition=~Q(source_entry_id=""),
                name="blog_post_one_import_per_entry",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "is_hidden", "-published_at"]),
            models.Index(fields=["author", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "blog:post", kwargs={"handle": self.author.profile.handle, "slug": self.slug}
        )

    @property
    def is_published(self) -> bool:
        """Published and due: what everyone else may see (unless hidden)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_public(self) -> bool:
        return self.is_published and not self.is_hidden

    @property
    def safe_source_links(self) -> list[tuple[str, str]]:
        """Source links with only site-relative or http(s) targets (never javascript:)."""
        links = []
        for item in self.source_links or []:
            if not isinstance(item, list | tuple) or len(item) != 2:
                continue
            label, url = str(item[0]), str(item[1])
            if (url.startswith("/") and not url.startswith("//")) or url.startswith(
                ("https://", "http://")
            ):
                links.append((label, url))
        return links

    @cached_property
    def rendered_body(self) -> SafeString:
        """The body as safe HTML: Markdown rendered, imported HTML sanitised again on display."""
        from hub.core.rendering import render_many

        return render_many([(self.body_format, self.body)])[0]


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Deleting keeps the row so replies keep their place; the body is blanked.
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.post_id}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @cached_property
    def rendered_body(self) -> SafeString:
        """The comment's Markdown as safe HTML (selectors fill this in bulk)."""
        from hub.core.rendering import render_many

        return render_many([("markdown", self.body)])[0]


class PostUseful(models.Model):
    """One member found a post useful. One per person per post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="useful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="blog_post_useful_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} found post {self.post_id} useful"


class CommentUseful(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="useful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="blog_comment_useful_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} found comment {self.comment_id} useful"


class SyndicatedFeed(models.Model):
    """A practitioner's own blog feed (RSS or Atom), imported as posts by ``sync_feeds``."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="syndicated_feeds"
    )
    url = models.URLField(_("Feed address"), max_length=1000)
    title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    failure_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "url"], name="blog_feed_once_per_owner")
        ]

    def __str__(self) -> str:
        return self.title or self.url
