"""Standards and their versions: lists, the latest version, blocks, history."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from hub.groups.models import WorkingGroup
from hub.standards.models import (
    Standard,
    Status,
    ThreadState,
)
from hub.standards.selectors.access import standards_visible_to


def standard_list(*, user, status: str = "", query: str = "") -> QuerySet[Standard]:
    """Standards the user may see, with group and counts, for list pages (fixed queries)."""
    standards = (
        standards_visible_to(user)
        .select_related("group")
        .annotate(
            version_count=Count("versions", distinct=True),
            latest_major=Max("versions__major"),
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
        latest_major=Max("versions__major"),
        open_threads=Count(
            "threads",
            filter=Q(threads__state=ThreadState.OPEN, threads__is_hidden=False),
            distinct=True,
        ),
    ).order_by("title")
