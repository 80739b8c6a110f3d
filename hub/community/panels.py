"""The community pages' panels: each is one table of figures (shown, charted and downloadable).

Declared once in ``PANELS``: the staff dashboard, the public "state of the community" page and
the CSV downloads all read the same functions. Every figure comes from the owning app's public
selectors (``hub.blog.selectors.authorship_by_week`` and so on): this module never queries
another app's models. Each panel runs a fixed number of grouped queries, whatever the data.

``public=True`` is the public page: only public data, and members-only working groups never
appear, not even as counts (``public_only`` in the standards selectors).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from hub.blog import selectors as blog
from hub.community.charts import Chart, bar_chart, line_chart
from hub.councils import selectors as councils
from hub.councils.models import Council, CouncilType
from hub.discussions import selectors as discussions
from hub.moderation import selectors as moderation
from hub.pledges import selectors as pledges
from hub.pledges.models import CallState
from hub.sharing import selectors as sharing
from hub.sharing.models import Phase
from hub.standards import selectors as standards
from search import api as search_api

UNANSWERED_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Filters:
    since: datetime  # the Monday the range starts, 00:00 local time
    until: datetime  # exclusive
    council: Council | None = None

    @property
    def council_id(self) -> int | None:
        return self.council.pk if self.council else None

    @property
    def days(self) -> int:
        return max(1, (self.until - self.since).days)


@dataclass
class Panel:
    key: str
    title: str
    summary: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: Chart | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""

    @property
    def display_rows(self) -> list[list[str]]:
        """The rows as shown: whole numbers with thousands separators (the CSV keeps them bare)."""
        return [[f"{v:,}" if isinstance(v, int) else v for v in row] for row in self.rows]


def _week(value) -> date:
    """Selectors give week starts as dates (truncated in the database, in local time)."""
    return value.date() if isinstance(value, datetime) else value


def _weeks(filters: Filters) -> list[date]:
    start = filters.since.date()
    weeks = []
    while start < filters.until.date():
        weeks.append(start)
        start += timedelta(days=7)
    return weeks


def activity(filters: Filters, *, public: bool) -> Panel:
    """Active members, posts, comments and messages per week (3 queries)."""
    blog_rows = blog.authorship_by_week(
        since=filters.since, until=filters.until, council_id=filters.council_id
    )
    sources = {
        "Posts": blog_rows["posts"],
        "Comments": blog_rows["comments"],
        "Messages": discussions.authorship_by_week(
            since=filters.since, until=filters.until, council_id=filters.council_id
        ),
    }
    counts: dict[str, dict[date, int]] = {name: defaultdict(int) for name in sources}
    active: dict[date, set] = defaultdict(set)
    for name, tallies in sources.items():
        for week, tally in tallies.items():
            counts[name][_week(week)] += tally.count
            active[_week(week)] |= tally.authors
    weeks = _weeks(filters)
    series = {"Active members": [len(active[w]) for w in weeks]}
    series.update({name: [counts[name][w] for w in weeks] for name in sources})
    rows = [
        [w.isoformat(), *(values[i] for values in series.values())] for i, w in enumerate(weeks)
    ]
    this_week = rows[-1] if rows else ["", 0, 0, 0, 0]
    so_far = " so far" if weeks and weeks[-1] + timedelta(days=7) > timezone.localdate() else ""
    summary = (
        f"In the week starting {this_week[0]}{so_far}: {this_week[1]} active members, {this_week[2]} "
        f"posts, {this_week[3]} comments and {this_week[4]} messages."
    )
    return Panel(
        key="activity",
        title="Activity per week",
        summary=summary,
        columns=["Week starting", *series],
        rows=rows,
        chart=line_chart(
            title="Activity per week",
            description=summary,
            x_labels=[w.strftime("%-d %b") for w in weeks],
            series=series,
        ),
        note="Active members wrote at least one post, comment or message that week. "
        "Messages include private and working-group channels.",
    )


def _participation(key: str, by: str, title: str, labels: dict[str, str]) -> Panel:
    rows = councils.council_participation(by=by)
    total = sum(r["total"] for r in rows)
    taking_part = sum(r["taking_part"] for r in rows)
    table = [
        [labels.get(r["value"], r["value"]), r["taking_part"], r["total"],
         f"{r['taking_part'] * 100 // r['total'] if r['total'] else 0}%"]
        for r in rows
    ]  # fmt: skip
    summary = f"{taking_part:,} of {total:,} councils in the register have members on the hub."
    return Panel(
        key=key,
        title=title,
        summary=summary,
        columns=[title.split(" by ")[-1].capitalize(), "Taking part", "All councils", "Share"],
        rows=table,
        chart=bar_chart(
            title=title,
            description=summary,
            categories=[row[0] for row in table],
            series={
                "Taking part": [row[1] for row in table],
                "All councils": [row[2] for row in table],
            },
        ),
        note="Taking part: at least one active member names the council on their profile.",
    )


def councils_by_nation(filters: Filters, *, public: bool) -> Panel:
    return _participation("councils-by-nation", "nation", "Councils taking part by nation", {})


def councils_by_type(filters: Filters, *, public: bool) -> Panel:
    return _participation(
        "councils-by-type",
        "council_type",
        "Councils taking part by type",
        dict(CouncilType.choices),
    )


def adoption(filters: Filters, *, public: bool) -> Panel:
    """Current adoption declarations at the end of each week (3 queries)."""
    series_rows = standards.adoption_series(
        since=filters.since, until=filters.until, public_only=public,
        council_id=filters.council_id,
    )  # fmt: skip
    rows = [
        [week.isoformat(), adopted, implementing] for week, adopted, implementing in series_rows
    ]
    last = rows[-1] if rows else ["", 0, 0]
    summary = f"{last[1]} adoptions and {last[2]} councils implementing, week starting {last[0]}."
    return Panel(
        key="adoption",
        title="Standards adoption over time",
        summary=summary,
        columns=["Week starting", "Adopted", "Implementing"],
        rows=rows,
        chart=line_chart(
            title="Standards adoption over time",
            description=summary,
            x_labels=[week.strftime("%-d %b") for week, *_ in series_rows],
            series={"Adopted": [r[1] for r in rows], "Implementing": [r[2] for r in rows]},
        ),
        note="Conformance is not charted yet: the hub has no conformance records to read.",
    )


def adoption_by_standard(filters: Filters, *, public: bool) -> Panel:
    rows = standards.adoption_by_standard(public_only=public)
    return Panel(
        key="standards",
        title="Most adopted standards",
        summary=f"The {len(rows)} standards with the most current adoptions.",
        columns=["Standard", "Adopted", "Implementing"],
        rows=[[title, adopted, implementing] for title, _url, adopted, implementing in rows],
        links=[(title, url) for title, url, *_ in rows],
    )


def projects(filters: Filters, *, public: bool) -> Panel:
    """Projects per phase, and their calls for backing (2 queries)."""
    phases = sharing.project_phase_counts(council_id=filters.council_id)
    backing = pledges.backing_by_phase(council_id=filters.council_id)
    labels = dict(Phase.choices)
    rows = [
        [labels[phase], count, backing.get(phase, {}).get(CallState.OPEN, 0),
         backing.get(phase, {}).get(CallState.BACKED, 0),
         backing.get(phase, {}).get(CallState.NOT_BACKED, 0)]
        for phase, count in phases.items()
    ]  # fmt: skip
    backed = sum(r[3] for r in rows)
    summary = f"{sum(phases.values()):,} projects; {backed} backed by other councils."
    return Panel(
        key="projects",
        title="Projects by phase and backing",
        summary=summary,
        columns=["Phase", "Projects", "Looking for backers", "Backed", "Not backed"],
        rows=rows,
        chart=bar_chart(
            title="Projects by phase and backing",
            description=summary,
            categories=[r[0] for r in rows],
            series={"Projects": [r[1] for r in rows], "Backed": [r[3] for r in rows]},
        ),
    )


def backed_projects(filters: Filters, *, public: bool) -> Panel:
    calls = pledges.backed_calls()
    return Panel(
        key="backed",
        title="Projects backed by councils",
        summary=f"The {len(calls)} most recently backed projects.",
        columns=["Project", "Council", "Backed on", "Backers", "Pounds", "Staff days"],
        rows=[
            [
                c.project.title,
                c.project.owner_council.name,
                timezone.localtime(c.settled_at).date().isoformat() if c.settled_at else "",
                c.backer_count,
                c.committed_pounds or 0,
                c.committed_days or 0,
            ]
            for c in calls
        ],
        links=[(c.project.title, c.project.get_absolute_url()) for c in calls],
    )


def unanswered(filters: Filters, *, public: bool) -> Panel:
    older_than = timezone.now() - UNANSWERED_AFTER
    posts, oldest_posts = blog.posts_without_comments(
        older_than=older_than, council_id=filters.council_id
    )
    threads, oldest_threads = standards.threads_without_replies(
        older_than=older_than, council_id=filters.council_id
    )
    return Panel(
        key="unanswered",
        title="Unanswered for more than a week",
        summary=f"{posts} posts without a comment and {threads} open comment threads on "
        "standards without a reply.",
        columns=["What", "Older than a week, unanswered"],
        rows=[["Blog posts without a comment", posts], ["Standards comment threads", threads]],
        links=[(f"Post: {p.title}", p.get_absolute_url()) for p in oldest_posts]
        + [(f"Thread on {t.standard.title}", t.get_absolute_url()) for t in oldest_threads],
    )


def searches(filters: Filters, *, public: bool) -> Panel:
    unmet = search_api.unmet_queries(days=min(filters.days, 90), limit=20)
    summary = (
        f"{len(unmet)} different searches found nothing in the last {min(filters.days, 90)} days."
    )
    return Panel(
        key="searches",
        title="Searches that found nothing",
        summary=summary,
        columns=["Search", "Times", "Last searched"],
        rows=[
            [u.query, u.count, timezone.localtime(u.last_searched).date().isoformat()]
            for u in unmet
        ],
        chart=bar_chart(
            title="Searches that found nothing",
            description=summary,
            categories=[u.query for u in unmet[:10]],
            series={"Times": [u.count for u in unmet[:10]]},
        )
        if unmet
        else None,
        note="The search log keeps only searches that found nothing (90 days, no user, no "
        "address), so the most frequent searches overall are not available.",
    )


def moderation_queue(filters: Filters, *, public: bool) -> Panel:
    ages = moderation.open_flag_ages(now=timezone.now())
    bands = [
        ("Under a day", ages["under_a_day"]),
        ("1 to 3 days", ages["one_to_three_days"]),
        ("3 to 7 days", ages["three_to_seven_days"]),
        ("Over a week", ages["over_a_week"]),
    ]
    oldest = ages["oldest"]
    waiting = (
        f"the oldest has waited since {timezone.localtime(oldest):%-d %B %Y}"
        if oldest
        else "none waiting"
    )
    summary = f"{sum(n for _, n in bands)} open flags; {waiting}."
    return Panel(
        key="moderation",
        title="Moderation queue age",
        summary=summary,
        columns=["Waiting", "Open flags"],
        rows=[[label, n] for label, n in bands],
        chart=bar_chart(
            title="Moderation queue age",
            description=summary,
            categories=[label for label, _ in bands],
            series={"Open flags": [n for _, n in bands]},
        ),
    )


# Declare once: (function, on the public page too).
PANELS = {
    "activity": (activity, False),
    "councils-by-nation": (councils_by_nation, True),
    "councils-by-type": (councils_by_type, True),
    "adoption": (adoption, True),
    "standards": (adoption_by_standard, True),
    "projects": (projects, True),
    "backed": (backed_projects, True),
    "unanswered": (unanswered, False),
    "searches": (searches, False),
    "moderation": (moderation_queue, False),
}


def _cache_key(filters: Filters, public: bool) -> str:
    return (
        f"community:panels:v1:{'public' if public else 'staff'}:{filters.since:%Y%m%d}:"
        f"{filters.until:%Y%m%d}:{filters.council_id or 0}"
    )


def panels_for(filters: Filters, *, public: bool) -> list[Panel]:
    """Every panel for the page, cached per filter for ``COMMUNITY_CACHE_SECONDS``: the public
    page is anonymous, and a burst of requests must not each run every aggregate."""
    seconds = settings.COMMUNITY_CACHE_SECONDS
    key = _cache_key(filters, public)
    if seconds and (cached := cache.get(key)) is not None:
        return cached
    built = [
        build(filters, public=public) for build, shown in PANELS.values() if shown or not public
    ]
    if seconds:
        cache.set(key, built, seconds)
    return built


def panel(key: str, filters: Filters, *, public: bool) -> Panel | None:
    """One panel (for its CSV), from the page's cached set when there is one."""
    entry = PANELS.get(key)
    if entry is None or (public and not entry[1]):
        return None
    if settings.COMMUNITY_CACHE_SECONDS and (cached := cache.get(_cache_key(filters, public))):
        return next((p for p in cached if p.key == key), None)
    return entry[0](filters, public=public)
