"""Comment threads: opening, replying, deciding and moving them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hub.core.ratelimit import rate_limit_consume
from hub.notifications.events import emit
from hub.standards.models import (
    AnchorStatus,
    Comment,
    CommentThread,
    Outcome,
    StandardVersion,
    ThreadMove,
    ThreadState,
)
from hub.standards.selectors import (
    comment_refusal,
    latest_version,
    reply_refusal,
    standard_can_edit,
    standard_is_visible_to,
)
from hub.standards.services.errors import (
    AnchorNotFound,
    InvalidInput,
    NotAllowed,
    RateLimited,
    StandardNotFound,
)
from search.outbox import index_later

COMMENT_MAX_CHARS = 10_000


COMMENT_RATE = "20/m"


def _check_comment_body(body: str, what: str = "comment") -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(gettext("Enter your %(what)s.") % {"what": what})
    if len(body) > COMMENT_MAX_CHARS:
        raise InvalidInput(
            gettext(
                "Your %(what)s must be %(COMMENT_MAX_CHARS)s characters or fewer; it has %(len)s."
            )
            % {
                "what": what,
                "COMMENT_MAX_CHARS": format(COMMENT_MAX_CHARS, ","),
                "len": format(len(body), ","),
            }
        )
    return body


def _rate_limit(user) -> None:
    if not rate_limit_consume(f"standards.comment:{user.pk}", COMMENT_RATE):
        raise RateLimited(gettext("You are commenting very quickly. Wait a minute and try again."))


def _clean_links(source_links) -> list[list[str]]:
    links = []
    for item in list(source_links or ())[:10]:
        label, url = item
        url = str(url).strip()
        if not (url.startswith(("https://", "http://")) or url.startswith("/")) or url.startswith(
            "//"
        ):
            raise InvalidInput(
                gettext("The link '%(url)s' must be a web address or a path on the hub.")
                % {"url": url}
            )
        links.append([str(label).strip()[:200] or url, url[:500]])
    return links


@transaction.atomic
def thread_open(
    *, version: StandardVersion, anchor: str, author, body: str, source_links=()
) -> CommentThread:
    """Start a comment thread on one block (paragraph or section heading) of a version.

    Enforces the same rules as the web form: the standard must be visible to the author,
    commenting must be open to them, the version must be the latest, and ``anchor`` must exist
    in that version. ``source_links`` is a list of (label, url) shown with the comment, e.g. the
    chat thread it came from.
    """
    standard = version.standard
    if not standard_is_visible_to(standard, author):
        raise StandardNotFound(gettext("That standard does not exist."))
    refusal = comment_refusal(standard, author, version=version)
    if refusal:
        raise NotAllowed(refusal)
    block = version.blocks.filter(anchor=anchor).first()
    if block is None:
        raise AnchorNotFound(
            gettext(
                "Version %(number)s has no paragraph or section '%(anchor)s'. It may have been removed; comment on the latest text instead."
            )
            % {"number": version.number, "anchor": anchor}
        )
    body = _check_comment_body(body)
    links = _clean_links(source_links)
    _rate_limit(author)
    profile = getattr(author, "profile", None)
    thread = CommentThread.objects.create(
        standard=standard,
        version=version,
        anchor=anchor,
        original_version=version,
        original_anchor=anchor,
        quoted_text=block.text,
        heading_path=block.heading_path,
        author=author,
        council=profile.council if profile else None,
        body=body,
        source_links=links,
    )
    index_later(thread)
    return thread


@transaction.atomic
def thread_reply(*, thread: CommentThread, author, body: str, parent: Comment | None = None):
    """Reply in a thread (or to a reply). The thread's author and the replied-to person are told."""
    if not standard_is_visible_to(thread.standard, author):
        raise StandardNotFound(gettext("That comment does not exist."))
    refusal = reply_refusal(thread, author)
    if refusal:
        raise NotAllowed(refusal)
    if parent is not None and parent.thread_id != thread.pk:
        raise InvalidInput(gettext("You can only reply to a comment in the same thread."))
    body = _check_comment_body(body, "reply")
    _rate_limit(author)
    comment = Comment.objects.create(thread=thread, parent=parent, author=author, body=body)
    CommentThread.objects.filter(pk=thread.pk).update(updated_at=timezone.now())
    index_later(thread)
    emit("standards.reply_posted", actor=author, comment=comment.pk)
    return comment


