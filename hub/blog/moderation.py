"""Posts and comments are flaggable and hideable through hub.moderation (declared once)."""

from django.utils.translation import gettext_lazy as _

from hub.blog.models import Comment, Post
from hub.core.markdown import markdown_to_text
from hub.moderation.registry import Moderatable
from search.outbox import index_later


def _is_moderator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_moderator)


def _post_visible_to(post, user) -> bool:
    if user is not None and user.is_authenticated and user.pk == post.author_id:
        return True
    if _is_moderator(user):
        return post.is_published
    return post.is_public


def _comment_visible_to(comment, user) -> bool:
    if comment.is_deleted or not _post_visible_to(comment.post, user):
        return False
    if comment.is_hidden:
        return _is_moderator(user) or (user.is_authenticated and user.pk == comment.author_id)
    return True


def _post_changed(post) -> None:
    from hub.blog.services import _reindex_post

    _reindex_post(post)


MODERATABLE = [
    Moderatable(
        model=Post,
        noun=_("post"),
        title=lambda post: post.title,
        url=lambda post: post.get_absolute_url(),
        author_id=lambda post: post.author_id,
        excerpt=lambda post: post.summary or markdown_to_text(post.body)[:300],
        after_change=_post_changed,
        visible_to=_post_visible_to,
        queryset=lambda: Post.objects.select_related("author__profile"),
    ),
    Moderatable(
        model=Comment,
        noun=_("comment"),
        title=lambda comment: _("Comment on “%(title)s”") % {"title": comment.post.title},
        url=lambda comment: comment.get_absolute_url(),
        author_id=lambda comment: comment.author_id,
        excerpt=lambda comment: markdown_to_text(comment.body)[:300],
        after_change=lambda comment: index_later(comment),
        visible_to=_comment_visible_to,
        queryset=lambda: Comment.objects.select_related("post__author__profile"),
    ),
]
