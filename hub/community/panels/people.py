"""Who takes part: activity per week, and councils taking part by nation and by type."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hub.blog import selectors as blog
from hub.community.charts import bar_chart, line_chart
from hub.community.panels.base import Filters, Panel, axis_label, week_of, weeks_in
from hub.councils import selectors as councils
from hub.councils.models import CouncilType, Nation
from hub.discussions import selectors as discussions


def activity(filters: Filters, *, public: bool) -> list[Panel]:
    """Active members, posts, comments and messages per week (3 queries)."""
    window = {"since": filters.since, "until": filters.until, "council_id": filters.council_id}
    blog_rows = blog.authorship_by_week(**window)
    sources = {
        "posts": blog_rows["posts"],
        "comments": blog_rows["comments"],
        "messages": discussions.authorship_by_week(**window),
    }
    counts: dict[str, dict[date, int]] = {name: defaultdict(int) for name in sources}
    active: dict[date, set] = defaultdict(set)
    for name, tallies in sources.items():
        for week, tally in tallies.items():
            counts[name][week_of(week)] += tally.count
            active[week_of(week)] |= tally.authors
    weeks = weeks_in(filters)
    names = {
        "active": gettext("Active members"),
        "posts": gettext("Posts"),
        "comments": gettext("Comments"),
        "messages": gettext("Messages"),
    }
    series = {names["active"]: [len(active[w]) for w in weeks]}
    series.update({names[name]: [counts[name][w] for w in weeks] for name in sources})
    rows = [
        [w.isoformat(), *(values[i] for values in series.values())] for i, w in enumerate(weeks)
    ]
    last = rows[-1] if rows else ["", 0, 0, 0, 0]
    figures = dict(zip(("week", "active", "posts", "comments", "messages"), last, strict=True))
    if weeks and weeks[-1] + timedelta(days=7) > timezone.localdate():
        summary = gettext(
            "In the week starting %(week)s (so far): active members %(active)s, posts "
            "%(posts)s, comments %(comments)s, messages %(messages)s."
        )
    else:
        summary = gettext(
            "In the week starting %(week)s: active members %(active)s, posts %(posts)s, "
            "comments %(comments)s, messages %(messages)s."
        )
    summary %= figures
    title = gettext("Activity per week")
    return [
        Panel(
            key="activity",
            title=title,
            summary=summary,
            columns=[gettext("Week starting"), *series],
            rows=rows,
            chart=line_chart(
                title=title,
                description=summary,
                x_labels=[axis_label(w) for w in weeks],
                series=series,
            ),
            note=gettext(
                "Active members wrote at least one post, comment or message that week. "
                "Messages include private and working-group channels."
            ),
        )
    ]


def _participation(key: str, title: str, heading: str, rows: list[dict], labels) -> Panel:
    total = sum(r["total"] for r in rows)
    taking_part = sum(r["taking_part"] for r in rows)
    table = [
        [str(labels.get(r["value"], r["value"])), r["taking_part"], r["total"],
         f"{r['taking_part'] * 100 // r['total'] if r['total'] else 0}%"]
        for r in rows
    ]  # fmt: skip
    summary = ngettext(
        "%(taking_part)s of %(total)s council in the register has members on the hub.",
        "%(taking_part)s of %(total)s councils in the register have members on the hub.",
        total,
    ) % {"taking_part": f"{taking_part:,}", "total": f"{total:,}"}
    taking_part_label, all_label = gettext("Taking part"), gettext("All councils")
    return Panel(
        key=key,
        title=title,
        summary=summary,
        columns=[heading, taking_part_label, all_label, gettext("Share")],
        rows=table,
        chart=bar_chart(
            title=title,
            description=summary,
            categories=[row[0] for row in table],
            series={
                taking_part_label: [row[1] for row in table],
                all_label: [row[2] for row in table],
            },
        ),
        note=gettext("Taking part: at least one active member names the council on their profile."),
    )


def councils_taking_part(filters: Filters, *, public: bool) -> list[Panel]:
    """Two panels from one grouped query: by nation and by council type."""
    rows = councils.council_participation()
    return [
        _participation(
            "councils-by-nation", gettext("Councils taking part by nation"), gettext("Nation"),
            rows["nation"], dict(Nation.choices),
        ),
        _participation(
            "councils-by-type", gettext("Councils taking part by type"), gettext("Type"),
            rows["council_type"], dict(CouncilType.choices),
        ),
    ]  # fmt: skip
