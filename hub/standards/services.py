"""Writes for standards: drafting, publishing, the status workflow, comments and adoption.

Every rule a web form enforces is enforced here too, so other callers (the discussions app
turning a chat thread into a comment with ``thread_open``, management commands, the admin)
cannot bypass them. Refusals raise a ``StandardsError`` subclass whose ``message`` is written for
the person who asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from hub.core.ratelimit import rate_limit_consume
from hub.follows.selectors import followers
from hub.follows.services import follow_set
from hub.groups.models import Membership, WorkingGroup
from hub.groups.selectors import group_can_edit, group_is_visible_to
from hub.notifications.services import notification_send
from hub.standards.anchoring import (
    AnchorError,
    ParsedBlock,
    PreviousBlock,
    assign_anchors,
    parse_blocks,
)
from hub.standards.models import (
    Adoption,
    AnchorStatus,
    Block,
    Comment,
    CommentThread,
    Licence,
    Outcome,
    Standard,
    StandardVersion,
    Status,
    StatusChange,
    ThreadMove,
    ThreadState,
)
from hub.standards.selectors import (
    adoption_can_withdraw,
    comment_refusal,
    has_been_consulted,
    latest_version,
    reply_refusal,
    standard_can_change_status,
    standard_can_edit,
    standard_is_visible_to,
)
from search.outbox import index_later

COMMENT_MAX_CHARS = 10_000
COMMENT_RATE = "20/m"
RESERVED_SLUGS = {"new", "feed"}


class StandardsError(Exception):
    """A refused standards action; ``message`` is safe and useful to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StandardNotFound(StandardsError):
    """The standard is invisible to this person; views answer 404 so existence does not leak."""


class NotAllowed(StandardsError):
    """The person can see the standard but may not do this."""


class AnchorNotFound(StandardsError):
    """The comment names a paragraph that does not exist in that version."""


class InvalidInput(StandardsError):
    """Empty, oversized or malformed input."""


class InvalidTransition(StandardsError):
    """The status workflow does not allow this move now."""


class NothingToPublish(StandardsError):
    pass


class RateLimited(StandardsError):
    pass


class DraftConflict(StandardsError):
    """Someone saved the draft since this editor loaded it; nothing was overwritten."""

    def __init__(self, message: str, *, standard: Standard):
        super().__init__(message)
        self.standard = standard


# --- Standards and drafts -------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "standard"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Standard.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_body(body: str) -> list[ParsedBlock]:
    if len(body) > settings.MARKDOWN_MAX_CHARS:
        raise InvalidInput(
            f"The standard must be {settings.MARKDOWN_MAX_CHARS:,} characters or fewer; "
            f"this text has {len(body):,}. Nothing was cut: split it or shorten it."
        )
    try:
        return parse_blocks(body)
    except AnchorError as error:
        raise InvalidInput(str(error)) from error


@transaction.atomic
def standard_create(
    *,
    group: WorkingGroup,
    creator,
    title: str,
    summary: str,
    licence: str = Licence.OGL_3,
    services=(),
    body: str = "",
    slug: str = "",
) -> Standard:
    """Start a standard in a group (editors and convenors only), with an optional first draft."""
    if not group_is_visible_to(group, creator):
        raise StandardNotFound("That group does not exist.")
    if not group_can_edit(group, creator):
        raise NotAllowed("Only the group's editors and convenors can start a standard.")
    _check_body(body)
    standard = Standard.objects.create(
        group=group,
        title=title,
        slug=slug or _unique_slug(title),
        summary=summary,
        licence=licence,
        draft_body=body,
        draft_revision=1 if body else 0,
        draft_updated_by=creator if body else None,
        draft_updated_at=timezone.now() if body else None,
        created_by=creator,
    )
    if services:
        standard.services.set(services)
    return standard


@transaction.atomic
def standard_update(
    *, standard: Standard, actor, title: str, summary: str, licence: str, services=None
) -> Standard:
    """Change a standard's title, summary, licence and services (editors)."""
    if not standard_can_edit(standard, actor):
        raise NotAllowed("Only editors can change the standard's details.")
    standard.title, standard.summary, standard.licence = title, summary, licence
    standard.save(update_fields=["title", "summary", "licence", "updated_at"])
    if services is not None:
        standard.services.set(services)
    version = latest_version(standard)
    if version:
        index_later(version)
    return standard


