"""Standards: adoption and endpoint conformance over time, and the most adopted standards."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from hub.community.charts import line_chart
from hub.community.panels.base import Filters, Panel, axis_label
from hub.standards import selectors as standards


def _window(filters: Filters, public: bool) -> dict:
    return {
        "since": filters.since,
        "until": filters.until,
        "public_only": public,
        "council_id": filters.council_id,
    }


def adoption(filters: Filters, *, public: bool) -> list[Panel]:
    """Current adoption declarations at the end of each week (3 queries)."""
    series_rows = standards.adoption_series(**_window(filters, public))
    rows = [
        [week.isoformat(), adopted, implementing] for week, adopted, implementing in series_rows
    ]
    last = rows[-1] if rows else ["", 0, 0]
    summary = gettext(
        "At the end of the week starting %(week)s: adopted %(adopted)s, implementing "
        "%(implementing)s."
    ) % {"week": last[0], "adopted": last[1], "implementing": last[2]}
    title = gettext("Standards adoption over time")
    adopted, implementing = gettext("Adopted"), gettext("Implementing")
    return [
        Panel(
            key="adoption",
            title=title,
            summary=summary,
            columns=[gettext("Week starting"), adopted, implementing],
            rows=rows,
            chart=line_chart(
                title=title,
                description=summary,
                x_labels=[axis_label(week) for week, *_ in series_rows],
                series={adopted: [r[1] for r in rows], implementing: [r[2] for r in rows]},
            ),
            note=gettext("Councils' declarations in the standards' adoption registers."),
        )
    ]


def conformance(filters: Filters, *, public: bool) -> list[Panel]:
    """Registered endpoints checked per week, conforming and failing (1 query)."""
    series_rows = standards.conformance_series(**_window(filters, public))
    rows = [
        [week.isoformat(), checked, checked - failing, failing]
        for week, checked, failing in series_rows
    ]
    last = rows[-1] if rows else ["", 0, 0, 0]
    summary = gettext(
        "In the week starting %(week)s: endpoints checked %(checked)s, conformed at every "
        "check %(conforming)s, failed at least once %(failing)s."
    ) % dict(zip(("week", "checked", "conforming", "failing"), last, strict=True))
    title = gettext("Conformance over time")
    checked, conforming, failing = (
        gettext("Endpoints checked"),
        gettext("Conformed at every check"),
        gettext("Failed at least once"),
    )
    return [
        Panel(
            key="conformance",
            title=title,
            summary=summary,
            columns=[gettext("Week starting"), checked, conforming, failing],
            rows=rows,
            chart=line_chart(
                title=title,
                description=summary,
                x_labels=[axis_label(week) for week, *_ in series_rows],
                series={conforming: [r[2] for r in rows], failing: [r[3] for r in rows]},
            ),
            note=gettext(
                "Councils register the live endpoint of a standard they adopt; the hub checks "
                "each one daily against the version they declared."
            ),
        )
    ]


def adoption_by_standard(filters: Filters, *, public: bool) -> list[Panel]:
    rows = standards.adoption_by_standard(public_only=public)
    return [
        Panel(
            key="standards",
            title=gettext("Most adopted standards"),
            summary=ngettext(
                "The standard with the most current adoptions.",
                "The %(count)s standards with the most current adoptions.",
                len(rows),
            )
            % {"count": len(rows)},
            columns=[gettext("Standard"), gettext("Adopted"), gettext("Implementing")],
            rows=[[title, adopted, implementing] for title, _url, adopted, implementing in rows],
            links=[(title, url) for title, url, *_ in rows],
            links_heading=gettext("Links"),
        )
    ]
