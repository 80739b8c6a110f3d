"""Search pages: the GOV.UK results page (plain GET form, works without JavaScript) and JSON."""

from datetime import date

from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search import api, searchlog
from search.backends.base import FACET_FIELDS


def _date_param(request, name: str, errors: list[dict]) -> str:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return ""
    try:
        date.fromisoformat(raw)
    except ValueError:
        text = (
            gettext("From date must be a real date, like 2025-03-31")
            if name == "from"
            else gettext("To date must be a real date, like 2025-03-31")
        )
        errors.append({"text": text, "href": f"#date-{name}"})
        return ""
    return raw


def _run(request, *, with_facets: bool = True):
    errors: list[dict] = []
    filters = {name: request.GET.getlist(name) for name in FACET_FIELDS}
    date_from = _date_param(request, "from", errors)
    date_to = _date_param(request, "to", errors)
    result = api.search(
        query=request.GET.get("q", ""),
        user=request.user,
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        sort=request.GET.get("sort", "relevance"),
        page=request.GET.get("page", 1),
        with_facets=with_facets,
        log=True,
    )
    return result, errors


def _with_query(request, text: str) -> str:
    if not text:
        return ""
    params = request.GET.copy()
    params["q"] = text
    params.pop("page", None)
    return "?" + params.urlencode()


@require_GET
def search_page(request):
    """Results mixing every kind of content, with facets as checkboxes."""
    result, errors = _run(request)
    return render(
        request,
        "search/search.html",
        {
            "page_title": gettext("Search: %(query)s") % {"query": result.query}
            if result.query
            else gettext("Search"),
            "result": result,
            "errors": errors,
            "sort": request.GET.get("sort", "relevance"),
            "date_from": request.GET.get("from", ""),
            "date_to": request.GET.get("to", ""),
            "suggestion_url": _with_query(request, result.suggestion),
        },
    )


@require_GET
def search_json(request):
    """``GET /search/api/?q=...&type=post&council_type=NMD&page=2`` as JSON."""
    result, errors = _run(request)
    labels = result.type_labels
    return JsonResponse(
        {
            "query": result.query,
            "total": result.total,
            "page": result.page.number if result.page else 1,
            "pages": result.page.paginator.num_pages if result.page else 0,
            "message": result.message,
            "errors": [e["text"] for e in errors],
            "suggestion": result.suggestion,
            "results": [
                {**api.hit_as_json(h, labels), "click_url": h.click_url or h.url}
                for h in result.hits
            ],
            "facets": {
                facet.name: [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in facet.options
                ]
                for facet in result.facets
            },
        }
    )


@require_GET
def autocomplete_json(request):
    """``GET /search/api/autocomplete/?q=bin`` -> titles the viewer may see."""
    hits = api.autocomplete(request.GET.get("q", ""), user=request.user)
    labels = api.type_labels()
    return JsonResponse(
        {
            "query": request.GET.get("q", "")[:200],
            "results": [
                {
                    "title": h.title,
                    "url": h.url,
                    "type": h.doc_type,
                    "type_label": labels.get(h.doc_type, h.doc_type),
                }
                for h in hits
            ],
        }
    )


def _safe_path(to: str) -> bool:
    """A same-site path ("/blog/x/#p3"), never another host or scheme ("//evil", "https:")."""
    return (
        to.startswith("/")
        and not to.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(to, allowed_hosts=set())
    )


@never_cache
@require_GET
def click(request):
    """``GET /search/click/?to=<result path>&c=<token>``: a followed search result.

    Counts the click against its logged search when the signed token matches the link, then
    redirects. Works without JavaScript; stores nothing about the visitor. Only same-site
    paths are followed, so this is no open redirect.
    """
    to = request.GET.get("to", "")
    if not _safe_path(to):
        return HttpResponseBadRequest(
            gettext("This link does not lead to a page on this site."),
            content_type="text/plain; charset=utf-8",
        )
    searchlog.record_click(request.GET.get("c", ""), to)
    response = HttpResponseRedirect(to)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def unmet_page(request):
    """Staff only: the search log: searches that found nothing, searches whose results nobody
    followed, and the most frequent searches."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    retention = searchlog.RETENTION_DAYS
    try:
        days = max(1, min(int(request.GET.get("days", retention)), retention))
    except ValueError:
        days = retention
    return render(
        request,
        "search/unmet.html",
        {
            "page_title": gettext("Search log"),
            "queries": api.unmet_queries(days=days, limit=100),
            "without_clicks": api.queries_without_clicks(days=days, limit=100),
            "frequent": api.frequent_queries(days=days, limit=100),
            "days": days,
        },
    )
