"""Standards' events (declared once; hub/notifications delivers them).

Every kind is limited to people who may see the standard's group now: someone who followed
while the group was public, or who has since left a members-only group, must not learn its
titles and news from notifications.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.follows.selectors import follower_ids
from hub.groups.models import Membership
from hub.groups.selectors import group_viewer_ids
from hub.notifications.kinds import EventKind, ReplyRefused
from hub.standards.models import (
    Comment,
    CommentThread,
    EndpointCheck,
    StandardVersion,
    StatusChange,
)


def _load(model, key: str, related: str):
    def load(data: dict) -> dict | None:
        row = model.objects.select_related(*related.split(",")).filter(pk=data.get(key)).first()
        if row is None or _hidden(row):
            return None  # gone, or hidden by a moderator
        standard = row if key == "standard" else _standard_of(row)
        return {key: row, "standard": standard}

    return load


def _reply(context: dict, user, body: str) -> str:
    """Answer by email: a reply in the thread (to the reply that was emailed, if it was one)."""
    from hub.standards.services import thread_reply
    from hub.standards.services.errors import StandardsError

    comment = context.get("comment")
    thread = comment.thread if comment is not None else context["thread"]
    try:
        posted = thread_reply(thread=thread, author=user, body=body, parent=comment)
    except StandardsError as error:
        raise ReplyRefused(error.message) from error
    return f"{thread.get_absolute_url()}#reply-{posted.pk}"


def _hidden(row) -> bool:
    if isinstance(row, Comment):
        return row.is_hidden or row.thread.is_hidden
    return isinstance(row, CommentThread) and row.is_hidden


def _standard_of(row):
    if isinstance(row, Comment):
        return row.thread.standard
    if isinstance(row, EndpointCheck):
        return row.adoption.standard
    return row.standard


def _can_see(context: dict, user_ids: set[int]) -> set[int]:
    return group_viewer_ids(context["standard"].group, user_ids)


def _followers(context: dict) -> list[int]:
    return follower_ids(target_type="standard", target_id=context["standard"].pk)


def _scopes(context: dict) -> list[str]:
    standard = context["standard"]
    scopes = [f"standard:{standard.pk}", f"group:{standard.group_id}"]
    return scopes + [f"service:{pk}" for pk in standard.services.values_list("pk", flat=True)]


def _payload(context: dict) -> dict:
    standard = context["standard"]
    return {"standard": {"id": standard.pk, "title": standard.title, "status": standard.status}}


def _consultation_text(context: dict) -> str:
    change = context["change"]
    closes = timezone.localtime(change.closes_at) if change.closes_at else None
    if closes:
        return gettext("Consultation open on %(title)s until %(closes)s") % {
            "title": context["standard"].title,
            "closes": date_format(closes, "j F Y"),
        }
    return gettext("Consultation open on %(title)s") % {"title": context["standard"].title}


COMMON = {"group": _("Standards"), "can_see": _can_see, "scopes": _scopes, "payload": _payload}

KINDS = [
    EventKind(
        name="standards.version_published",
        label=_("New versions of standards you follow"),
        load=_load(StandardVersion, "version", "standard__group"),
        recipients=_followers,
        text=lambda c: (
            gettext("Version %(number)s of %(title)s was published")
            % {"number": c["version"].number, "title": c["standard"].title}
        ),
        url=lambda c: c["version"].get_absolute_url(),
        activity=lambda c: (
            gettext("%(standard)s %(number)s published")
            % {"standard": c["standard"].title, "number": c["version"].number}
        ),
        topics=_scopes,
        **COMMON,
    ),
    EventKind(
        name="standards.consultation_opened",
        label=_("Consultations opening on standards you follow"),
        load=_load(StatusChange, "change", "standard__group"),
        recipients=_followers,
        text=_consultation_text,
        url=lambda c: c["standard"].get_absolute_url(),
        email_default="instant",
        **COMMON,
    ),
    EventKind(
        name="standards.status_changed",
        label=_("Status changes of standards you follow"),
        load=_load(StatusChange, "change", "standard__group"),
        recipients=_followers,
        text=lambda c: (
            gettext("%(title)s is now %(get_to_status_display)s")
            % {
                "title": c["standard"].title,
                "get_to_status_display": c["change"].get_to_status_display().lower(),
            }
        ),
        url=lambda c: c["standard"].get_absolute_url(),
        **COMMON,
    ),
    EventKind(
        name="standards.reply_posted",
        label=_("Replies to your comments on standards"),
        load=_load(Comment, "comment", "thread__standard__group"),
        recipients=lambda c: [
            c["comment"].thread.author_id,
            c["comment"].parent.author_id if c["comment"].parent_id else None,
        ],
        text=lambda c: (
            gettext("%(author)s replied to your comment on %(title)s")
            % {"author": c["comment"].author, "title": c["standard"].title}
        ),
        url=lambda c: f"{c['comment'].thread.get_absolute_url()}#reply-{c['comment'].pk}",
        email_default="instant",
        excerpt=lambda c: c["comment"].body[:1000],
        reply=_reply,
        **COMMON,
    ),
    EventKind(
        name="standards.thread_decided",
        label=_("Decisions on your comments on standards"),
        load=_load(CommentThread, "thread", "standard__group"),
        recipients=lambda c: [c["thread"].author_id],
        text=lambda c: (
            gettext("Your comment on %(title)s was %(outcome)s")
            % {
                "title": c["standard"].title,
                "outcome": gettext("reopened")
                if c["thread"].is_open
                else c["thread"].get_state_display().lower(),
            }
        ),
        url=lambda c: c["thread"].get_absolute_url(),
        email_default="instant",
        excerpt=lambda c: c["thread"].editor_response[:1000],
        reply=_reply,
        **COMMON,
    ),
]


def _declarer_and_convenors(context: dict) -> list[int]:
    adoption = context["check"].adoption
    convenors = Membership.objects.filter(
        group_id=context["standard"].group_id,
        role=Membership.Role.CONVENOR,
        state=Membership.State.ACTIVE,
    ).values_list("user_id", flat=True)
    return [adoption.declared_by_id, *convenors]


def _check_url(context: dict) -> str:
    check = context["check"]
    return check.run.get_absolute_url() if check.run_id else context["standard"].get_absolute_url()


def _endpoint_text(failing: bool):
    def text(context: dict) -> str:
        adoption = context["check"].adoption
        sentence = (
            gettext("%(council)s's endpoint for %(title)s no longer conforms to %(number)s")
            if failing
            else gettext("%(council)s's endpoint for %(title)s conforms again to %(number)s")
        )
        return sentence % {
            "council": adoption.council,
            "title": context["standard"].title,
            "number": adoption.version.number,
        }

    return text


KINDS += [
    EventKind(
        name="standards.conformance_failing",
        label=_("A council endpoint you declared or convene for stops conforming"),
        load=_load(
            EndpointCheck, "check", "adoption__standard__group,adoption__council,adoption__version"
        ),
        recipients=_declarer_and_convenors,
        text=_endpoint_text(failing=True),
        url=_check_url,
        email_default="instant",
        **COMMON,
    ),
    EventKind(
        name="standards.conformance_recovered",
        label=_("A council endpoint you declared or convene for conforms again"),
        load=_load(
            EndpointCheck, "check", "adoption__standard__group,adoption__council,adoption__version"
        ),
        recipients=_declarer_and_convenors,
        text=_endpoint_text(failing=False),
        url=_check_url,
        **COMMON,
    ),
]
