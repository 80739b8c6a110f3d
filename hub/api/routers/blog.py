"""Posts and comments, through ``hub.blog.selectors`` and ``hub.blog.services``."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hub.api.auth import READ_AUTH, WRITE_AUTH, require
from hub.api.conditional import representation_etag, require_if_match
from hub.api.errors import READ_ERRORS, WRITE_ERRORS, ApiError, not_found
from hub.api.pagination import PageParams, keyset_page, page_schema
from hub.blog import selectors
from hub.blog import services as blog_services
from hub.blog.models import Comment, Post
from hub.councils.models import Council
from hub.sharing.models import ServiceTopic

router = Router(tags=["Posts and comments"], auth=READ_AUTH)
AREA = "blog"


class PostOut(Schema):
    id: int
    title: str
    slug: str
    summary: str
    author: str
    author_handle: str | None
    status: str
    published_at: datetime | None
    tags: list[str]
    councils: list[str]
    comment_count: int
    useful_count: int
    url: str


class PostDetailOut(PostOut):
    body: str
    body_format: str
    services: list[str]
    canonical_url: str
    updated_at: datetime


def _author(post: Post) -> tuple[str, str | None]:
    profile = getattr(post.author, "profile", None)
    return (
        profile.display_name if profile else ""
    ) or "Member", profile.handle if profile else None


def post_out(post: Post) -> dict:
    name, handle = _author(post)
    return {
        "id": post.pk,
        "title": post.title,
        "slug": post.slug,
        "summary": post.summary,
        "author": name,
        "author_handle": handle,
        "status": post.status,
        "published_at": post.published_at,
        "tags": [t.name for t in post.card_tags],
        "councils": [c.slug for c in post.card_councils],
        "comment_count": post.comment_count,
        "useful_count": post.useful_count,
        "url": f"/blog/{handle}/{post.slug}/" if handle else "",
    }


class PostFilters(PageParams):
    tag: str = ""
    council: str = ""
    author: str = Field("", description="An author's handle")


@router.get(
    "/posts", response={200: page_schema(PostOut), **READ_ERRORS}, operation_id="list_posts"
)
def list_posts(request, filters: Query[PostFilters]):
    """Published posts, newest first. Filters match the blog pages (tag, council, author)."""
    require(request, AREA)
    council = None
    if filters.council:
        council = Council.objects.filter(slug=filters.council).first()
        if council is None:
            return {"items": [], "next_cursor": None}
    rows = selectors.post_list(tag=filters.tag, council=council)
    if filters.author:
        rows = rows.filter(author__profile__handle=filters.author)
    items, cursor = keyset_page(rows, order=["-published_at", "-id"], params=filters)
    return {"items": [post_out(p) for p in items], "next_cursor": cursor}


def _post(request, post_id: int) -> Post:
    """The post if the caller may open it (public, their own, or any for moderators)."""
    post = (
        selectors.with_list_data(Post.objects.visible_to(request.auth.user))
        .defer(None)
        .prefetch_related("services")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise not_found(gettext("That post"))
    return post


def post_detail(post: Post) -> dict:
    return {
        **post_out(post),
        "body": post.body,
        "body_format": post.body_format,
        "services": sorted(s.slug for s in post.services.all()),
        "canonical_url": post.canonical_url,
        "updated_at": post.updated_at,
    }


@router.get(
    "/posts/{post_id}", response={200: PostDetailOut, **READ_ERRORS}, operation_id="get_post"
)
def get_post(request, post_id: int, response: HttpResponse):
    """A post with its body. The ETag is what ``update_post`` needs in If-Match."""
    require(request, AREA)
    data = post_detail(_post(request, post_id))
    response["ETag"] = representation_etag(PostDetailOut, data)
    return data


class PostIn(Schema):
    title: str = Field(..., max_length=400)
    body: str = Field("", max_length=200_000)
    summary: str = Field("", max_length=1000)
    status: str = Field("draft", description="draft or published")
    tags: list[str] = Field(default_factory=list, max_length=20)
    councils: list[str] | None = Field(
        None, description="Council slugs; omitted means your profile's council"
    )
    services: list[str] = Field(default_factory=list, max_length=20)


class PostPatch(Schema):
    title: str | None = Field(None, max_length=400)
    body: str | None = Field(None, max_length=200_000)
    summary: str | None = Field(None, max_length=1000)
    status: str | None = Field(None, description="draft or published")
    tags: list[str] | None = Field(None, max_length=20)
    councils: list[str] | None = None
    services: list[str] | None = Field(None, max_length=20)


def _status(value: str | None) -> str | None:
    if value is not None and value not in Post.Status.values:
        raise ApiError(
            422,
            "invalid",
            gettext("status is draft or published."),
            fields={"status": ["Invalid."]},
        )
    return value


def _by_slug(model, slugs: list[str], field: str) -> list:
    slugs = [str(s)[:200] for s in slugs]
    found = list(model.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise ApiError(
            422,
            "invalid",
            gettext("Unknown %(field)s.") % {"field": field},
            fields={field: [gettext("Unknown slug.")]},
        )
    return found


def _tags(tags: list[str]) -> list[str]:
    return [t.strip()[:100] for t in tags if t.strip()]


@router.post(
    "/posts",
    response={201: PostDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="create_post",
)
def create_post(request, payload: PostIn, response: HttpResponse):
    """Write a post (a draft unless ``status`` is published). Same limits as the editor."""
    caller = require(request, AREA, "write")
    status = _status(payload.status)
    councils = None if payload.councils is None else _by_slug(Council, payload.councils, "councils")
    services = _by_slug(ServiceTopic, payload.services, "services")
    blog_services.post_rate_check(user=caller.user)
    post = blog_services.post_create(
        author=caller.user,
        title=payload.title,
        body=payload.body,
        summary=payload.summary,
        status=status,
        tags=_tags(payload.tags),
        councils=councils,
        services=services,
    )
    data = post_detail(_post(request, post.pk))
    response["ETag"] = representation_etag(PostDetailOut, data)
    return Status(201, data)


@router.patch(
    "/posts/{post_id}",
    response={200: PostDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="update_post",
)
def update_post(request, post_id: int, payload: PostPatch, response: HttpResponse):
    """Change your post. Send ``If-Match`` with the ETag from ``get_post``: if the post changed
    since, the answer is 412 with the current post, and nothing is overwritten."""
    caller = require(request, AREA, "write")
    post = _post(request, post_id)
    if post.author_id != caller.user.pk:
        raise ApiError(403, "forbidden", gettext("Only the author can edit this post."))
    require_if_match(request, PostDetailOut, post_detail(post))
    councils = (
        _by_slug(Council, payload.councils, "councils")
        if payload.councils is not None
        else list(post.councils.all())
    )
    services = (
        _by_slug(ServiceTopic, payload.services, "services")
        if payload.services is not None
        else list(post.services.all())
    )
    blog_services.post_update(
        post=post,
        editor=caller.user,
        title=post.title if payload.title is None else payload.title,
        body=post.body if payload.body is None else payload.body,
        summary=post.summary if payload.summary is None else payload.summary,
        tags=_tags(payload.tags) if payload.tags is not None else [t.name for t in post.card_tags],
        councils=councils,
        services=services,
        status=_status(payload.status),
    )
    data = post_detail(_post(request, post_id))
    response["ETag"] = representation_etag(PostDetailOut, data)
    return data


class CommentOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    depth: int
    author: str
    author_handle: str | None
    body: str
    created_at: datetime
    edited_at: datetime | None


def comment_out(comment: Comment) -> dict:
    profile = getattr(comment.author, "profile", None)
    return {
        "id": comment.pk,
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "author": (profile.display_name if profile else "") or "Member",
        "author_handle": profile.handle if profile else None,
        "body": comment.body,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
    }


@router.get(
    "/posts/{post_id}/comments",
    response={200: page_schema(CommentOut), **READ_ERRORS},
    operation_id="list_post_comments",
)
def list_comments(request, post_id: int, params: Query[PageParams]):
    """Comments on a post, oldest first (``parent_id`` gives the nesting). Deleted and hidden
    comments are left out, except your own hidden ones and, for moderators, all hidden ones."""
    require(request, AREA)
    user = request.auth.user
    post = _post(request, post_id)
    rows = post.comments.filter(is_deleted=False).select_related("author__profile")
    if not (user.is_authenticated and user.is_moderator):
        mine = Q(author=user) if user.is_authenticated else Q(pk__in=[])
        rows = rows.filter(Q(is_hidden=False) | mine)
    items, cursor = keyset_page(rows, order=["created_at", "id"], params=params)
    return {"items": [comment_out(c) for c in items], "next_cursor": cursor}


class CommentIn(Schema):
    body: str = Field(..., max_length=20_000)
    parent_id: int | None = None


@router.post(
    "/posts/{post_id}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="create_post_comment",
)
def create_comment(request, post_id: int, payload: CommentIn):
    """Comment on a published post, or reply to a comment; the author is notified."""
    caller = require(request, AREA, "write")
    post = _post(request, post_id)
    parent = None
    if payload.parent_id is not None:
        parent = post.comments.filter(pk=payload.parent_id, is_deleted=False).first()
        if parent is None:
            raise ApiError(
                422,
                "invalid",
                gettext("That comment is not on this post."),
                fields={"parent_id": ["Unknown."]},
            )
    comment = blog_services.comment_create(
        post=post, author=caller.user, body=payload.body, parent=parent
    )
    comment.author = caller.user
    return Status(201, comment_out(comment))
