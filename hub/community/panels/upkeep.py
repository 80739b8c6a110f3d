"""Keeping the place alive (staff only): unanswered posts and threads, searches, moderation."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from hub.blog import selectors as blog
from hub.community.charts import bar_chart
from hub.community.panels.base import Filters, Panel
from hub.moderation import selectors as moderation
from hub.standards import selectors as standards
from search import api as search_api

UNANSWERED_AFTER = timedelta(days=7)


def unanswered(filters: Filters, *, public: bool) -> list[Panel]:
    older_than = timezone.now() - UNANSWERED_AFTER
    posts, oldest_posts = blog.posts_without_comments(
        older_than=older_than, council_id=filters.council_id
    )
    threads, oldest_threads = standards.threads_without_replies(
        older_than=older_than, council_id=filters.council_id
    )
    posts_label = gettext("Blog posts without a comment")
    threads_label = gettext("Standards comment threads")
    return [
        Panel(
            key="unanswered",
            title=gettext("Unanswered for more than a week"),
            summary=gettext(
                "Blog posts without a comment: %(posts)s. Open comment threads on standards "
                "without a reply: %(threads)s."
            )
            % {"posts": posts, "threads": threads},
            columns=[gettext("What"), gettext("Older than a week, unanswered")],
            rows=[[posts_label, posts], [threads_label, threads]],
            links=[(gettext("Post: %(title)s") % {"title": t}, url) for t, url in oldest_posts]
            + [
                (gettext("Thread on %(standard)s") % {"standard": t}, url)
                for t, url in oldest_threads
            ],
            links_heading=gettext("The oldest"),
        )
    ]


def _search_day(value) -> str:
    return timezone.localtime(value).date().isoformat()


def searches(filters: Filters, *, public: bool) -> list[Panel]:
    """The search log (helper 12's ``search.api``, 90 days, no user or address): the most
    frequent searches, those whose results nobody followed, and those that found nothing."""
    days = min(filters.days, 90)
    return [_frequent(days), _without_clicks(days), _unmet(days)]


def _frequent(days: int) -> Panel:
    frequent = search_api.frequent_queries(days=days, limit=20)
    summary = ngettext(
        "The %(count)s most frequent search in the last %(days)s days.",
        "The %(count)s most frequent searches in the last %(days)s days.",
        len(frequent),
    ) % {"count": len(frequent), "days": days}
    title, times = gettext("Most frequent searches"), gettext("Times")
    return Panel(
        key="frequent-searches",
        title=title,
        summary=summary,
        columns=[gettext("Search"), times, gettext("Results followed"),
                 gettext("Found nothing"), gettext("Last searched")],
        rows=[[q.query, q.count, q.clicks, q.no_hits, _search_day(q.last_searched)]
              for q in frequent],
        chart=bar_chart(
            title=title, description=summary, categories=[q.query for q in frequent[:10]],
            series={times: [q.count for q in frequent[:10]]},
        ) if frequent else None,
        note=gettext(
            "Every first page of search results counts once; results followed are clicks "
            "on those results. The log keeps no user and no address, for 90 days."
        ),
    )  # fmt: skip


def _without_clicks(days: int) -> Panel:
    ignored = search_api.queries_without_clicks(days=days, limit=20)
    summary = ngettext(
        "%(count)s search found results in the last %(days)s days but nobody followed any.",
        "%(count)s searches found results in the last %(days)s days but nobody followed any.",
        len(ignored),
    ) % {"count": len(ignored), "days": days}
    return Panel(
        key="searches-without-clicks",
        title=gettext("Searches whose results nobody followed"),
        summary=summary,
        columns=[gettext("Search"), gettext("Times"), gettext("Last searched")],
        rows=[[q.query, q.count, _search_day(q.last_searched)] for q in ignored],
        note=gettext("The answers may exist but not look like answers: check the titles."),
    )


def _unmet(days: int) -> Panel:
    unmet = search_api.unmet_queries(days=days, limit=20)
    summary = ngettext(
        "%(count)s different search found nothing in the last %(days)s days.",
        "%(count)s different searches found nothing in the last %(days)s days.",
        len(unmet),
    ) % {"count": len(unmet), "days": days}
    title, times = gettext("Searches that found nothing"), gettext("Times")
    return Panel(
        key="searches",
        title=title,
        summary=summary,
        columns=[gettext("Search"), times, gettext("Last searched")],
        rows=[[u.query, u.count, _search_day(u.last_searched)] for u in unmet],
        chart=bar_chart(
            title=title,
            description=summary,
            categories=[u.query for u in unmet[:10]],
            series={times: [u.count for u in unmet[:10]]},
        )
        if unmet
        else None,
    )


def moderation_queue(filters: Filters, *, public: bool) -> list[Panel]:
    ages = moderation.open_flag_ages(now=timezone.now())
    bands = [
        (gettext("Under a day"), ages["under_a_day"]),
        (gettext("1 to 3 days"), ages["one_to_three_days"]),
        (gettext("3 to 7 days"), ages["three_to_seven_days"]),
        (gettext("Over a week"), ages["over_a_week"]),
    ]
    waiting = sum(n for _, n in bands)
    if ages["oldest"]:
        summary = gettext("Open flags: %(count)s; the oldest has waited since %(date)s.") % {
            "count": waiting,
            "date": date_format(timezone.localtime(ages["oldest"]), "j F Y"),
        }
    else:
        summary = gettext("Open flags: none waiting.")
    title, open_flags = gettext("Moderation queue age"), gettext("Open flags")
    return [
        Panel(
            key="moderation",
            title=title,
            summary=summary,
            columns=[gettext("Waiting"), open_flags],
            rows=[[label, n] for label, n in bands],
            chart=bar_chart(
                title=title,
                description=summary,
                categories=[label for label, _ in bands],
                series={open_flags: [n for _, n in bands]},
            ),
        )
    ]
