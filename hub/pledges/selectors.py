"""Reads for calls for backing and pledges, and the rules for who may do what.

Calls and committed pledges are public (the point is that other councils see who backs what);
a pledge's conditions are shown to everyone too, because a council's commitment is public record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.selectors import verified_council
from hub.core.prepared import PreparedQuery
from hub.councils.models import Council
from hub.pledges.models import BackingCall, CallState, Pledge, PledgeEvent, PledgeState
from hub.sharing.selectors import project_can_manage

COUNTING = (PledgeState.ACTIVE, PledgeState.COMMITTED)


@dataclass(frozen=True)
class BackedCall:
    """One backed call as the community pages list it (``backed_calls``)."""

    title: str
    url: str
    council: str  # the owning council's name
    settled_at: datetime | None
    backers: int
    pounds: int
    days: int


@dataclass(frozen=True)
class Progress:
    """How far a call is towards its target. Percentages are capped at 100 for the bar."""

    pounds: int
    days: int
    councils: int
    target_pounds: int | None
    target_days: int | None
    min_councils: int | None

    @staticmethod
    def _percent(value: int, target: int | None) -> int | None:
        if not target:
            return None
        return min(100, value * 100 // target)

    @property
    def pounds_percent(self) -> int | None:
        return self._percent(self.pounds, self.target_pounds)

    @property
    def days_percent(self) -> int | None:
        return self._percent(self.days, self.target_days)

    @property
    def councils_percent(self) -> int | None:
        return self._percent(self.councils, self.min_councils)

    @property
    def bars(self) -> list[dict]:
        """One row per target: the label, the figures as text, and the bar's width (0-100)."""
        rows = []
        if self.target_pounds:
            rows.append({
                "label": gettext("Money"),
                "text": gettext("£%(pounds)s pledged of £%(target_pounds)s (%(target_pounds2)s%%)") % {"pounds": format(self.pounds, ","), "target_pounds": format(self.target_pounds, ","), "target_pounds2": self.pounds * 100 // self.target_pounds},
                "percent": self.pounds_percent,
            })  # fmt: skip
        if self.target_days:
            rows.append({
                "label": gettext("Staff days"),
                "text": gettext("%(days)s of %(target_days)s days (%(target_days2)s%%)") % {"days": format(self.days, ","), "target_days": format(self.target_days, ","), "target_days2": self.days * 100 // self.target_days},
                "percent": self.days_percent,
            })  # fmt: skip
        if self.min_councils:
            rows.append({
                "label": gettext("Councils"),
                "text": gettext("%(councils)s of at least %(min_councils)s") % {"councils": self.councils, "min_councils": self.min_councils},
                "percent": self.councils_percent,
            })  # fmt: skip
        return rows

    @property
    def met(self) -> bool:
        return (
            (not self.target_pounds or self.pounds >= self.target_pounds)
            and (not self.target_days or self.days >= self.target_days)
            and (not self.min_councils or self.councils >= self.min_councils)
        )


def call_progress(call: BackingCall) -> Progress:
    """Totals of the pledges that count (active, or committed once backed): one query."""
    totals = call.pledges.filter(state__in=COUNTING).aggregate(
        pounds=Sum("amount_pounds"), days=Sum("staff_days"), councils=Count("id")
    )
    return Progress(
        pounds=totals["pounds"] or 0,
        days=totals["days"] or 0,
        councils=totals["councils"] or 0,
        target_pounds=call.target_pounds,
        target_days=call.target_days,
        min_councils=call.min_councils,
    )


def call_is_open(call: BackingCall, *, now=None) -> bool:
    """Open for pledges: not settled, and the deadline has not passed."""
    return call.state == CallState.OPEN and (now or timezone.now()) < call.deadline


def call_can_open(project, user) -> bool:
    """A project's owners (lead, its council's verified members, moderators) open calls."""
    return project_can_manage(project, user)


def pledge_council(user) -> Council | None:
    """The council a member may pledge for: their verified council, or None."""
    return verified_council(user)


def latest_call(project) -> BackingCall | None:
    """The project's open call, or else its most recent settled one."""
    calls = BackingCall.objects.filter(project=project)
    return calls.filter(state=CallState.OPEN).first() or calls.order_by("-deadline").first()


def call_pledges(call: BackingCall) -> list[Pledge]:
    """Pledges that count, by council name, with who made them."""
    return list(
        call.pledges.filter(state__in=COUNTING)
        .select_related("council", "pledged_by__profile")
        .order_by("council__name")
    )


def pledge_of(call: BackingCall, council: Council | None) -> Pledge | None:
    if council is None:
        return None
    return call.pledges.filter(council=council).first()


def call_audit(call: BackingCall) -> list[PledgeEvent]:
    return list(call.events.select_related("actor__profile", "pledge__council"))


def calls_looking_for_backers(*, service=None, nation: str = "") -> QuerySet[BackingCall]:
    """Open calls whose deadline has not passed, soonest first."""
    calls = BackingCall.objects.filter(
        state=CallState.OPEN, deadline__gt=timezone.now(), project__is_hidden=False
    )
    if service is not None:
        calls = calls.filter(project__services=service)
    if nation:
        calls = calls.filter(project__owner_council__nation=nation)
    return (
        calls.select_related("project__owner_council")
        .annotate(
            pledged_pounds=Sum("pledges__amount_pounds", filter=Q(pledges__state__in=COUNTING)),
            pledged_days=Sum("pledges__staff_days", filter=Q(pledges__state__in=COUNTING)),
            backer_count=Count("pledges", filter=Q(pledges__state__in=COUNTING)),
        )
        .order_by("deadline", "pk")
    )


def calls_for_services(service_ids: set[int], *, limit: int = 10) -> list[BackingCall]:
    """Open calls on projects about any of the services (for the follower's home page)."""
    if not service_ids:
        return []
    ids = (
        BackingCall.objects.filter(
            state=CallState.OPEN,
            deadline__gt=timezone.now(),
            project__services__in=service_ids,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return list(calls_looking_for_backers().filter(pk__in=list(ids[:limit])))


def council_commitments(council: Council) -> list[Pledge]:
    """What the council has committed to backed projects, newest first."""
    return list(
        Pledge.objects.filter(council=council, state=PledgeState.COMMITTED)
        .select_related("call__project__owner_council")
        .order_by("-call__settled_at")
    )


def council_open_pledges(council: Council) -> list[Pledge]:
    return list(
        Pledge.objects.filter(council=council, state=PledgeState.ACTIVE, call__state=CallState.OPEN)
        .select_related("call__project")
        .order_by("call__deadline")
    )


def calls_due(*, now=None) -> QuerySet[BackingCall]:
    """Open calls whose deadline has passed: the settlement job's work."""
    return BackingCall.objects.filter(state=CallState.OPEN, deadline__lte=now or timezone.now())


def backing_counts() -> dict[str, int]:
    """Calls by state, for the community pages."""
    counts = dict(BackingCall.objects.order_by().values_list("state").annotate(n=Count("id")))
    return {state.value: counts.get(state.value, 0) for state in CallState}


def _backing_by_phase(*, council_id):
    calls = BackingCall.objects.all()
    if council_id:
        calls = calls.filter(project__owner_council_id=council_id)
    return calls.values_list("project__phase", "state").annotate(n=Count("id")).order_by()


_BACKING_BY_PHASE = PreparedQuery(_backing_by_phase, params=("council_id",))


def backing_by_phase(*, council_id: int | None = None) -> dict[str, dict[str, int]]:
    """Calls for backing by the project's phase and the call's state: one grouped query."""
    table: dict[str, dict[str, int]] = {}
    for phase, state, n in _BACKING_BY_PHASE.rows(council_id=council_id):
        table.setdefault(phase, {})[state] = n
    return table


def _backed_calls(*, limit):
    committed = Q(pledges__state="committed")
    return (
        BackingCall.objects.filter(state=CallState.BACKED)
        .annotate(
            committed_pounds=Sum("pledges__amount_pounds", filter=committed),
            committed_days=Sum("pledges__staff_days", filter=committed),
            backer_count=Count("pledges", filter=committed),
        )
        .order_by("-settled_at")
        .values_list(
            "project__title", "project__slug", "project__owner_council__name", "settled_at",
            "committed_pounds", "committed_days", "backer_count",
        )[:limit]
    )  # fmt: skip


_BACKED_CALLS = PreparedQuery(_backed_calls, params=())


def backed_calls(*, limit: int = 20) -> list[BackedCall]:
    """Recently backed calls with their totals (public: calls and commitments are public).

    Plain rows, not model instances: the dashboards show a few columns of twenty calls."""
    return [
        BackedCall(
            title=title,
            url=reverse("sharing:project", kwargs={"slug": slug}),
            council=council,
            settled_at=settled_at,
            backers=backers,
            pounds=pounds or 0,
            days=days or 0,
        )
        for title, slug, council, settled_at, pounds, days, backers in _BACKED_CALLS.rows(
            limit=limit
        )
    ]
