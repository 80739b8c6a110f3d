"""Comments on standards (threads) and their replies are flaggable and hideable through
hub.moderation (declared once).

A hidden comment leaves the version page, the comment list, the consultation summary, counts,
search and the JSON API, and its page answers 404 to everyone but its author and moderators. A
hidden reply is a tombstone in its thread and leaves search and the API.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.markdown import markdown_to_text
from hub.moderation.registry import Moderatable
from hub.standards.models import Comment, CommentThread
from hub.standards.selectors import thread_is_visible_to
from search.outbox import index_later


def _reply_visible_to(reply: Comment, user) -> bool:
    if not thread_is_visible_to(reply.thread, user):
        return False
    if not reply.is_hidden:
        return True
    return bool(user is not None and user.is_authenticated) and (
        user.pk == reply.author_id or user.is_moderator
    )


MODERATABLE = [
    Moderatable(
        model=CommentThread,
        noun=_("comment on a standard"),
        title=lambda thread: (
            gettext("Comment on %(standard)s: %(section)s")
            % {
                "standard": thread.standard.title,
                "section": thread.heading_path or gettext("introduction"),
            }
        ),
        url=lambda thread: thread.get_absolute_url(),
        author_id=lambda thread: thread.author_id,
        excerpt=lambda thread: markdown_to_text(thread.body)[:300],
        after_change=lambda thread: index_later(thread),
        visible_to=thread_is_visible_to,
        queryset=lambda: CommentThread.objects.select_related("standard__group", "author__profile"),
    ),
    Moderatable(
        model=Comment,
        noun=_("reply on a standard"),
        title=lambda reply: (
            gettext("Reply on %(standard)s") % {"standard": reply.thread.standard.title}
        ),
        url=lambda reply: reply.get_absolute_url(),
        author_id=lambda reply: reply.author_id,
        excerpt=lambda reply: markdown_to_text(reply.body)[:300],
        # The thread's search document carries its replies' text.
        after_change=lambda reply: index_later(reply.thread),
        visible_to=_reply_visible_to,
        queryset=lambda: Comment.objects.select_related(
            "thread__standard__group", "author__profile"
        ),
    ),
]
