"""What standards keep about a member: comments on standards and replies in their threads.

Adoption declarations belong to councils and stay (as declared by "a former member").
Removing a comment keeps its thread in place, so the consultation record and other people's
replies survive, with the text replaced by a note that its author removed it.
"""

from django.utils.translation import gettext

from accounts.lifecycle.registry import rows
from hub.standards.models import Comment, CommentThread
from search.outbox import index_later


def export(user) -> dict:
    return {
        "comments_on_standards": rows(
            CommentThread.objects.filter(author=user).order_by("created_at"),
            "standard__slug",
            "original_version__major",
            "original_version__minor",
            "original_anchor",
            "quoted_text",
            "body",
            "state",
            "outcome",
            "created_at",
        ),
        "replies_in_threads": rows(
            Comment.objects.filter(author=user).order_by("created_at"),
            "thread_id",
            "thread__standard__slug",
            "body",
            "created_at",
        ),
    }


def erase(user, *, remove_content: bool) -> dict:
    if not remove_content:
        return {}
    note = gettext("Removed by its author.")
    threads = list(CommentThread.objects.filter(author=user))
    CommentThread.objects.filter(pk__in=[t.pk for t in threads]).update(body=note)
    replies = Comment.objects.filter(author=user)
    touched = set(replies.values_list("thread_id", flat=True)) | {t.pk for t in threads}
    reply_count = replies.update(body=note)
    index_later(*CommentThread.objects.filter(pk__in=touched))
    return {"threads": len(threads), "replies": reply_count}
