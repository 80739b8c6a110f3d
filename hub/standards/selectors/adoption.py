"""The adoption register."""

from __future__ import annotations

from collections import Counter

from hub.councils.models import Council, CouncilType, Nation
from hub.groups.selectors import groups_visible_to
from hub.standards.models import (
    Adoption,
    Standard,
)


def current_adoptions(standard: Standard) -> list[Adoption]:
    return list(
        standard.adoptions.filter(withdrawn_at__isnull=True)
        .select_related("council", "version", "declared_by__profile", "last_check_run")
        .order_by("council__name")
    )


def adoption_audit(standard: Standard) -> list[Adoption]:
    """Every declaration ever made, newest first, including withdrawn ones."""
    return list(
        standard.adoptions.select_related(
            "council", "version", "declared_by__profile", "withdrawn_by__profile"
        ).order_by("-declared_at", "-pk")
    )


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
        "by_nation": [(Nation(n).label, nations[n]) for n in Nation.values if nations[n]],
        "by_type": [(labels.get(t, t), c) for t, c in sorted(types.items())],
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
