"""Site-wide pages: home, health check, accessibility statement."""

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.i18n import JavaScriptCatalog

from hub.core import i18n
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
    return render(request, "core/accessibility.html", {"page_title": _("Accessibility statement")})


_catalog_view = JavaScriptCatalog.as_view()


@cache_control(public=True, max_age=3600)
def javascript_catalog(request: HttpRequest, language: str) -> HttpResponse:
    """The JavaScript strings of one language (``gettext()`` in the browser; djangojs.po).

    The language is in the URL, not taken from the cookie, so a browser's cached copy is never
    the other language's after a switch.
    """
    code = i18n.supported(language)
    if code is None:
        raise Http404
    with translation.override(code):
        return _catalog_view(request)