def standard_draft_save(*, standard: Standard, editor, body: str, base_revision: int) -> Standard:
    """Save the working draft if nobody else saved since ``base_revision``.

    The check and the write are one conditional UPDATE, so two editors saving at the same
    moment cannot both win: the second gets ``DraftConflict`` and keeps their text.
    """
    if not standard_can_edit(standard, editor):
        raise NotAllowed("Only editors can change the draft.")
    if standard.status in {Status.WITHDRAWN, Status.SUPERSEDED}:
        raise NotAllowed("This standard is closed; its draft can no longer change.")
    _check_body(body)
    updated = Standard.objects.filter(pk=standard.pk, draft_revision=base_revision).update(
        draft_body=body,
        draft_revision=F("draft_revision") + 1,
        draft_updated_by=editor,
        draft_updated_at=timezone.now(),
        updated_at=timezone.now(),
    )
    standard.refresh_from_db()
    if not updated:
        who = standard.draft_updated_by or "another editor"
        raise DraftConflict(
            f"{who} saved the draft while you were editing (revision {standard.draft_revision}). "
            "Your text has not been saved and is still below: compare it with theirs, "
            "then save again.",
            standard=standard,
        )
    return standard


# --- Publishing -----------------------------------------------------------------------------


@dataclass
class PublishPlan:
    """What publishing the current draft would do; shown to editors before they publish."""

    blocks: list[ParsedBlock]
    previous: StandardVersion | None
    carried: list[tuple[CommentThread, str]] = field(default_factory=list)  # (thread, anchor)
    reanchored: list[tuple[CommentThread, str]] = field(default_factory=list)
    orphaned: list[CommentThread] = field(default_factory=list)
    addressed: list[CommentThread] = field(default_factory=list)


def next_number(previous: StandardVersion | None, bump: str) -> tuple[int, int]:
    if previous is None:
        return (1, 0) if bump == "major" else (0, 1)
    if bump == "major":
        return previous.major + 1, 0
    return previous.major, previous.minor + 1


def publish_plan(standard: Standard, body: str | None = None) -> PublishPlan:
    """Parse the draft, assign anchors against the latest version and work out where every
    thread on that version will go."""
    body = standard.draft_body if body is None else body
    blocks = _check_body(body)
    previous = latest_version(standard)
    previous_blocks: list[Block] = list(previous.blocks.order_by("position")) if previous else []
    used = set(Block.objects.filter(version__standard=standard).values_list("anchor", flat=True))
    assign_anchors(
        blocks,
        [
            PreviousBlock(
                anchor=b.anchor, kind=b.kind, text=b.text, section_anchor=b.section_anchor
            )
            for b in previous_blocks
        ],
        used,
    )
    plan = PublishPlan(blocks=blocks, previous=previous)
    if previous is None:
        return plan
    old_text = {b.anchor: b.text for b in previous_blocks}
    new_text = {b.anchor: b.text for b in blocks}
    moving = CommentThread.objects.filter(version=previous).filter(
        Q(state=ThreadState.OPEN) | Q(addressed_in__isnull=True)
    )
    for thread in moving.select_related("author__profile"):
        if not thread.is_open:
            plan.addressed.append(thread)
        if thread.anchor not in new_text:
            plan.orphaned.append(thread)
        elif new_text[thread.anchor] == old_text.get(thread.anchor):
            plan.carried.append((thread, thread.anchor))
        else:
            plan.reanchored.append((thread, thread.anchor))
    return plan


