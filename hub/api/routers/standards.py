"""Working groups and standards: versions with anchored sections, comment threads, adoption.

Every read goes through ``hub.groups.selectors``/``hub.standards.selectors`` (members-only
groups and everything in them answer 404 to outsiders) and every write through
``hub.standards.services``, which applies the same rules, rate limits and notifications as the
pages.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hub.api.auth import READ_AUTH, WRITE_AUTH, require
from hub.api.errors import READ_ERRORS, WRITE_ERRORS, ApiError, not_found
from hub.api.pagination import PageParams, keyset_page, page_schema
from hub.groups.models import Membership, WorkingGroup
from hub.groups.selectors import groups_visible_to
from hub.standards import selectors
from hub.standards import services as standards_services
from hub.standards.models import Adoption, Comment, CommentThread, Standard, StandardVersion

router = Router(tags=["Working groups and standards"], auth=READ_AUTH)
AREA = "standards"


def _name(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return (profile.display_name if profile else "") or gettext("Former member")


def _handle(user) -> str | None:
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.handle if profile else None


# --- Groups -----------------------------------------------------------------------------------


class GroupOut(Schema):
    slug: str
    name: str
    purpose: str
    visibility: str
    join_policy: str
    consultation_members_only: bool
    member_count: int
    standard_count: int


def group_out(group: WorkingGroup) -> dict:
    return {
        "slug": group.slug,
        "name": group.name,
        "purpose": "" if group.purpose_hidden else group.purpose,
        "visibility": group.visibility,
        "join_policy": group.join_policy,
        "consultation_members_only": group.consultation_members_only,
        "member_count": group.member_count,
        "standard_count": group.standard_count,
    }


def _groups(user):
    return WorkingGroup.objects.filter(pk__in=groups_visible_to(user).values("pk")).annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__state=Membership.State.ACTIVE), distinct=True
        ),
        standard_count=Count("standards", distinct=True),
    )


@router.get(
    "/groups", response={200: page_schema(GroupOut), **READ_ERRORS}, operation_id="list_groups"
)
def list_groups(request, params: Query[PageParams]):
    """Working groups the caller may see (members-only groups only to their members)."""
    caller = require(request, AREA)
    items, cursor = keyset_page(_groups(caller.user), order=["name", "id"], params=params)
    return {"items": [group_out(g) for g in items], "next_cursor": cursor}


@router.get("/groups/{slug}", response={200: GroupOut, **READ_ERRORS}, operation_id="get_group")
def get_group(request, slug: str):
    caller = require(request, AREA)
    group = _groups(caller.user).filter(slug=slug).first()
    if group is None:
        raise not_found(gettext("That working group"))
    return group_out(group)


# --- Standards and versions -------------------------------------------------------------------


class StandardOut(Schema):
    slug: str
    title: str
    summary: str
    group: str
    status: str
    licence: str
    consultation_open: bool
    consultation_closes_at: datetime | None
    version_count: int
    adoption_count: int
    updated_at: datetime


def standard_out(standard: Standard) -> dict:
    return {
        "slug": standard.slug,
        "title": standard.title,
        "summary": standard.summary,
        "group": standard.group.slug,
        "status": standard.status,
        "licence": standard.licence,
        "consultation_open": standard.consultation_is_open,
        "consultation_closes_at": standard.consultation_closes_at,
        "version_count": standard.version_count,
        "adoption_count": standard.adoption_count,
        "updated_at": standard.updated_at,
    }


class StandardFilters(PageParams):
    status: str = ""
    group: str = ""
    q: str = ""


@router.get(
    "/standards",
    response={200: page_schema(StandardOut), **READ_ERRORS},
    operation_id="list_standards",
)
def list_standards(request, filters: Query[StandardFilters]):
    """Standards the caller may see. Filters match the standards page, plus ``group``."""
    caller = require(request, AREA)
    rows = selectors.standard_list(user=caller.user, status=filters.status, query=filters.q)
    if filters.group:
        rows = rows.filter(group__slug=filters.group)
    items, cursor = keyset_page(rows, order=["title", "id"], params=filters)
    return {"items": [standard_out(s) for s in items], "next_cursor": cursor}


def visible_standard(request, slug: str) -> Standard:
    """The standard if the caller may see it, else 404 (existence does not leak)."""
    user = request.auth.user
    standard = selectors.standard_list(user=user).filter(slug=slug).first()
    if standard is None:
        raise not_found(gettext("That standard"))
    # Reads never write: the scheduler closes expired consultations; consultation_open is
    # already false from the closing date.
    return standard


@router.get(
    "/standards/{slug}", response={200: StandardOut, **READ_ERRORS}, operation_id="get_standard"
)
def get_standard(request, slug: str):
    require(request, AREA)
    return standard_out(visible_standard(request, slug))


class VersionOut(Schema):
    number: str
    notes: str
    published_at: datetime
    published_by: str


class SectionOut(Schema):
    anchor: str = Field(description="Stable across versions: link to #anchor or comment on it.")
    kind: str
    level: int
    heading_path: str
    section_anchor: str
    text: str


class VersionDetailOut(VersionOut):
    standard: str
    body: str
    sections: list[SectionOut]


def version_out(version: StandardVersion) -> dict:
    return {
        "number": version.number,
        "notes": version.notes,
        "published_at": version.published_at,
        "published_by": _name(version.published_by),
    }


@router.get(
    "/standards/{slug}/versions",
    response={200: list[VersionOut], **READ_ERRORS},
    operation_id="list_standard_versions",
)
def list_versions(request, slug: str):
    """Every published version, newest first (a standard has few; no paging)."""
    require(request, AREA)
    standard = visible_standard(request, slug)
    versions = standard.versions.select_related("published_by__profile").order_by(
        "-major", "-minor"
    )
    return [version_out(v) for v in versions]


@router.get(
    "/standards/{slug}/versions/{number}",
    response={200: VersionDetailOut, **READ_ERRORS},
    operation_id="get_standard_version",
)
def get_version(request, slug: str, number: str):
    """One immutable version with its sections and paragraphs, each with its stable anchor."""
    require(request, AREA)
    standard = visible_standard(request, slug)
    version = selectors.version_by_number(standard, number)
    if version is None:
        raise not_found(gettext("That version"))
    return {
        **version_out(version),
        "standard": standard.slug,
        "body": version.body,
        "sections": [
            {
                "anchor": b.anchor,
                "kind": b.kind,
                "level": b.level,
                "heading_path": b.heading_path,
                "section_anchor": b.section_anchor,
                "text": b.text,
            }
            for b in selectors.version_blocks(version)
        ],
    }


# --- Comment threads --------------------------------------------------------------------------


class ReplyOut(Schema):
    id: int
    parent_id: int | None
    author: str
    author_handle: str | None
    body: str
    created_at: datetime


class ThreadOut(Schema):
    id: int
    standard: str
    version: str
    anchor: str
    heading_path: str
    quoted_text: str
    anchor_status: str
    author: str
    author_handle: str | None
    council: str | None
    body: str
    state: str
    outcome: str
    editor_response: str
    reply_count: int
    created_at: datetime
    updated_at: datetime


class ThreadDetailOut(ThreadOut):
    replies: list[ReplyOut]


def reply_out(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "author": _name(comment.author),
        "author_handle": _handle(comment.author),
        "body": comment.body,
        "created_at": comment.created_at,
    }


def thread_out(thread: CommentThread, standard: Standard) -> dict:
    return {
        "id": thread.pk,
        "standard": standard.slug,
        "version": thread.version.number,
        "anchor": thread.anchor,
        "heading_path": thread.heading_path,
        "quoted_text": thread.quoted_text,
        "anchor_status": thread.anchor_status,
        "author": _name(thread.author),
        "author_handle": _handle(thread.author),
        "council": thread.council.slug if thread.council_id else None,
        "body": thread.body,
        "state": thread.state,
        "outcome": thread.outcome,
        "editor_response": thread.editor_response,
        "reply_count": thread.reply_count,
        "created_at": thread.created_at,
        "updated_at": thread.updated_at,
    }


class ThreadFilters(PageParams):
    state: str = Field("", description="open, resolved, accepted or rejected")
    anchor: str = ""
    version: str = Field("", description="Threads shown on this version, like 1.2")


def _threads(standard: Standard):
    return (
        CommentThread.objects.filter(standard=standard, is_hidden=False)
        .select_related("version", "author__profile", "council")
        .annotate(reply_count=Count("comments", filter=Q(comments__is_hidden=False)))
    )


@router.get(
    "/standards/{slug}/threads",
    response={200: page_schema(ThreadOut), **READ_ERRORS},
    operation_id="list_standard_threads",
)
def list_threads(request, slug: str, filters: Query[ThreadFilters]):
    """Comment threads on the standard, oldest first, like the consultation summary."""
    require(request, AREA)
    standard = visible_standard(request, slug)
    rows = _threads(standard)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.anchor:
        rows = rows.filter(anchor=filters.anchor)
    if filters.version:
        major, _, minor = filters.version.partition(".")
        if not (major.isascii() and minor.isascii() and major.isdigit() and minor.isdigit()):
            raise ApiError(
                422, "invalid", gettext("version looks like 1.2."), fields={"version": ["Invalid."]}
            )
        rows = rows.filter(version__major=int(major), version__minor=int(minor))
    items, cursor = keyset_page(rows, order=["created_at", "id"], params=filters)
    return {"items": [thread_out(t, standard) for t in items], "next_cursor": cursor}


def _thread(request, slug: str, thread_id: int) -> tuple[Standard, CommentThread]:
    standard = visible_standard(request, slug)
    thread = (
        _threads(standard)
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(is_hidden=False)
                .select_related("author__profile")
                .order_by("created_at", "pk"),
            )
        )
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise not_found(gettext("That comment thread"))
    thread.standard = standard
    return standard, thread


@router.get(
    "/standards/{slug}/threads/{thread_id}",
    response={200: ThreadDetailOut, **READ_ERRORS},
    operation_id="get_standard_thread",
)
def get_thread(request, slug: str, thread_id: int):
    """A thread with every reply, in reading order (``parent_id`` gives the nesting)."""
    require(request, AREA)
    standard, thread = _thread(request, slug, thread_id)
    return {
        **thread_out(thread, standard),
        "replies": [reply_out(c) for c in thread.comments.all()],
    }


class ThreadIn(Schema):
    anchor: str = Field(..., max_length=80, description="A section or paragraph anchor")
    body: str = Field(..., max_length=20_000)
    version: str | None = Field(None, description="Defaults to the latest version")


@router.post(
    "/standards/{slug}/threads",
    response={201: ThreadOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="open_standard_thread",
)
def open_thread(request, slug: str, payload: ThreadIn):
    """Comment on one section or paragraph of the latest version."""
    caller = require(request, AREA, "write")
    standard = visible_standard(request, slug)
    version = (
        selectors.version_by_number(standard, payload.version)
        if payload.version
        else selectors.latest_version(standard)
    )
    if version is None:
        raise not_found(gettext("That version"))
    version.standard = standard
    thread = standards_services.thread_open(
        version=version, anchor=payload.anchor, author=caller.user, body=payload.body
    )
    thread.reply_count = 0
    return Status(201, thread_out(thread, standard))


class ReplyIn(Schema):
    body: str = Field(..., max_length=20_000)
    parent_id: int | None = Field(None, description="Reply to this reply rather than the thread")


@router.post(
    "/standards/{slug}/threads/{thread_id}/replies",
    response={201: ReplyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="reply_to_standard_thread",
)
def reply(request, slug: str, thread_id: int, payload: ReplyIn):
    """Reply in a thread; its author (and the replied-to person) are notified."""
    caller = require(request, AREA, "write")
    _, thread = _thread(request, slug, thread_id)
    parent = None
    if payload.parent_id is not None:
        parent = next((c for c in thread.comments.all() if c.pk == payload.parent_id), None)
        if parent is None:
            raise ApiError(
                422,
                "invalid",
                gettext("That reply is not in this thread."),
                fields={"parent_id": [gettext("Not in this thread.")]},
            )
    comment = standards_services.thread_reply(
        thread=thread, author=caller.user, body=payload.body, parent=parent
    )
    return Status(201, reply_out(comment))


# --- Adoption ---------------------------------------------------------------------------------


class AdoptionOut(Schema):
    id: int
    council: str
    council_name: str
    version: str
    kind: str
    evidence_url: str
    declared_at: datetime
    declarer_verified: bool
    withdrawn_at: datetime | None
    endpoint_url: str = Field(description="The council's live endpoint, checked daily; or empty")
    conformance_state: str = Field(
        description="conforms, failing, not_checked, or empty when no endpoint is registered"
    )
    conformance_since: datetime | None
    last_checked_at: datetime | None


def conformance_state(adoption: Adoption) -> str:
    if not adoption.endpoint_url:
        return ""
    return adoption.conformance_state or "not_checked"


def adoption_out(adoption: Adoption) -> dict:
    return {
        "id": adoption.pk,
        "council": adoption.council.slug,
        "council_name": adoption.council.name,
        "version": adoption.version.number,
        "kind": adoption.kind,
        "evidence_url": adoption.evidence_url,
        "declared_at": adoption.declared_at,
        "declarer_verified": adoption.declarer_verified,
        "withdrawn_at": adoption.withdrawn_at,
        "endpoint_url": adoption.endpoint_url,
        "conformance_state": conformance_state(adoption),
        "conformance_since": adoption.conformance_since,
        "last_checked_at": adoption.last_checked_at,
    }


@router.get(
    "/standards/{slug}/adoptions",
    response={200: list[AdoptionOut], **READ_ERRORS},
    operation_id="list_standard_adoptions",
)
def list_adoptions(request, slug: str, include_withdrawn: bool = False):
    """The adoption register: current declarations by council (with the audit if asked)."""
    require(request, AREA)
    standard = visible_standard(request, slug)
    rows = (
        selectors.adoption_audit(standard)
        if include_withdrawn
        else selectors.current_adoptions(standard)
    )
    return [adoption_out(a) for a in rows]


class AdoptionIn(Schema):
    version: str = Field(..., description="The version adopted, like 1.0")
    kind: str = Field("adopted", description="adopted or implementing")
    evidence_url: str = Field("", max_length=500)
    endpoint_url: str = Field(
        "",
        max_length=500,
        description="Your live endpoint or data address (https://), checked daily against the "
        "version; see get_standard_conformance",
    )


@router.post(
    "/standards/{slug}/adoptions",
    response={201: AdoptionOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="declare_standard_adoption",
)
def declare_adoption(request, slug: str, payload: AdoptionIn):
    """Declare that your profile's council adopted (or is implementing) a version."""
    caller = require(request, AREA, "write")
    standard = visible_standard(request, slug)
    version = selectors.version_by_number(standard, payload.version)
    if version is None:
        raise ApiError(
            422,
            "invalid",
            gettext("Choose a published version."),
            fields={"version": [gettext("No such version.")]},
        )
    adoption = standards_services.adoption_declare(
        standard=standard,
        user=caller.user,
        version=version,
        kind=payload.kind,
        evidence_url=payload.evidence_url,
        endpoint_url=payload.endpoint_url,
    )
    adoption = get_object_or_404(
        Adoption.objects.select_related("council", "version"), pk=adoption.pk
    )
    return Status(201, adoption_out(adoption))
