"""The hub's URLs plus /bench/minimal/, the smallest Django view, as the benchmark's baseline.

It goes through the same middleware stack (sessions, CSRF, auth, CSP) as every page, so the
ratio to it is the cost of the page itself."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from hub.urls import urlpatterns as hub_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *hub_urlpatterns]
