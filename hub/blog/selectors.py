"""Reads for blogs. Every list runs a fixed number of queries, whatever its length."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from hub.blog.models import Comment, CommentUseful, Post, PostUseful, SyndicatedFeed
from hub.blog.rendering import render_many
from hub.councils.models import Council


def _count_of(model, fk: str, extra: Q | None = None):
    rows = model.objects.filter(**{fk: OuterRef("pk")})
    if extra is not None:
        rows = rows.filter(extra)
    counted = rows.order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_list_data(posts):
    """What a post card shows: author, tags, councils and counts, in a fixed number of queries."""
    return (
        posts.select_related("author__profile")
        .prefetch_related(
            "tags", Prefetch("councils", queryset=Council.objects.only("name", "slug"))
        )
        .annotate(
            comment_count=_count_of(Comment, "post", Q(is_deleted=False, is_hidden=False)),
            useful_count=_count_of(PostUseful, "post"),
        )
    )


def post_list(*, tag: str = "", council: Council | None = None, author: User | None = None):
    """Public posts, newest first, optionally for one tag, council or author."""
    posts = Post.objects.published()
    if tag:
        posts = posts.filter(tags__slug=tag)
    if council is not None:
        posts = posts.filter(councils=council)
    if author is not None:
        posts = posts.filter(author=author)
    return with_list_data(posts.order_by("-published_at", "-id")).distinct()


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


def comment_tree(*, post: Post, viewer) -> list[Comment]:
    """Top-level comments with ``children`` attached (any depth), in one query plus one for
    the viewer's own "useful" marks. Deleted and hidden comments stay as placeholders."""
    comments = list(
        post.comments.select_related("author__profile").annotate(
            useful_count=_count_of(CommentUseful, "comment")
        )
    )
    marked: set[int] = set()
    if viewer is not None and viewer.is_authenticated and comments:
        marked = set(
            CommentUseful.objects.filter(user=viewer, comment__post=post).values_list(
                "comment_id", flat=True
            )
        )
    for comment, html in zip(
        comments, render_many([("markdown", c.body) for c in comments]), strict=True
    ):
        comment.__dict__["rendered_body"] = html  # one cache round trip for the whole thread
    by_id = {c.pk: c for c in comments}
    roots = []
    from hub.blog.services import comment_can_edit

    for comment in comments:
        comment.children = []
        comment.viewer_found_useful = comment.pk in marked
        comment.post = post  # avoid a query per comment for its URL
        comment.viewer_can_edit = bool(viewer) and comment_can_edit(comment, viewer)
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
