"""Reads for standards, and the rules that decide who may see, comment, edit and decide.

Visibility always comes from the group (``hub.groups.selectors``): a standard in a members-only
group, and everything hanging off it, is invisible to outsiders.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet

from hub.councils.models import Council, CouncilType, Nation
from hub.groups.models import WorkingGroup
from hub.groups.selectors import (
    group_can_edit,
    group_is_convenor,
    group_is_member,
    group_is_visible_to,
    groups_visible_to,
)
from hub.standards.models import (
    Adoption,
    Block,
    Comment,
    CommentThread,
    Standard,
    StandardVersion,
    Status,
    StatusChange,
    ThreadState,
)

CLOSED_STATUSES = {Status.WITHDRAWN, Status.SUPERSEDED}


def standard_is_visible_to(standard: Standard, user) -> bool:
    return group_is_visible_to(standard.group, user)


def standard_can_edit(standard: Standard, user) -> bool:
    """Editors and convenors of the group edit the draft, publish and decide on comments."""
    return group_can_edit(standard.group, user)


def standard_can_change_status(standard: Standard, user) -> bool:
    """Only convenors move a standard through its workflow."""
    return group_is_convenor(standard.group, user)


def latest_version(standard: Standard) -> StandardVersion | None:
    cached = getattr(standard, "_latest_version", False)
    if cached is not False:
        return cached
    version = standard.versions.order_by("-major", "-minor").first()
    standard._latest_version = version
    return version


def version_by_number(standard: Standard, number: str) -> StandardVersion | None:
    major, _, minor = number.partition(".")
    if not (major.isdigit() and minor.isdigit()):
        return None
    return standard.versions.filter(major=int(major), minor=int(minor)).first()


def comment_refusal(standard: Standard, user, *, version: StandardVersion | None = None) -> str:
    """Why ``user`` may not start a comment thread now, or "" when they may.

    Members comment at any time on the latest version (that is how a draft is worked on);
    during a consultation any signed-in practitioner may, unless the group restricts it.
    """
    if user is None or not user.is_authenticated:
        return "Sign in to comment."
    if standard.status in CLOSED_STATUSES:
        return f"Comments are closed: this standard is {standard.get_status_display().lower()}."
    if version is not None:
        latest = latest_version(standard)
        if latest is None or version.pk != latest.pk:
            number = latest.number if latest else "none"
            return f"Comments are only taken on the latest version ({number})."
    if group_is_member(standard.group, user):
        return ""
    if standard.consultation_is_open:
        if standard.group.consultation_members_only:
            return f"Only members of {standard.group.name} can comment on this consultation."
        return ""
    return (
        f"Only members of {standard.group.name} can comment while the standard is not in "
        "consultation."
    )


def reply_refusal(thread: CommentThread, user) -> str:
    """Why ``user`` may not reply in this thread, or "" when they may."""
    if user is None or not user.is_authenticated:
        return "Sign in to reply."
    standard = thread.standard
    if standard_can_edit(standard, user):
        return ""
    if standard.status in CLOSED_STATUSES:
        return f"Comments are closed: this standard is {standard.get_status_display().lower()}."
    if thread.author_id == user.pk:
        return ""
    return comment_refusal(standard, user)


def standards_visible_to(user) -> QuerySet[Standard]:
    return Standard.objects.filter(group__in=groups_visible_to(user))


def standard_list(*, user, status: str = "", query: str = "") -> QuerySet[Standard]:
    """Standards the user may see, with group and counts, for list pages (fixed queries)."""
    standards = (
        standards_visible_to(user)
        .select_related("group")
        .annotate(
            version_count=Count("versions", distinct=True),
            adoption_count=Count(
                "adoptions", filter=Q(adoptions__withdrawn_at__isnull=True), distinct=True
            ),
        )
        .order_by("title")
    )
    if status:
        standards = standards.filter(status=status)
    if query:
        standards = standards.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    return standards


def version_blocks(version: StandardVersion) -> list[Block]:
    cached = getattr(version, "_blocks", None)
    if cached is None:
        cached = list(version.blocks.order_by("position"))
        version._blocks = cached
    return cached


def threads_for_version(version: StandardVersion) -> list[CommentThread]:
    """Threads shown on this version, with authors, councils and replies in fixed queries."""
    return list(
        CommentThread.objects.filter(version=version)
        .select_related(
            "standard", "author__profile", "council", "addressed_in", "original_version"
        )
        .prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("author__profile"))
        )
        .order_by("created_at", "pk")
    )


def orphaned_threads(standard: StandardVersion | Standard) -> list[CommentThread]:
    return list(
        CommentThread.objects.filter(standard=standard, anchor_status="orphaned")
        .select_related("standard", "author__profile", "version", "addressed_in")
        .order_by("created_at")
    )


def thread_detail(pk: int) -> CommentThread | None:
    return (
        CommentThread.objects.select_related(
            "standard__group",
            "version",
            "original_version",
            "addressed_in",
            "author__profile",
            "council",
            "decided_by__profile",
        )
        .filter(pk=pk)
        .first()
    )


def thread_replies_tree(thread: CommentThread) -> list[tuple[Comment, int]]:
    """Replies in reading order with their depth, for threaded display (depth capped at 4)."""
    comments = list(thread.comments.select_related("author__profile").order_by("created_at", "pk"))
    children: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        children[comment.parent_id].append(comment)
    ordered: list[tuple[Comment, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for comment in children.get(parent_id, []):
            ordered.append((comment, min(depth, 4)))
            walk(comment.pk, depth + 1)

    walk(None, 0)
    return ordered


def status_history(standard: Standard) -> list[StatusChange]:
    return list(standard.status_changes.select_related("actor__profile").order_by("created_at"))


def has_been_consulted(standard: Standard) -> bool:
    return standard.status_changes.filter(to_status=Status.CONSULTATION).exists()


def current_adoptions(standard: Standard) -> list[Adoption]:
    return list(
        standard.adoptions.filter(withdrawn_at__isnull=True)
        .select_related("council", "version", "declared_by__profile")
        .order_by("council__name")
    )


def adoption_audit(standard: Standard) -> list[Adoption]:
    """Every declaration ever made, newest first, including withdrawn ones."""
    return list(
        standard.adoptions.select_related(
            "council", "version", "declared_by__profile", "withdrawn_by__profile"
        ).order_by("-declared_at", "-pk")
    )


def adoption_can_withdraw(adoption: Adoption, user) -> bool:
    """Who may withdraw (or replace) a council's declaration.

    Choosing a council on one's profile proves nothing, so being "from" the council is not
    enough: the original declarer, a verified member of that council, or a convenor may.
    """
    if user is None or not user.is_authenticated:
        return False
    if adoption.declared_by_id == user.pk:
        return True
    profile = getattr(user, "profile", None)
    if (
        profile is not None
        and profile.council_verified
        and profile.council_id == adoption.council_id
    ):
        return True
    return standard_can_change_status(adoption.standard, user)


def adoption_counts(adoptions: list[Adoption]) -> dict:
    """Counts of current declarations by nation and by council type, for the standard page."""
    nations = Counter(a.council.nation for a in adoptions)
    types = Counter(a.council.council_type for a in adoptions)
    labels = dict(CouncilType.choices)
    return {
        "total": len(adoptions),
        "verified": sum(1 for a in adoptions if a.declarer_verified),
        "adopted": sum(1 for a in adoptions if a.kind == Adoption.Kind.ADOPTED),
        "implementing": sum(1 for a in adoptions if a.kind == Adoption.Kind.IMPLEMENTING),
        "by_nation": [(n, nations[n]) for n in Nation.values if nations[n]],
        "by_type": [(labels.get(t, t), c) for t, c in sorted(types.items())],
    }


def consultation_summary(standard: Standard) -> dict:
    """Threads grouped by state, by section and by council, for the consultation summary."""
    threads = list(
        CommentThread.objects.filter(standard=standard)
        .select_related("council", "author__profile", "version", "addressed_in")
        .annotate(reply_count=Count("comments"))
        .order_by("created_at", "pk")
    )
    by_state = Counter(t.state for t in threads)
    by_section: dict[str, list[CommentThread]] = defaultdict(list)
    by_council: dict[str, list[CommentThread]] = defaultdict(list)
    for thread in threads:
        by_section[thread.heading_path or "Introduction"].append(thread)
        by_council[thread.council.name if thread.council else "No council given"].append(thread)
    return {
        "threads": threads,
        "total": len(threads),
        "by_state": [(label, by_state.get(value, 0)) for value, label in ThreadState.choices],
        "by_section": [
            (name, items, sum(1 for t in items if t.state == ThreadState.OPEN))
            for name, items in sorted(by_section.items())
        ],
        "by_council": sorted(by_council.items(), key=lambda item: (-len(item[1]), item[0])),
        "open_count": by_state.get(ThreadState.OPEN, 0),
    }


def standards_adopted_by(council: Council, user) -> list[Adoption]:
    """A council's current declarations on standards the viewer may see (council page)."""
    return list(
        Adoption.objects.filter(
            council=council,
            withdrawn_at__isnull=True,
            standard__group__in=groups_visible_to(user),
        )
        .select_related("standard", "version")
        .order_by("standard__title")
    )


def standards_in_consultation(user, *, limit: int = 5) -> list[Standard]:
    """Open consultations the viewer may see, closing soonest first (home page)."""
    from django.utils import timezone

    return list(
        standards_visible_to(user)
        .filter(status=Status.CONSULTATION, consultation_closes_at__gt=timezone.now())
        .select_related("group")
        .order_by("consultation_closes_at")[:limit]
    )


def group_standards(group: WorkingGroup) -> QuerySet[Standard]:
    return group.standards.annotate(
        version_count=Count("versions", distinct=True),
        open_threads=Count("threads", filter=Q(threads__state=ThreadState.OPEN), distinct=True),
    ).order_by("title")
