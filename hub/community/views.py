"""Community pages: the staff dashboard, the public "state of the community", CSV downloads."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from hub.community import panels
from hub.community.forms import DashboardFilterForm

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_community_manager(user) -> bool:
    return user.is_authenticated and user.is_moderator


def _page(request: HttpRequest, *, public: bool) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    return render(
        request,
        "community/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "public": public,
            "panels": panels.panels_for(filters, public=public),
            "query": request.GET.urlencode(),
            "page_title": gettext("State of the community")
            if public
            else gettext("Community dashboard"),
        },
    )


def _safe_cell(value) -> str | int:
    """Spreadsheets run cells starting with = + - @ as formulas; search text is user input."""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(request: HttpRequest, key: str, *, public: bool) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    panel = panels.panel(key, form.filters(), public=public)
    if panel is None:
        raise Http404("No such table")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{panel.key}.csv"'
    writer = csv.writer(response)
    writer.writerow(panel.columns)
    for row in panel.rows:
        writer.writerow([_safe_cell(value) for value in row])
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not _is_community_manager(request.user):
        raise Http404("No such page")
    return _page(request, public=False)


@login_required
def dashboard_csv(request: HttpRequest, key: str) -> HttpResponse:
    if not _is_community_manager(request.user):
        raise Http404("No such page")
    return _csv(request, key, public=False)


def state_of_the_community(request: HttpRequest) -> HttpResponse:
    return _page(request, public=True)


def state_csv(request: HttpRequest, key: str) -> HttpResponse:
    return _csv(request, key, public=True)
