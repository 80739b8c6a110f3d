"""The blog's events (declared once; hub/notifications delivers them)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.blog.models import Comment, Post
from hub.notifications.kinds import EventKind, ReplyRefused


def _comment(data: dict) -> dict | None:
    comment = (
        Comment.objects.select_related("post__author__profile", "author__profile", "parent")
        .filter(pk=data.get("comment"))
        .first()
    )
    if comment is None or comment.is_deleted or comment.is_hidden or not comment.post.is_public:
        return None  # gone, hidden by a moderator, or the post is no longer shown
    return {"comment": comment, "post": comment.post}


def _who(context: dict) -> str:
    return context["comment"].author.public_name


def _scopes(context: dict) -> list[str]:
    post = context["post"]
    return [f"post:{post.pk}"] + [
        f"council:{pk}" for pk in post.councils.values_list("pk", flat=True)
    ]


def _payload(context: dict) -> dict:
    post, comment = context["post"], context["comment"]
    return {
        "post": {"id": post.pk, "title": post.title},
        "comment": {"id": comment.pk, "parent_id": comment.parent_id},
    }


def _excerpt(context: dict) -> str:
    return context["comment"].body[:1000]


def _post_author_unless_replied_to(context: dict) -> list[int]:
    comment = context["comment"]
    parent_author = comment.parent.author_id if comment.parent else None
    return [] if comment.post.author_id == parent_author else [comment.post.author_id]


def _reply(context: dict, user, body: str) -> str:
    """Answer the comment by email: a reply to it, through the same service as the page."""
    from hub.blog.services import RateLimited, comment_create

    try:
        reply = comment_create(
            post=context["post"], author=user, body=body, parent=context["comment"]
        )
    except (PermissionDenied, RateLimited) as error:
        raise ReplyRefused(str(error)) from error
    except ValidationError as error:
        raise ReplyRefused(" ".join(error.messages)) from error
    return reply.get_absolute_url()


def _post(data: dict) -> dict | None:
    post = Post.objects.select_related("author__profile").filter(pk=data.get("post")).first()
    if post is None or not post.is_public or not post.author.is_active:
        return None  # deleted, unpublished, hidden, or its author left
    return {"post": post}


def _post_text(context: dict) -> str:
    return gettext("New post: %(title)s") % {"title": context["post"].title}


def _post_topics(context: dict) -> list[str]:
    post = context["post"]
    profile = getattr(post.author, "profile", None)
    councils = set(post.councils.values_list("pk", flat=True))
    if profile is not None and profile.council_id:
        councils.add(profile.council_id)
    topics = [f"council:{pk}" for pk in sorted(councils)]
    topics += [f"service:{pk}" for pk in post.services.values_list("pk", flat=True)]
    return topics + [f"tag:{name}" for name in post.tags.names()]


KINDS = [
    EventKind(
        name="blog.post_published",
        label=_("New posts"),
        group=_("Blog"),
        load=_post,
        recipients=lambda c: [],  # followers' news: the home page and the weekly digest
        emailed=False,
        text=_post_text,
        url=lambda c: c["post"].get_absolute_url(),
        scopes=lambda c: (
            [f"post:{c['post'].pk}"]
            + [t for t in _post_topics(c) if t.startswith(("council:", "service:"))]
        ),
        payload=lambda c: {"post": {"id": c["post"].pk, "title": c["post"].title}},
        activity=_post_text,
        topics=_post_topics,
    ),
    EventKind(
        name="blog.comment_posted",
        label=_("Comments on your posts"),
        group=_("Blog"),
        load=_comment,
        recipients=_post_author_unless_replied_to,
        text=lambda c: (
            gettext("%(_who)s commented on your post “%(title)s”")
            % {"_who": _who(c), "title": c["post"].title}
        ),
        url=lambda c: c["comment"].get_absolute_url(),
        email_default="instant",
        scopes=_scopes,
        payload=_payload,
        excerpt=_excerpt,
        reply=_reply,
    ),
    EventKind(
        name="blog.reply_posted",
        label=_("Replies to your comments"),
        group=_("Blog"),
        load=_comment,
        recipients=lambda c: [c["comment"].parent.author_id] if c["comment"].parent else [],
        text=lambda c: (
            gettext("%(_who)s replied to your comment on “%(title)s”")
            % {"_who": _who(c), "title": c["post"].title}
        ),
        url=lambda c: c["comment"].get_absolute_url(),
        email_default="instant",
        scopes=_scopes,
        payload=_payload,
        excerpt=_excerpt,
        reply=_reply,
    ),
]
