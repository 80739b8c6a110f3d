"""Publishing the draft as an immutable version and carrying comment threads forward."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from hub.notifications.events import emit
from hub.standards.anchoring import (
    ParsedBlock,
    PreviousBlock,
    assign_anchors,
)
from hub.standards.models import (
    AnchorStatus,
    Block,
    CommentThread,
    SchemaPart,
    Standard,
    StandardVersion,
    Status,
    ThreadMove,
    ThreadState,
)
from hub.standards.schema_diff import SchemaChange
from hub.standards.selectors import (
    latest_version,
    standard_can_edit,
)
from hub.standards.selectors.schemas import (
    draft_parts,
    parts_signature,
    schema_changes,
    version_parts,
)
from hub.standards.services.drafting import check_body
from hub.standards.services.errors import (
    BreakingChangeUnconfirmed,
    DraftConflict,
    InvalidInput,
    NotAllowed,
    NothingToPublish,
)
from hub.standards.services.schemas import parts_freeze
from search.outbox import index_later


@dataclass
class PublishPlan:
    """What publishing the current draft would do; shown to editors before they publish."""

    blocks: list[ParsedBlock]
    previous: StandardVersion | None
    carried: list[tuple[CommentThread, str]] = field(default_factory=list)  # (thread, anchor)
    reanchored: list[tuple[CommentThread, str]] = field(default_factory=list)
    orphaned: list[CommentThread] = field(default_factory=list)
    addressed: list[CommentThread] = field(default_factory=list)
    parts: list[SchemaPart] = field(default_factory=list)  # the draft's, to be frozen
    schema_changes: list[SchemaChange] = field(default_factory=list)

    @property
    def breaking(self) -> list[SchemaChange]:
        return [change for change in self.schema_changes if change.breaking]


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
    blocks = check_body(body)
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
    plan = PublishPlan(blocks=blocks, previous=previous, parts=draft_parts(standard))
    plan.schema_changes = schema_changes(version_parts(previous), plan.parts)
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
    *,
    standard: Standard,
    editor,
    bump: str = "minor",
    notes: str = "",
    base_revision=None,
    confirm_breaking: bool = False,
) -> StandardVersion:
    """Publish the draft as a new immutable version and carry threads forward.

    Open threads, and threads decided since the last version, move to the block with the same
    anchor in the new version. If that block's text changed, an open thread is marked
    re-anchored for an editor to confirm; if the block is gone the thread is orphaned and keeps
    pointing at its old version. Threads decided since the last version record this version as
    the one that addressed them.
    """
    if not standard_can_edit(standard, editor):
        raise NotAllowed(gettext("Only editors can publish a version."))
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.status in {Status.WITHDRAWN, Status.SUPERSEDED}:
        raise NotAllowed(gettext("This standard is closed; no new versions can be published."))
    if base_revision is not None and standard.draft_revision != base_revision:
        raise DraftConflict(
            gettext(
                "The draft changed after you reviewed it. Review the latest draft and publish again."
            ),
            standard=standard,
        )
    if bump not in {"minor", "major"}:
        raise InvalidInput(gettext("Choose a minor or a major version."))
    if len(notes) > 5000:
        raise InvalidInput(gettext("Describe the changes in 5,000 characters or fewer."))
    body = standard.draft_body
    if not body.strip():
        raise NothingToPublish(
            gettext("The draft is empty. Write the standard before publishing it.")
        )
    plan = publish_plan(standard, body)
    previous = plan.previous
    same_parts = parts_signature(version_parts(previous)) == parts_signature(plan.parts)
    if previous is not None and previous.body == body and same_parts:
        raise NothingToPublish(
            gettext(
                "The draft and its schemas are the same as version %(number)s. Change them before publishing."
            )
            % {"number": previous.number}
        )
    if bump == "minor" and plan.breaking and not confirm_breaking:
        raise BreakingChangeUnconfirmed(plan.breaking)
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
    parts_freeze(standard=standard, version=version)
    standard._latest_version = version
    index_later(version, *([previous] if previous else []), *touched)
    emit("standards.version_published", actor=editor, version=version.pk)
    return version
