"""Weekly statistics helpers shared by the apps' community selectors (hub/community reads them).

``weekly_authorship_rows(queryset, "created_at")`` is the grouped query: rows by the week
(Monday, local time) of a date-time field, with how many rows and which authors wrote them.
On PostgreSQL the authors come back as one array per week (``array_agg(DISTINCT author_id)``),
so a year of busy weeks is 52 rows, not one row per (week, author); other databases fall back
to the (week, author) rows. ``tally_weeks(rows)`` turns either into ``{week: WeekTally}``.

Selectors wrap the query in a ``hub.core.prepared.PreparedQuery`` so that it is compiled once
per process (the dashboards' cost was mostly the ORM compiling its queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncWeek


@dataclass
class WeekTally:
    count: int = 0
    authors: set[int] = field(default_factory=set)


def weekly_authorship_rows(
    queryset: QuerySet, date_field: str, *, author_field: str = "author_id"
) -> QuerySet:
    weeks = queryset.annotate(week=TruncWeek(date_field, output_field=DateField())).order_by()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg

        return weeks.values_list("week").annotate(
            n=Count("pk"), authors=ArrayAgg(author_field, distinct=True)
        )
    return weeks.values_list("week", author_field).annotate(n=Count("pk"))


def tally_weeks(rows) -> dict[date, WeekTally]:
    """``{week: WeekTally(count, authors)}`` from ``weekly_authorship_rows``' rows."""
    tallies: dict[date, WeekTally] = {}
    if connection.vendor == "postgresql":
        for week, n, authors in rows:
            people = set(authors)
            people.discard(None)
            tallies[week] = WeekTally(n, people)
        return tallies
    for week, author, n in rows:
        tally = tallies.setdefault(week, WeekTally())
        tally.count += n
        if author is not None:
            tally.authors.add(author)
    return tallies