DECISIONS = {
    "accept": (ThreadState.ACCEPTED, Outcome.ACCEPTED),
    "reject": (ThreadState.REJECTED, Outcome.REJECTED),
    "defer": (ThreadState.RESOLVED, Outcome.DEFERRED),
    "resolve": (ThreadState.RESOLVED, Outcome.NO_CHANGE),
    "reopen": (ThreadState.OPEN, Outcome.NONE),
}


@transaction.atomic
def thread_decide(*, thread: CommentThread, editor, decision: str, response: str) -> CommentThread:
    """An editor accepts, rejects, defers or resolves a thread with a response, or reopens it.

    The thread's author is notified. The next published version records itself as the one that
    addressed the thread.
    """
    if not standard_is_visible_to(thread.standard, editor):
        raise StandardNotFound(gettext("That comment does not exist."))
    if not standard_can_edit(thread.standard, editor):
        raise NotAllowed(gettext("Only editors can decide on comments."))
    if decision not in DECISIONS:
        raise InvalidInput(gettext("Choose what to do with the comment."))
    response = (response or "").strip()
    if decision != "reopen" and not response:
        raise InvalidInput(
            gettext("Write the editors' response: it goes in the consultation response.")
        )
    if len(response) > COMMENT_MAX_CHARS:
        raise InvalidInput(
            gettext("The response must be %(COMMENT_MAX_CHARS)s characters or fewer.")
            % {"COMMENT_MAX_CHARS": format(COMMENT_MAX_CHARS, ",")}
        )
    state, outcome = DECISIONS[decision]
    if decision == "reopen":
        if thread.is_open:
            raise InvalidInput(gettext("This comment is already open."))
        thread.addressed_in = None
        thread.decided_by, thread.decided_at = None, None
    else:
        thread.decided_by, thread.decided_at = editor, timezone.now()
        thread.editor_response = response
    thread.state, thread.outcome = state, outcome
    # Only the decision's fields: the caller's instance may predate a publish that carried the
    # thread to a newer version, and a full save would put it back on the old paragraph.
    thread.save(
        update_fields=[
            "state",
            "outcome",
            "decided_by",
            "decided_at",
            "editor_response",
            "addressed_in",
            "updated_at",
        ]
    )
    index_later(thread)
    emit("standards.thread_decided", actor=editor, thread=thread.pk)
    return thread


@transaction.atomic
def thread_anchor_set(*, thread: CommentThread, editor, anchor: str) -> CommentThread:
    """Confirm a re-anchored thread, or move a thread (including an orphan) to a block of the
    latest version."""
    standard = thread.standard
    if not standard_can_edit(standard, editor):
        raise NotAllowed(gettext("Only editors can move comments."))
    version = latest_version(standard)
    block = version.blocks.filter(anchor=anchor).first() if version else None
    if block is None:
        raise AnchorNotFound(
            gettext("The latest version has no paragraph or section '%(anchor)s'.")
            % {"anchor": anchor}
        )
    same_place = thread.version_id == version.pk and thread.anchor == anchor
    ThreadMove.objects.create(
        thread=thread,
        kind=ThreadMove.Kind.CONFIRMED if same_place else ThreadMove.Kind.MOVED,
        from_version=thread.version,
        from_anchor=thread.anchor,
        to_version=version,
        to_anchor=anchor,
        actor=editor,
    )
    thread.version, thread.anchor = version, anchor
    thread.heading_path = block.heading_path
    thread.anchor_status = AnchorStatus.PLACED
    thread.save(update_fields=["version", "anchor", "heading_path", "anchor_status", "updated_at"])
    index_later(thread)
    return thread
