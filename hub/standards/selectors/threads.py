"""Comment threads and the consultation summary."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch, Q

from hub.standards.models import (
    Comment,
    CommentThread,
    Standard,
    StandardVersion,
    ThreadState,
)


def threads_for_version(version: StandardVersion) -> list[CommentThread]:
    """Threads shown on this version, with authors, councils and replies in fixed queries."""
    return list(
        CommentThread.objects.filter(version=version, is_hidden=False)
        .select_related(
            "standard", "author__profile", "council", "addressed_in", "original_version"
        )
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(is_hidden=False).select_related("author__profile"),
            )
        )
        .order_by("created_at", "pk")
    )


def orphaned_threads(standard: StandardVersion | Standard) -> list[CommentThread]:
    return list(
        CommentThread.objects.filter(standard=standard, anchor_status="orphaned", is_hidden=False)
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
    """Replies in reading order with their depth, for threaded display (depth capped at 4).

    Hidden replies stay in place (their replies hang from them); the page shows a tombstone to
    everyone but their author and moderators."""
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


def consultation_summary(standard: Standard) -> dict:
    """Threads grouped by state, by section and by council, for the consultation summary."""
    threads = list(
        CommentThread.objects.filter(standard=standard, is_hidden=False)
        .select_related("council", "author__profile", "version", "addressed_in")
        .annotate(reply_count=Count("comments", filter=Q(comments__is_hidden=False)))
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
