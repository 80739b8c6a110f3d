"""Writes for blogs. Views, the syndication importer and other apps call these, nothing else.

Every write that changes what search should show queues the objects with ``index_later`` in the
same transaction; notifications go out after commit, carrying primary keys.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from hub.blog.models import (
    BODY_MAX,
    COMMENT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Comment,
    CommentUseful,
    Post,
    PostUseful,
    SyndicatedFeed,
)
from hub.core import content_language
from hub.core.ratelimit import rate_limit_consume
from hub.notifications.events import emit
from search.outbox import index_later, index_later_by_key

MAX_COMMENT_DEPTH = 3  # depths 0, 1, 2: a reply to a third-level comment joins its thread
SLUG_MAX = 80


class RateLimited(Exception):
    """The member has posted too often in the current window."""


def _check_rate(action: str, user: User) -> None:
    rate = settings.BLOG_RATE_LIMITS[action]
    if not rate_limit_consume(f"blog.{action}:{user.pk}", rate):
        raise RateLimited(
            gettext("You have done that a lot recently (limit %(rate)s). Try again later.")
            % {"rate": rate}
        )


def _validate_post_fields(*, title: str, body: str, summary: str) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = gettext("Enter a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = gettext("Title must be %(TITLE_MAX)s characters or fewer.") % {
            "TITLE_MAX": TITLE_MAX
        }
    if len(body) > BODY_MAX:
        errors["body"] = gettext("The post must be %(BODY_MAX)s characters or fewer.") % {
            "BODY_MAX": format(BODY_MAX, ",")
        }
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = gettext("Summary must be %(SUMMARY_MAX)s characters or fewer.") % {
            "SUMMARY_MAX": SUMMARY_MAX
        }
    if errors:
        raise ValidationError(errors)


def _unique_slug(author: User, title: str) -> str:
    base = slugify(title)[:SLUG_MAX].strip("-") or "post"
    taken = set(
        Post.objects.filter(author=author, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)] + suffix
        number += 1
    return slug


def _reindex_post(post: Post) -> None:
    """A post's visibility also decides its comments' visibility in search."""
    index_later(post)
    comment_ids = list(post.comments.values_list("pk", flat=True))
    if comment_ids:
        index_later_by_key("blog.comment", *comment_ids)


def post_rate_check(*, user: User) -> None:
    """Count one post against the member's limit; raises RateLimited when it is used up."""
    _check_rate("post", user)


def preview_rate_check(*, user: User) -> None:
    """Count one preview (a Markdown render that saves nothing); raises RateLimited."""
    _check_rate("preview", user)


@transaction.atomic
def post_create(
    *,
    author: User,
    title: str,
    body: str,
    summary: str = "",
    status: str = Post.Status.DRAFT,
    tags: Iterable[str] = (),
    councils=None,
    services=(),
    source_links: Sequence[tuple[str, str]] = (),
    published_at: datetime | None = None,
    body_format: str = Post.Format.MARKDOWN,
    canonical_url: str = "",
    syndicated_from: SyndicatedFeed | None = None,
    source_entry_id: str = "",
    language: str | None = None,
) -> Post:
    """Create a post. ``councils=None`` means the author's council; a future ``published_at``
    with ``status="published"`` schedules it."""
    _validate_post_fields(title=title, body=body, summary=summary)
    if status == Post.Status.PUBLISHED and published_at is None:
        published_at = timezone.now()
    post = Post.objects.create(
        author=author,
        title=title.strip(),
        slug=_unique_slug(author, title),
        summary=summary.strip(),
        body=body,
        body_format=body_format,
        language=content_language.clean(language, author),
        status=status,
        published_at=published_at if status == Post.Status.PUBLISHED else None,
        awaiting_publication=bool(
            status == Post.Status.PUBLISHED and published_at and published_at > timezone.now()
        ),
        canonical_url=canonical_url,
        syndicated_from=syndicated_from,
        source_entry_id=source_entry_id,
        source_links=[[str(label), str(url)] for label, url in source_links],
    )
    if councils is None:
        profile = getattr(author, "profile", None)
        councils = [profile.council] if profile and profile.council_id else []
    post.councils.set(councils)
    post.services.set(services)
    if tags:
        post.tags.set(list(tags))
    index_later(post)
    if post.is_published:  # a scheduled post is announced by posts_publish_due at its time
        emit("blog.post_published", actor=author, post=post.pk)
    return post


@transaction.atomic
def post_update(
    *,
    post: Post,
    editor: User,
    title: str,
    body: str,
    summary: str = "",
    tags: Iterable[str] = (),
    councils=(),
    services=(),
    status: str | None = None,
    published_at: datetime | None = None,
    language: str | None = None,
) -> Post:
    """The author edits their post. Editing after publication (or an imported post) sets
    ``edited_at``, which also stops syndication from overwriting it."""
    if editor.pk != post.author_id:
        raise PermissionDenied(gettext("Only the author can edit this post."))
    _validate_post_fields(title=title, body=body, summary=summary)
    was_visible = post.is_published
    post.title = title.strip()
    post.body = body
    post.summary = summary.strip()
    if language:
        post.language = content_language.clean(language, editor)
    if status is not None:
        post.status = status
    if post.status == Post.Status.PUBLISHED:
        post.published_at = published_at or post.published_at or timezone.now()
    else:
        post.published_at = None
    post.awaiting_publication = post.is_scheduled
    if was_visible or post.syndicated_from_id:
        post.edited_at = timezone.now()
    post.save()
    post.councils.set(councils)
    post.services.set(services)
    post.tags.set(list(tags))
    _reindex_post(post)
    if post.is_published and not was_visible:
        emit("blog.post_published", actor=editor, post=post.pk)
    return post