@transaction.atomic
def standard_version_publish(
    *, standard: Standard, editor, bump: str = "minor", notes: str = "", base_revision=None
) -> StandardVersion:
    """Publish the draft as a new immutable version and carry threads forward.

    Open threads, and threads decided since the last version, move to the block with the same
    anchor in the new version. If that block's text changed, an open thread is marked
    re-anchored for an editor to confirm; if the block is gone the thread is orphaned and keeps
    pointing at its old version. Threads decided since the last version record this version as
    the one that addressed them.
    """
    if not standard_can_edit(standard, editor):
        raise NotAllowed("Only editors can publish a version.")
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.status in {Status.WITHDRAWN, Status.SUPERSEDED}:
        raise NotAllowed("This standard is closed; no new versions can be published.")
    if base_revision is not None and standard.draft_revision != base_revision:
        raise DraftConflict(
            "The draft changed after you reviewed it. Review the latest draft and publish again.",
            standard=standard,
        )
    if bump not in {"minor", "major"}:
        raise InvalidInput("Choose a minor or a major version.")
    if len(notes) > 5000:
        raise InvalidInput("Describe the changes in 5,000 characters or fewer.")
    body = standard.draft_body
    if not body.strip():
        raise NothingToPublish("The draft is empty. Write the standard before publishing it.")
    plan = publish_plan(standard, body)
    previous = plan.previous
    if previous is not None and previous.body == body:
        raise NothingToPublish(
            f"The draft is the same as version {previous.number}. Change it before publishing."
        )
    major, minor = next_number(previous, bump)
    version = StandardVersion.objects.create(
        standard=standard,
        major=major,
        minor=minor,
        body=body,
        notes=notes.strip(),
        published_by=editor,
    )
    Block.objects.bulk_create(
        [
            Block(
                version=version,
                position=i,
                anchor=b.anchor,
                kind=b.kind,
                level=b.level,
                heading_path=b.heading_path,
                section_anchor=b.section_anchor,
                text=b.text,
            )
            for i, b in enumerate(plan.blocks)
        ]
    )
    moves: list[ThreadMove] = []
    touched: list[CommentThread] = []
    addressed_ids = {t.pk for t in plan.addressed}
    for thread, anchor in plan.carried + plan.reanchored:
        kind = ThreadMove.Kind.CARRIED
        if (thread, anchor) in plan.reanchored:
            kind = ThreadMove.Kind.REANCHORED
            if thread.is_open:
                thread.anchor_status = AnchorStatus.REANCHORED
        moves.append(
            ThreadMove(
                thread=thread,
                kind=kind,
                from_version=previous,
                from_anchor=thread.anchor,
                to_version=version,
                to_anchor=anchor,
            )
        )
        thread.version, thread.anchor = version, anchor
        touched.append(thread)
    for thread in plan.orphaned:
        thread.anchor_status = AnchorStatus.ORPHANED
        moves.append(
            ThreadMove(
                thread=thread,
                kind=ThreadMove.Kind.ORPHANED,
                from_version=previous,
                from_anchor=thread.anchor,
            )
        )
        touched.append(thread)
    for thread in touched:
        if thread.pk in addressed_ids:
            thread.addressed_in = version
    if touched:
        CommentThread.objects.bulk_update(
            touched, ["version", "anchor", "anchor_status", "addressed_in"]
        )
    ThreadMove.objects.bulk_create(moves)
    standard._latest_version = version
    index_later(version, *([previous] if previous else []), *touched)
    recipients = _followers_who_can_see(standard)
    url = version.get_absolute_url()
    text = f"Version {version.number} of {standard.title} was published"
    transaction.on_commit(
        lambda: notification_send(
            recipients=recipients, kind="standards.version", text=text, url=url, actor=editor
        )
    )
    return version


def _followers_who_can_see(standard: Standard) -> list:
    """Followers who may still see the standard. Someone who followed while the group was
    public, or who has since left a members-only group, must not learn its titles and news
    from notifications."""
    people = followers(target_type="standard", target_id=standard.pk)
    if not standard.group.is_public:
        people = people.filter(
            Q(is_staff=True)
            | Q(
                group_memberships__group=standard.group,
                group_memberships__state=Membership.State.ACTIVE,
            )
        ).distinct()
    return list(people)


def _who_can_see(standard: Standard, people: list) -> list:
    return [person for person in people if person and standard_is_visible_to(standard, person)]


# --- Status workflow ------------------------------------------------------------------------

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.CONSULTATION, Status.ADOPTED, Status.WITHDRAWN},
    Status.CONSULTATION: {Status.DRAFT, Status.ADOPTED, Status.WITHDRAWN},
    Status.ADOPTED: {Status.CONSULTATION, Status.SUPERSEDED, Status.WITHDRAWN},
    Status.SUPERSEDED: set(),
    Status.WITHDRAWN: set(),
}


