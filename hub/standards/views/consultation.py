"""The consultation summary and response (page and formula-safe CSV)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from hub.standards import selectors
from hub.standards.views.common import standard_for


def consultation_summary(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    return render(
        request,
        "standards/consultation_summary.html",
        {
            "standard": standard,
            "summary": selectors.consultation_summary(standard),
            "history": selectors.status_history(standard),
            "page_title": gettext("Consultation summary: %(title)s") % {"title": standard.title},
        },
    )


def consultation_response(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    summary = selectors.consultation_summary(standard)
    return render(
        request,
        "standards/consultation_response.html",
        {
            "standard": standard,
            "summary": summary,
            "latest": selectors.latest_version(standard),
            "page_title": gettext("Consultation response: %(title)s") % {"title": standard.title},
        },
    )


def consultation_response_csv(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{standard.slug}-consultation.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "comment_id", "created_at", "author", "council", "version", "anchor", "section",
            "comment", "state", "outcome", "editor_response", "addressed_in", "replies", "url",
        ]
    )  # fmt: skip
    for thread in selectors.consultation_summary(standard)["threads"]:
        writer.writerow(
            [
                _csv_safe(value)
                for value in (
                    thread.pk,
                    thread.created_at.isoformat(),
                    str(thread.author or ""),
                    thread.council.name if thread.council else "",
                    thread.original_version.number,
                    thread.original_anchor,
                    thread.heading_path,
                    thread.body,
                    thread.state,
                    thread.outcome,
                    thread.editor_response,
                    thread.addressed_in.number if thread.addressed_in else "",
                    thread.reply_count,
                    settings.SITE_URL + thread.get_absolute_url(),
                )
            ]
        )
    return response


def _csv_safe(value):
    """Stop spreadsheet formula injection: text starting with = + - @ is prefixed with '."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value
