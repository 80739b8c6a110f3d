"""Site-wide pages: home, health check, accessibility statement."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from hub.core.contributions import collect


def home(request: HttpRequest) -> HttpResponse:
    """The front page: what the hub is for, plus sections contributed by each feature."""
    return render(
        request,
        "core/home.html",
        {"home_sections": collect("home_sections", request)},
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for the container health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})
