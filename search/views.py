"""Search pages: the GOV.UK results page (plain GET form, works without JavaScript) and JSON."""

from datetime import date

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import api, unmet
from search.backends.base import FACET_FIELDS


def _date_param(request, name: str, errors: list[dict]) -> str:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return ""
    try:
        date.fromisoformat(raw)
    except ValueError:
        label = "From" if name == "from" else "To"
        errors.append(
            {"text": f"{label} date must be a real date, like 2025-03-31", "href": f"#date-{name}"}
        )
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
        record_unmet=True,
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
            "page_title": f"Search: {result.query}" if result.query else "Search",
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
            "results": [api.hit_as_json(h, labels) for h in result.hits],
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


@require_GET
def unmet_page(request):
    """Staff only: the most frequent searches that found nothing (the list of unmet needs)."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    try:
        days = max(1, min(int(request.GET.get("days", unmet.RETENTION_DAYS)), unmet.RETENTION_DAYS))
    except ValueError:
        days = unmet.RETENTION_DAYS
    return render(
        request,
        "search/unmet.html",
        {
            "page_title": "Searches that found nothing",
            "queries": api.unmet_queries(days=days, limit=100),
            "days": days,
        },
    )
