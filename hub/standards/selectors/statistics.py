"""Community statistics (read by hub/community's dashboards and public page): adoption over
time, the most adopted standards, comment threads waiting for a reply. Grouped queries only."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q, QuerySet

from hub.groups.models import WorkingGroup
from hub.standards.models import Adoption, CommentThread, Standard, Status, ThreadState


def _standards_for_statistics(*, public_only: bool) -> QuerySet[Standard]:
    """Non-draft standards; with ``public_only``, only those of public groups (members-only
    groups never appear, not even as counts)."""
    standards = Standard.objects.exclude(status=Status.DRAFT)
    if public_only:
        standards = standards.filter(group__visibility=WorkingGroup.Visibility.PUBLIC)
    return standards


def adoption_series(
    *, since, until, public_only: bool, council_id: int | None = None
) -> list[tuple]:
    """Current adoption declarations at the end of each week from ``since`` to ``until``.

    Returns ``[(week_start, adopted, implementing), ...]``: three grouped queries (the count
    before ``since``, declarations per week, withdrawals per week), summed in Python.
    """
    from datetime import timedelta

    from django.db.models import DateField
    from django.db.models.functions import TruncWeek

    adoptions = Adoption.objects.filter(
        standard__in=_standards_for_statistics(public_only=public_only)
    )
    if council_id:
        adoptions = adoptions.filter(council_id=council_id)
    current_at_start = dict(
        adoptions.filter(declared_at__lt=since)
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=since))
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    declared = (
        adoptions.filter(declared_at__gte=since, declared_at__lt=until)
        .annotate(week=TruncWeek("declared_at", output_field=DateField()))
        .values_list("week", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    withdrawn = (
        adoptions.filter(withdrawn_at__gte=since, withdrawn_at__lt=until)
        .annotate(week=TruncWeek("withdrawn_at", output_field=DateField()))
        .values_list("week", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    change: dict = defaultdict(Counter)
    for week, kind, n in declared:
        change[week][kind] += n
    for week, kind, n in withdrawn:
        change[week][kind] -= n
    running = Counter(current_at_start)
    week = since.date() - timedelta(days=since.date().weekday())
    series = []
    while week < until.date():
        running.update(change.get(week, {}))
        series.append((week, running[Adoption.Kind.ADOPTED], running[Adoption.Kind.IMPLEMENTING]))
        week += timedelta(days=7)
    return series


def adoption_by_standard(*, public_only: bool, limit: int = 20) -> list[tuple]:
    """Standards with the most current adoptions: ``[(title, url, adopted, implementing)]``."""
    current = Q(adoptions__withdrawn_at__isnull=True)
    rows = (
        _standards_for_statistics(public_only=public_only)
        .annotate(
            adopted=Count("adoptions", filter=current & Q(adoptions__kind=Adoption.Kind.ADOPTED)),
            implementing=Count(
                "adoptions", filter=current & Q(adoptions__kind=Adoption.Kind.IMPLEMENTING)
            ),
        )
        .order_by("-adopted", "-implementing", "title")
        .only("title", "slug")[:limit]
    )
    return [(s.title, s.get_absolute_url(), s.adopted, s.implementing) for s in rows]


def threads_without_replies(*, older_than, council_id: int | None = None, limit: int = 10):
    """Open comment threads on standards with no reply, started before ``older_than``:
    ``(count, oldest)``, in one query (the count is a window over the whole set). Staff
    dashboards only: includes members-only groups."""
    from django.db.models import Exists, OuterRef, Window

    from hub.standards.models import Comment

    replied = Comment.objects.filter(thread=OuterRef("pk"))
    threads = CommentThread.objects.filter(state=ThreadState.OPEN, created_at__lt=older_than)
    if council_id:
        threads = threads.filter(council_id=council_id)
    oldest = list(
        threads.filter(~Exists(replied))
        .annotate(total=Window(Count("pk")))
        .select_related("standard")
        .order_by("created_at")[:limit]
    )
    return (oldest[0].total if oldest else 0), oldest
