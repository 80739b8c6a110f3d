"""Weekly statistics helper shared by the apps' community selectors (hub/community reads them).

``weekly_authorship(queryset, "created_at")`` groups rows by the week (Monday, local time) of a
date-time field and returns ``{week: WeekTally(count, authors)}``: how many rows and which
authors wrote them. On PostgreSQL the authors come back as one array per week
(``array_agg(DISTINCT author_id)``), so a year of busy weeks is 52 rows, not one row per
(week, author); other databases fall back to the (week, author) rows.
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


def weekly_authorship(
    queryset: QuerySet, date_field: str, *, author_field: str = "author_id"
) -> dict[date, WeekTally]:
    weeks = queryset.annotate(week=TruncWeek(date_field, output_field=DateField())).order_by()
    tallies: dict[date, WeekTally] = {}
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg

        for week, n, authors in weeks.values_list("week").annotate(
            n=Count("pk"), authors=ArrayAgg(author_field, distinct=True)
        ):
            tallies[week] = WeekTally(n, {a for a in authors if a is not None})
        return tallies
    for week, author, n in weeks.values_list("week", author_field).annotate(n=Count("pk")):
        tally = tallies.setdefault(week, WeekTally())
        tally.count += n
        if author is not None:
            tally.authors.add(author)
    return tallies
