"""Reads for councils."""

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from hub.core.prepared import PreparedQuery
from hub.councils.models import Council

COUNCIL_CHOICES_KEY = "councils:choices:v1"
COUNCIL_CHOICES_SECONDS = 300


def council_choices() -> list[tuple[str, str]]:
    """``(slug, name)`` of every council in the register, by name, for filter drop-downs.

    Cached for five minutes (and dropped by ``councils_import``): the register changes a few
    times a year, and the dashboards would otherwise read 400 rows on every view."""
    choices = cache.get(COUNCIL_CHOICES_KEY)
    if choices is None:
        choices = list(Council.objects.order_by("name").values_list("slug", "name"))
        cache.set(COUNCIL_CHOICES_KEY, choices, COUNCIL_CHOICES_SECONDS)
    return choices


def council_list(*, nation: str = "", council_type: str = "", query: str = "") -> QuerySet[Council]:
    """Current councils, filtered, each annotated with how many practitioners it has."""
    councils = Council.objects.filter(end_date__isnull=True)
    if nation:
        councils = councils.filter(nation=nation)
    if council_type:
        councils = councils.filter(council_type=council_type)
    if query:
        councils = councils.filter(Q(name__icontains=query) | Q(official_name__icontains=query))
    return councils.annotate(
        practitioner_count=Count(
            "practitioners",
            filter=Q(practitioners__handle__isnull=False, practitioners__is_hidden=False),
        )
    ).order_by("name")


def _participation():
    taking_part = Q(practitioners__user__is_active=True)
    return (
        Council.objects.filter(end_date__isnull=True)
        .values_list("nation", "council_type")
        .annotate(
            total=Count("id", distinct=True),
            taking_part=Count("id", filter=taking_part, distinct=True),
        )
        .order_by()
    )


_PARTICIPATION = PreparedQuery(_participation, params=())


def council_participation() -> dict[str, list[dict]]:
    """Councils in the register, and those taking part (an active member names them), grouped
    by nation and by council type: ``{"nation": [{"value", "total", "taking_part"}, ...],
    "council_type": [...]}``, each sorted by value. Ended councils are left out.

    One query grouped by (nation, type), folded in Python: a council has one nation and one
    type, so the distinct counts of the pairs add up exactly to each breakdown."""
    by: dict[str, dict[str, list[int]]] = {"nation": {}, "council_type": {}}
    for nation, council_type, total, part in _PARTICIPATION.rows():
        for grouping, value in (("nation", nation), ("council_type", council_type)):
            sums = by[grouping].setdefault(value, [0, 0])
            sums[0] += total
            sums[1] += part
    return {
        grouping: [
            {"value": value, "total": total, "taking_part": part}
            for value, (total, part) in sorted(sums.items())
        ]
        for grouping, sums in by.items()
    }