@transaction.atomic
def post_delete(*, post: Post, actor: User) -> None:
    """The author deletes their post and its comments for good."""
    if actor.pk != post.author_id:
        raise PermissionDenied(gettext("Only the author can delete this post."))
    _reindex_post(post)
    post.delete()


def posts_publish_due(*, now: datetime | None = None) -> int:
    """Queue scheduled posts whose time has come for search; returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Post.objects.filter(awaiting_publication=True, published_at__lte=now)
            .select_for_update(skip_locked=True)
            .only("pk", "author_id")
        )
        for post in due:
            _reindex_post(post)
            emit("blog.post_published", actor_id=post.author_id, post=post.pk)
        Post.objects.filter(pk__in=[p.pk for p in due]).update(awaiting_publication=False)
    return len(due)


def _validate_comment(body: str) -> str:
    if not body.strip():
        raise ValidationError({"body": gettext("Enter a comment.")})
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            {
                "body": gettext("Comments must be %(COMMENT_MAX)s characters or fewer.")
                % {"COMMENT_MAX": format(COMMENT_MAX, ",")}
            }
        )
    return body


@transaction.atomic
def comment_create(
    *,
    post: Post,
    author: User,
    body: str,
    parent: Comment | None = None,
    rate_limited: bool = True,
) -> Comment:
    """Comment on a published post, or reply to a comment on it. ``rate_limited=False`` is for
    trusted bulk writers (demo data), never for member requests."""
    if not post.is_public:
        raise PermissionDenied(gettext("This post is not open for comments."))
    body = _validate_comment(body)
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError(gettext("That comment belongs to another post."))
        while parent.depth >= MAX_COMMENT_DEPTH - 1 and parent.parent_id:
            parent = parent.parent  # keep threads readable: deep replies join the last level
    if rate_limited:
        _check_rate("comment", author)
    comment = Comment.objects.create(
        post=post,
        author=author,
        parent=parent,
        depth=(parent.depth + 1) if parent else 0,
        body=body,
    )
    index_later(comment)
    if parent is not None:
        emit("blog.reply_posted", actor=author, comment=comment.pk)
    emit("blog.comment_posted", actor=author, comment=comment.pk)
    return comment


def comment_can_edit(comment: Comment, user: User, *, now: datetime | None = None) -> bool:
    """The author may edit for a short while after posting."""
    if not user.is_authenticated or user.pk != comment.author_id:
        return False
    if comment.is_deleted or comment.is_hidden:
        return False
    window = timedelta(minutes=settings.BLOG_COMMENT_EDIT_MINUTES)
    return (now or timezone.now()) - comment.created_at <= window


@transaction.atomic
def comment_edit(*, comment: Comment, editor: User, body: str) -> Comment:
    if not comment_can_edit(comment, editor):
        raise PermissionDenied(
            gettext(
                "Comments can be edited by their author for %(BLOG_COMMENT_EDIT_MINUTES)s minutes after posting."
            )
            % {"BLOG_COMMENT_EDIT_MINUTES": settings.BLOG_COMMENT_EDIT_MINUTES}
        )
    comment.body = _validate_comment(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    index_later(comment)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User) -> Comment:
    """The author deletes their comment; replies stay, under "comment deleted"."""
    if actor.pk != comment.author_id:
        raise PermissionDenied(gettext("Only the author can delete this comment."))
    comment.is_deleted = True
    comment.body = ""
    comment.save(update_fields=["is_deleted", "body"])
    index_later(comment)
    return comment


def _toggle(model, *, user: User, **target) -> bool:
    deleted, _ = model.objects.filter(user=user, **target).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            model.objects.create(user=user, **target)
    except IntegrityError:  # a double-click raced us; the mark exists, which is what they want
        pass
    return True


class OwnContent(ValidationError):
    """ "Useful" is others' verdict: a member cannot mark their own post or comment."""


def post_useful_toggle(*, post: Post, user: User) -> bool:
    """Mark or unmark a post as useful; returns whether it is now marked."""
    if not post.is_public:
        raise PermissionDenied(gettext("This post is not available."))
    if post.author_id == user.pk:
        raise OwnContent(gettext("You cannot mark your own post useful."))
    return _toggle(PostUseful, user=user, post=post)


def comment_useful_toggle(*, comment: Comment, user: User) -> bool:
    if comment.is_deleted or comment.is_hidden or not comment.post.is_public:
        raise PermissionDenied(gettext("This comment is not available."))
    if comment.author_id == user.pk:
        raise OwnContent(gettext("You cannot mark your own comment useful."))
    return _toggle(CommentUseful, user=user, comment=comment)


def feed_register(*, owner: User, url: str) -> SyndicatedFeed:
    """Register a practitioner's own blog feed for import; ``sync_feeds`` fetches it."""
    from hub.blog.syndication import validate_feed_url

    validate_feed_url(url)
    if SyndicatedFeed.objects.filter(owner=owner, url=url).exists():
        raise ValidationError({"url": gettext("You have already added this feed.")})
    if SyndicatedFeed.objects.filter(owner=owner).count() >= settings.BLOG_MAX_FEEDS_PER_MEMBER:
        raise ValidationError(
            {
                "url": gettext("You can add up to %(BLOG_MAX_FEEDS_PER_MEMBER)s feeds.")
                % {"BLOG_MAX_FEEDS_PER_MEMBER": settings.BLOG_MAX_FEEDS_PER_MEMBER}
            }
        )
    return SyndicatedFeed.objects.create(owner=owner, url=url)


def feed_remove(*, feed: SyndicatedFeed, actor: User) -> None:
    """Stop importing a feed. Posts already imported stay, as the author's own posts."""
    if actor.pk != feed.owner_id:
        raise PermissionDenied(gettext("Only the owner can remove this feed."))
    feed.delete()
