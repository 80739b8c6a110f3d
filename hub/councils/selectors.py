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
