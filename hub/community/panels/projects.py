"""Shared projects: how many in each phase, their calls for backing, and those backed."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hub.community.charts import bar_chart
from hub.community.panels.base import Filters, Panel
from hub.pledges import selectors as pledges
from hub.pledges.models import CallState
from hub.sharing import selectors as sharing
from hub.sharing.models import Phase


def projects(filters: Filters, *, public: bool) -> list[Panel]:
    """Projects per phase, and their calls for backing (2 queries)."""
    phases = sharing.project_phase_counts(council_id=filters.council_id)
    backing = pledges.backing_by_phase(council_id=filters.council_id)
    labels = dict(Phase.choices)
    rows = [
        [str(labels[phase]), count, backing.get(phase, {}).get(CallState.OPEN, 0),
         backing.get(phase, {}).get(CallState.BACKED, 0),
         backing.get(phase, {}).get(CallState.NOT_BACKED, 0)]
        for phase, count in phases.items()
    ]  # fmt: skip
    total, backed = sum(phases.values()), sum(r[3] for r in rows)
    summary = gettext("Projects: %(total)s; backed by other councils: %(backed)s.") % {
        "total": f"{total:,}",
        "backed": f"{backed:,}",
    }
    title = gettext("Projects by phase and backing")
    projects_label, backed_label = gettext("Projects"), gettext("Backed")
    return [
        Panel(
            key="projects",
            title=title,
            summary=summary,
            columns=[
                gettext("Phase"),
                projects_label,
                gettext("Looking for backers"),
                backed_label,
                gettext("Not backed"),
            ],
            rows=rows,
            chart=bar_chart(
                title=title,
                description=summary,
                categories=[r[0] for r in rows],
                series={projects_label: [r[1] for r in rows], backed_label: [r[3] for r in rows]},
            ),
        )
    ]


def backed_projects(filters: Filters, *, public: bool) -> list[Panel]:
    calls = pledges.backed_calls()
    columns = [gettext("Project"), gettext("Council"), gettext("Backed on"),
               gettext("Backers"), gettext("Pounds"), gettext("Staff days")]  # fmt: skip
    rows = [
        [c.title, c.council,
         timezone.localtime(c.settled_at).date().isoformat() if c.settled_at else "",
         c.backers, c.pounds, c.days]
        for c in calls
    ]  # fmt: skip
    summary = ngettext(
        "The most recently backed project.",
        "The %(count)s most recently backed projects.",
        len(calls),
    ) % {"count": len(calls)}
    return [
        Panel(
            key="backed",
            title=gettext("Projects backed by councils"),
            summary=summary,
            columns=columns,
            rows=rows,
            links=[(c.title, c.url) for c in calls],
            links_heading=gettext("Links"),
        )
    ]
