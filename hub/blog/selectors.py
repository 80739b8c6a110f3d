"""Reads for blogs. Every list runs a fixed number of queries, whatever its length."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from hub.blog.models import Comment, CommentUseful, Post, PostUseful, SyndicatedFeed
from hub.core.prepared import PreparedQuery
from hub.core.rendering import render_many
from hub.core.weekly import tally_weeks, weekly_authorship_rows
from hub.councils.models import Council


def _count_of(model, fk: str, extra: Q | None = None):
    rows = model.objects.filter(**{fk: OuterRef("pk")})
    if extra is not None:
        rows = rows.filter(extra)
    counted = rows.order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_list_data(posts):
    """What a post card shows: author, tags, councils and counts, in a fixed number of queries.

    Tags and councils arrive as plain lists (``card_tags``, ``card_councils``): a prefetch into
    the managers builds a queryset per post (taggit's is costly), which took a third of the
    blog list's time. Bodies are not loaded: cards show the summary.
    """
    return (
        posts.select_related("author__profile")
        .defer("body", "source_links")
        .prefetch_related(
            Prefetch("tags", to_attr="card_tags"),
            Prefetch(
                "councils",
                queryset=Council.objects.only("name", "slug").order_by("name"),
                to_attr="card_councils",
            ),
        )
        .annotate(
            comment_count=_count_of(Comment, "post", Q(is_deleted=False, is_hidden=False)),
            useful_count=_count_of(PostUseful, "post"),
        )
    )


def post_list(*, tag: str = "", council: Council | None = None, author: User | None = None):
    """Public posts, newest first, optionally for one tag, council or author.

    No DISTINCT: a post has a tag slug at most once and a council at most once (unique
    through rows), so these joins never repeat a post, and the page count stays a cheap
    COUNT(*) instead of one over every selected column.
    """
    posts = Post.objects.published()
    if tag:
        posts = posts.filter(tags__slug=tag)
    if council is not None:
        posts = posts.filter(councils=council)
    if author is not None:
        posts = posts.filter(author=author)
    return with_list_data(posts.order_by("-published_at", "-id"))


def posts_of_author_for_owner(*, author: User):
    """Everything the author wrote, drafts and scheduled included, for their own list."""
    return with_list_data(Post.objects.filter(author=author)).order_by("-created_at", "-id")


def post_for_viewer(*, handle: str, slug: str, viewer) -> Post:
    """The post at /blog/<handle>/<slug>/ if this viewer may see it, else 404."""
    post = (
        Post.objects.visible_to(viewer)
        .select_related("author__profile__council")
        .prefetch_related("tags", "councils", "services")
        .annotate(useful_count=_count_of(PostUseful, "post"))
        .filter(author__profile__handle=handle, slug=slug)
        .first()
    )
    if post is None:
        raise Http404("No such post")
    return post


# Every comment field; ``comment_tree`` narrows only the author's user and profile.
COMMENT_FIELDS = [f.name for f in Comment._meta.concrete_fields]


def comment_tree(*, post: Post, viewer) -> list[Comment]:
    """Top-level comments with ``children`` attached (any depth), in one query plus one for
    the viewer's own "useful" marks. Deleted and hidden comments stay as placeholders."""
    comments = list(
        post.comments.select_related("author__profile")
        # Only what a comment shows of its author: loading whole users and profiles (password
        # hashes, bios, dates to parse) for every comment was a fifth of this query's time.
        .only(
            *COMMENT_FIELDS,
            "author__profile__handle",
            "author__profile__display_name",
            "author__profile__is_former",
            "author__profile__is_hidden",
        )
        .annotate(useful_count=_count_of(CommentUseful, "comment"))
    )
    marked: set[int] = set()
    if viewer is not None and viewer.is_authenticated and comments:
        marked = set(
            CommentUseful.objects.filter(user=viewer, comment__post=post).values_list(
                "comment_id", flat=True
            )
        )
    # One cache round trip for the post's body and the whole thread.
    post_html, *comment_html = render_many(
        [(post.body_format, post.body)] + [("markdown", c.body) for c in comments]
    )
    post.__dict__.setdefault("rendered_body", post_html)
    for comment, html in zip(comments, comment_html, strict=True):
        comment.__dict__["rendered_body"] = html
    by_id = {c.pk: c for c in comments}
    roots = []
    from hub.blog.services import comment_can_edit

    author_urls: dict[int, str] = {}  # a thread has few authors: reverse() once for each
    for comment in comments:
        comment.children = []
        comment.viewer_found_useful = comment.pk in marked
        comment.post = post  # avoid a query per comment for its URL
        comment.viewer_can_edit = bool(viewer) and comment_can_edit(comment, viewer)
        if comment.author_id not in author_urls:
            profile = getattr(comment.author, "profile", None)
            # A profile hidden by a moderator answers 404: its name is shown without a link.
            linked = profile is not None and profile.handle and not profile.is_hidden
            author_urls[comment.author_id] = profile.get_absolute_url() if linked else ""
        comment.author_url = author_urls[comment.author_id]
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        (parent.children if parent else roots).append(comment)
    return roots


def viewer_found_post_useful(*, post: Post, viewer) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    return PostUseful.objects.filter(post=post, user=viewer).exists()


def feeds_of(*, owner: User):
    return SyndicatedFeed.objects.filter(owner=owner)


def recent_posts(*, limit: int = 5, council: Council | None = None, author: User | None = None):
    return list(post_list(council=council, author=author)[:limit])


# --- Community statistics (read by hub/community's dashboards) --------------------------------


def _weekly_posts(*, since, until, now, council_id):
    posts = Post.objects.published(now=now).filter(published_at__gte=since, published_at__lt=until)
    if council_id:
        posts = posts.filter(author__profile__council_id=council_id)
    return weekly_authorship_rows(posts, "published_at")


def _weekly_comments(*, since, until, council_id):
    comments = Comment.objects.filter(
        is_deleted=False, is_hidden=False, created_at__gte=since, created_at__lt=until
    )
    if council_id:
        comments = comments.filter(author__profile__council_id=council_id)
    return weekly_authorship_rows(comments, "created_at")


_WEEKLY_POSTS = PreparedQuery(_weekly_posts, params=("since", "until", "now", "council_id"))
_WEEKLY_COMMENTS = PreparedQuery(_weekly_comments, params=("since", "until", "council_id"))


def authorship_by_week(*, since, until, council_id: int | None = None) -> dict[str, dict]:
    """Published posts and visible comments per week (Monday): how many, and by whom.

    Returns ``{"posts": {week: WeekTally}, "comments": {...}}`` (``hub.core.weekly``), one
    query each; a council narrows to authors whose profile names it.
    """
    window = {"since": since, "until": until, "council_id": council_id}
    return {
        "posts": tally_weeks(_WEEKLY_POSTS.rows(**window, now=timezone.now())),
        "comments": tally_weeks(_WEEKLY_COMMENTS.rows(**window)),
    }


def _posts_without_comments(*, older_than, now, council_id, limit):
    from django.db.models import Exists, Window

    answered = Comment.objects.filter(post=OuterRef("pk"), is_deleted=False, is_hidden=False)
    posts = Post.objects.published(now=now).filter(published_at__lt=older_than)
    if council_id:
        posts = posts.filter(author__profile__council_id=council_id)
    return (
        posts.filter(~Exists(answered))
        .annotate(total=Window(Count("pk")))
        .order_by("published_at")
        .values_list("title", "slug", "author__profile__handle", "total")[:limit]
    )


_POSTS_WITHOUT_COMMENTS = PreparedQuery(
    _posts_without_comments, params=("older_than", "now", "council_id")
)


def posts_without_comments(
    *, older_than, council_id: int | None = None, limit: int = 10
) -> tuple[int, list[tuple[str, str]]]:
    """Published posts with no visible comment, published before ``older_than``:
    ``(count, [(title, url), ...])`` for the oldest ``limit``.

    One query: the count rides along each row as a window over the whole set, and only the
    columns the links need are read (whole rows made the window sort the bodies too).
    """
    oldest = _POSTS_WITHOUT_COMMENTS.rows(
        older_than=older_than, now=timezone.now(), council_id=council_id, limit=limit
    )
    links = [
        (title, reverse("blog:post", kwargs={"handle": handle, "slug": slug}))
        for title, slug, handle, _ in oldest
    ]
    return (oldest[0][3] if oldest else 0), links
