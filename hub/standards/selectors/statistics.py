"""Community statistics (read by hub/community's dashboards and public page): adoption and
endpoint conformance over time, the most adopted standards, comment threads waiting for a
reply. Grouped queries only, each compiled once per process (``hub.core.prepared``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, QuerySet, When, Window
from django.db.models.functions import TruncWeek
from django.urls import reverse

from hub.core.prepared import PreparedQuery
from hub.groups.models import WorkingGroup
from hub.standards.models import (
    Adoption,
    Comment,
    CommentThread,
    EndpointCheck,
    Standard,
    Status,
    ThreadState,
)


def _standards_for_statistics(*, public_only: bool) -> QuerySet[Standard]:
    """Non-draft standards; with ``public_only``, only those of public groups (members-only
    groups never appear, not even as counts)."""
    standards = Standard.objects.exclude(status=Status.DRAFT)
    if public_only:
        standards = standards.filter(group__visibility=WorkingGroup.Visibility.PUBLIC)
    return standards


def _weeks(since, until):
    week = since.date() - timedelta(days=since.date().weekday())
    while week < until.date():
        yield week
        week += timedelta(days=7)


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def _week_if(field: str, **condition) -> Case:
    return Case(
        When(**condition, then=TruncWeek(field, output_field=DateField())),
        output_field=DateField(),
    )


def _adoption_changes(*, since, until, council_id, public_only):
    adoptions = Adoption.objects.filter(
        standard__in=_standards_for_statistics(public_only=public_only), declared_at__lt=until
    ).filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=since))
    if council_id:
        adoptions = adoptions.filter(council_id=council_id)
    return (
        adoptions.annotate(
            declared=_week_if("declared_at", declared_at__gte=since),
            withdrawn=_week_if("withdrawn_at", withdrawn_at__lt=until),
        )
        .values_list("kind", "declared", "withdrawn")
        .annotate(n=Count("id"))
        .order_by()
    )


_ADOPTION_CHANGES = PreparedQuery(_adoption_changes, params=("since", "until", "council_id"))


def adoption_series(
    *, since, until, public_only: bool, council_id: int | None = None
) -> list[tuple]:
    """Current adoption declarations at the end of each week from ``since`` to ``until``.

    Returns ``[(week_start, adopted, implementing), ...]``. One grouped query over the
    declarations that were current at some point in the range, by kind, the week declared
    (none if before ``since``: they count from the start) and the week withdrawn (none if not
    withdrawn in the range); the running totals are summed in Python.
    """
    rows = _ADOPTION_CHANGES.rows(
        since=since, until=until, council_id=council_id, public_only=public_only
    )
    running: Counter = Counter()
    change: dict = defaultdict(Counter)
    for kind, declared, withdrawn, n in rows:
        if declared is None:
            running[kind] += n
        else:
            change[_as_date(declared)][kind] += n
        if withdrawn is not None:
            change[_as_date(withdrawn)][kind] -= n
    series = []
    for week in _weeks(since, until):
        running.update(change.get(week, {}))
        series.append((week, running[Adoption.Kind.ADOPTED], running[Adoption.Kind.IMPLEMENTING]))
    return series


def _conformance_weeks(*, since, until, council_id, public_only):
    checks = EndpointCheck.objects.filter(
        checked_at__gte=since,
        checked_at__lt=until,
        adoption__standard__in=_standards_for_statistics(public_only=public_only),
    )
    if council_id:
        checks = checks.filter(adoption__council_id=council_id)
    return (
        checks.annotate(week=TruncWeek("checked_at", output_field=DateField()))
        .values_list("week")
        .annotate(
            checked=Count("adoption_id", distinct=True),
            failing=Count("adoption_id", distinct=True, filter=Q(conforms=False)),
        )
        .order_by()
    )


_CONFORMANCE_WEEKS = PreparedQuery(_conformance_weeks, params=("since", "until", "council_id"))


def conformance_series(
    *, since, until, public_only: bool, council_id: int | None = None
) -> list[tuple]:
    """Councils' registered endpoints checked each week from ``since`` to ``until``, and how
    they fared (``EndpointCheck`` rows, daily and on-demand checks).

    Returns ``[(week_start, checked, failing), ...]`` for every week, in order: ``checked`` is
    how many endpoints were checked that week, ``failing`` how many of them failed at least one
    check (the rest conformed at every check). One grouped query on the indexed check time;
    ``public_only`` leaves out members-only groups' standards entirely.
    """
    weekly = {
        _as_date(week): (checked, failing)
        for week, checked, failing in _CONFORMANCE_WEEKS.rows(
            since=since, until=until, council_id=council_id, public_only=public_only
        )
    }
    return [(week, *weekly.get(week, (0, 0))) for week in _weeks(since, until)]


def _adoption_by_standard(*, public_only, limit):
    current = Q(adoptions__withdrawn_at__isnull=True)
    return (
        _standards_for_statistics(public_only=public_only)
        .annotate(
            adopted=Count("adoptions", filter=current & Q(adoptions__kind=Adoption.Kind.ADOPTED)),
            implementing=Count(
                "adoptions", filter=current & Q(adoptions__kind=Adoption.Kind.IMPLEMENTING)
            ),
        )
        .order_by("-adopted", "-implementing", "title")
        .values_list("title", "slug", "adopted", "implementing")[:limit]
    )


_ADOPTION_BY_STANDARD = PreparedQuery(_adoption_by_standard, params=())


def adoption_by_standard(*, public_only: bool, limit: int = 20) -> list[tuple]:
    """Standards with the most current adoptions: ``[(title, url, adopted, implementing)]``."""
    return [
        (title, reverse("standards:detail", kwargs={"slug": slug}), adopted, implementing)
        for title, slug, adopted, implementing in _ADOPTION_BY_STANDARD.rows(
            public_only=public_only, limit=limit
        )
    ]


def _threads_without_replies(*, older_than, council_id, limit):
    replied = Comment.objects.filter(thread=OuterRef("pk"), is_hidden=False)
    threads = CommentThread.objects.filter(
        state=ThreadState.OPEN, created_at__lt=older_than, is_hidden=False
    )
    if council_id:
        threads = threads.filter(council_id=council_id)
    return (
        threads.filter(~Exists(replied))
        .annotate(total=Window(Count("pk")))
        .order_by("created_at")
        .values_list("pk", "standard__title", "standard__slug", "total")[:limit]
    )


_THREADS_WITHOUT_REPLIES = PreparedQuery(
    _threads_without_replies, params=("older_than", "council_id")
)


def threads_without_replies(
    *, older_than, council_id: int | None = None, limit: int = 10
) -> tuple[int, list[tuple[str, str]]]:
    """Open comment threads on standards with no reply, started before ``older_than``:
    ``(count, [(standard title, thread url), ...])`` for the oldest ``limit``, in one query
    (the count is a window over the whole set). Staff dashboards only: includes members-only
    groups."""
    oldest = _THREADS_WITHOUT_REPLIES.rows(
        older_than=older_than, council_id=council_id, limit=limit
    )
    links = [
        (title, reverse("standards:thread", kwargs={"slug": slug, "pk": pk}))
        for pk, title, slug, _ in oldest
    ]
    return (oldest[0][3] if oldest else 0), links
