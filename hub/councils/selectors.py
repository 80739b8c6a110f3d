"""Reads for councils."""

from django.db.models import Count, Q, QuerySet

from hub.councils.models import Council


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
        practitioner_count=Count("practitioners", filter=Q(practitioners__handle__isnull=False))
    ).order_by("name")


def council_participation(*, by: str) -> list[dict]:
    """Councils in the register, and those taking part (an active member names them), grouped
    ``by`` "nation" or "council_type": one query. Ended councils are left out."""
    if by not in {"nation", "council_type"}:
        raise ValueError("group councils by 'nation' or 'council_type'")
    taking_part = Q(practitioners__user__is_active=True)
    rows = (
        Council.objects.filter(end_date__isnull=True)
        .values(by)
        .annotate(
            total=Count("id", distinct=True),
            taking_part=Count("id", filter=taking_part, distinct=True),
        )
        .order_by(by)
    )
    return [
        {"value": row[by], "total": row["total"], "taking_part": row["taking_part"]} for row in rows
    ]