def allowed_transitions(standard: Standard) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS[standard.status]]


@transaction.atomic
def standard_status_change(
    *,
    standard: Standard,
    actor,
    to_status: str,
    reason: str,
    closes_at: datetime | None = None,
    automatic: bool = False,
) -> StatusChange:
    """Move the standard through its workflow (convenors only) and record who, when and why.

    ``automatic`` is for the hub itself closing a consultation at its closing date.
    """
    if not automatic and not standard_can_change_status(standard, actor):
        raise NotAllowed("Only the group's convenors can change a standard's status.")
    from_status = standard.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise InvalidTransition(
            f"A standard that is {standard.get_status_display().lower()} cannot become "
            f"{Status(to_status).label.lower() if to_status in Status.values else to_status}."
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the status is changing; it is shown in the history.")
    if len(reason) > 2000:
        raise InvalidInput("Give the reason in 2,000 characters or fewer.")
    now = timezone.now()
    if to_status == Status.CONSULTATION:
        if latest_version(standard) is None:
            raise InvalidTransition("Publish a version before opening a consultation on it.")
        if closes_at is None or closes_at <= now:
            raise InvalidInput("Give a closing date in the future for the consultation.")
    if (
        to_status == Status.ADOPTED
        and from_status == Status.DRAFT
        and not has_been_consulted(standard)
    ):
        raise InvalidTransition("Consult on the standard before adopting it.")
    if to_status == Status.ADOPTED and latest_version(standard) is None:
        raise InvalidTransition("Publish a version before adopting the standard.")
    new_closes = closes_at if to_status == Status.CONSULTATION else None
    # Conditional update: a concurrent change (or the automatic close) wins at most once.
    updated = Standard.objects.filter(pk=standard.pk, status=from_status).update(
        status=to_status, consultation_closes_at=new_closes, updated_at=now
    )
    if not updated:
        raise InvalidTransition("The status changed while you were deciding. Check it again.")
    standard.status, standard.consultation_closes_at = to_status, new_closes
    change = StatusChange.objects.create(
        standard=standard,
        from_status=from_status,
        to_status=to_status,
        actor=None if automatic else actor,
        reason=reason,
        closes_at=new_closes,
        created_at=now,
    )
    version = latest_version(standard)
    if version:
        index_later(version)
    recipients = _followers_who_can_see(standard)
    url = standard.get_absolute_url()
    if to_status == Status.CONSULTATION:
        kind = "standards.consultation"
        text = (
            f"Consultation open on {standard.title} until "
            f"{timezone.localtime(new_closes):%-d %B %Y}"
        )
    else:
        kind = "standards.status"
        text = f"{standard.title} is now {standard.get_status_display().lower()}"
    transaction.on_commit(
        lambda: notification_send(
            recipients=recipients, kind=kind, text=text, url=url, actor=None if automatic else actor
        )
    )
    return change


def standard_close_consultation_if_due(standard: Standard, *, now=None) -> Standard:
    """Close an expired consultation (back to draft). Called on read and by the scheduler."""
    now = now or timezone.now()
    if (
        standard.status == Status.CONSULTATION
        and standard.consultation_closes_at is not None
        and standard.consultation_closes_at <= now
    ):
        closed_on = timezone.localtime(standard.consultation_closes_at)
        try:
            standard_status_change(
                standard=standard,
                actor=None,
                to_status=Status.DRAFT,
                reason=f"The consultation closed on {closed_on:%-d %B %Y at %H:%M}.",
                automatic=True,
            )
        except InvalidTransition:
            standard.refresh_from_db()  # someone else closed it first
    return standard


def consultations_close_due(*, now=None, progress=None) -> int:
    """Close every consultation past its closing date; returns how many were closed."""
    now = now or timezone.now()
    due = list(
        Standard.objects.filter(
            status=Status.CONSULTATION, consultation_closes_at__lte=now
        ).select_related("group")
    )
    closed = 0
    for standard in due:
        standard_close_consultation_if_due(standard, now=now)
        if standard.status == Status.DRAFT:
            closed += 1
        if progress:
            progress(standard)
    return closed


# --- Comment threads ------------------------------------------------------------------------


def _check_comment_body(body: str, what: str = "comment") -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(f"Enter your {what}.")
    if len(body) > COMMENT_MAX_CHARS:
        raise InvalidInput(
            f"Your {what} must be {COMMENT_MAX_CHARS:,} characters or fewer; it has {len(body):,}."
        )
    return body


def _rate_limit(user) -> None:
    if not rate_limit_consume(f"standards.comment:{user.pk}", COMMENT_RATE):
        raise RateLimited("You are commenting very quickly. Wait a minute and try again.")


def _clean_links(source_links) -> list[list[str]]:
    links = []
    for item in list(source_links or ())[:10]:
        label, url = item
        url = str(url).strip()
        if not (url.startswith(("https://", "http://")) or url.startswith("/")) or url.startswith(
            "//"
        ):
            raise InvalidInput(f"The link {url!r} must be a web address or a path on the hub.")
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
        raise StandardNotFound("That standard does not exist.")
    refusal = comment_refusal(standard, author, version=version)
    if refusal:
        raise NotAllowed(refusal)
    block = version.blocks.filter(anchor=anchor).first()
    if block is None:
        raise AnchorNotFound(
            f"Version {version.number} has no paragraph or section '{anchor}'. "
            "It may have been removed; comment on the latest text instead."
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
        raise StandardNotFound("That comment does not exist.")
    refusal = reply_refusal(thread, author)
    if refusal:
        raise NotAllowed(refusal)
    if parent is not None and parent.thread_id != thread.pk:
        raise InvalidInput("You can only reply to a comment in the same thread.")
    body = _check_comment_body(body, "reply")
    _rate_limit(author)
    comment = Comment.objects.create(thread=thread, parent=parent, author=author, body=body)
    CommentThread.objects.filter(pk=thread.pk).update(updated_at=timezone.now())
    index_later(thread)
    recipients = _who_can_see(
        thread.standard, [thread.author] + ([parent.author] if parent is not None else [])
    )
    url = f"{thread.get_absolute_url()}#reply-{comment.pk}"
    text = f"{author} replied to your comment on {thread.standard.title}"
    transaction.on_commit(
        lambda: notification_send(
            recipients=recipients, kind="standards.reply", text=text, url=url, actor=author
        )
    )
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
        raise StandardNotFound("That comment does not exist.")
    if not standard_can_edit(thread.standard, editor):
        raise NotAllowed("Only editors can decide on comments.")
    if decision not in DECISIONS:
        raise InvalidInput("Choose what to do with the comment.")
    response = (response or "").strip()
    if decision != "reopen" and not response:
        raise InvalidInput("Write the editors' response: it goes in the consultation response.")
    if len(response) > COMMENT_MAX_CHARS:
        raise InvalidInput(f"The response must be {COMMENT_MAX_CHARS:,} characters or fewer.")
    state, outcome = DECISIONS[decision]
    if decision == "reopen":
        if thread.is_open:
            raise InvalidInput("This comment is already open.")
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
    label = thread.get_state_display().lower()
    text = f"Your comment on {thread.standard.title} was {label}"
    if decision == "reopen":
        text = f"Your comment on {thread.standard.title} was reopened"
    url = thread.get_absolute_url()
    recipients = _who_can_see(thread.standard, [thread.author])
    transaction.on_commit(
        lambda: notification_send(
            recipients=recipients, kind="standards.thread_state", text=text, url=url, actor=editor
        )
    )
    return thread


@transaction.atomic
def thread_anchor_set(*, thread: CommentThread, editor, anchor: str) -> CommentThread:
    """Confirm a re-anchored thread, or move a thread (including an orphan) to a block of the
    latest version."""
    standard = thread.standard
    if not standard_can_edit(standard, editor):
        raise NotAllowed("Only editors can move comments.")
    version = latest_version(standard)
    block = version.blocks.filter(anchor=anchor).first() if version else None
    if block is None:
        raise AnchorNotFound(f"The latest version has no paragraph or section '{anchor}'.")
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


# --- Following and adoption ---------------------------------------------------------------


def standard_follow_set(*, standard: Standard, user, following: bool) -> bool:
    if not standard_is_visible_to(standard, user):
        raise StandardNotFound("That standard does not exist.")
    return follow_set(user=user, target_type="standard", target_id=standard.pk, following=following)


@transaction.atomic
def adoption_declare(
    *,
    standard: Standard,
    user,
    version: StandardVersion,
    kind: str = Adoption.Kind.ADOPTED,
    evidence_url: str = "",
) -> Adoption:
    """Declare that the user's council adopted (or is implementing) a version.

    A council has one current declaration per standard; a new one closes the previous one, so
    the register keeps every change.
    """
    if not standard_is_visible_to(standard, user):
        raise StandardNotFound("That standard does not exist.")
    if not user.is_authenticated:
        raise NotAllowed("Sign in to declare an adoption.")
    council = getattr(getattr(user, "profile", None), "council", None)
    if council is None:
        raise NotAllowed("Add your council to your profile before declaring an adoption.")
    if version.standard_id != standard.pk:
        raise InvalidInput("Choose a version of this standard.")
    if standard.status == Status.WITHDRAWN:
        raise NotAllowed("This standard has been withdrawn; it cannot be adopted.")
    if kind not in Adoption.Kind.values:
        raise InvalidInput("Choose adopted or implementing.")
    evidence_url = (evidence_url or "").strip()
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        raise InvalidInput("The evidence link must be a web address starting with https://.")
    now = timezone.now()
    current = list(
        Adoption.objects.select_for_update()
        .select_related("standard__group")
        .filter(standard=standard, council=council, withdrawn_at__isnull=True)
    )
    for previous in current:
        # Replacing a declaration withdraws it, so it needs the same right as withdrawing.
        if not adoption_can_withdraw(previous, user):
            raise NotAllowed(
                f"{council.name} is already on the register. Only the person who declared it, "
                "a verified member of the council or a convenor can change it."
            )
    Adoption.objects.filter(pk__in=[previous.pk for previous in current]).update(
        withdrawn_at=now, withdrawn_by=user, withdrawn_reason="Replaced by a newer declaration"
    )
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                standard=standard,
                version=version,
                council=council,
                kind=kind,
                evidence_url=evidence_url,
                declared_by=user,
                declared_at=now,
                declarer_verified=bool(user.profile.council_verified),
            )
    except IntegrityError as error:
        raise InvalidTransition(
            "Someone from your council declared at the same moment. Reload and check."
        ) from error
    _reindex_standard_sections(standard)  # adopting councils are search facets of its sections
    return adoption


@transaction.atomic
def adoption_withdraw(*, adoption: Adoption, user, reason: str) -> Adoption:
    """Withdraw a declaration. Kept for the audit.

    Allowed to the original declarer, a verified member of that council, or a convenor: an
    unverified "I work there" on a profile is not enough to take a council off the register.
    """
    if not standard_is_visible_to(adoption.standard, user):
        raise StandardNotFound("That standard does not exist.")
    if not adoption_can_withdraw(adoption, user):
        raise NotAllowed(
            "Only the person who declared it, a verified member of the council or a convenor "
            "can withdraw it."
        )
    if adoption.withdrawn_at is not None:
        raise InvalidInput("That declaration has already been withdrawn.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the declaration is being withdrawn.")
    if len(reason) > 500:
        raise InvalidInput("Give the reason in 500 characters or fewer.")
    adoption.withdrawn_at, adoption.withdrawn_by = timezone.now(), user
    adoption.withdrawn_reason = reason
    adoption.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    _reindex_standard_sections(adoption.standard)
    return adoption


def _reindex_standard_sections(standard: Standard) -> None:
    version = latest_version(standard)
    if version is not None:
        index_later(version)


def standards_reindex_for_group(*, group: WorkingGroup) -> None:
    """Queue every searchable object of the group's standards (after a visibility change)."""
    for standard in group.standards.all():
        version = latest_version(standard)
        if version:
            index_later(version)
        index_later(*standard.threads.all())
