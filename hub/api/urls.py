from django.urls import path, re_path
from django.utils.translation import gettext

from hub.api import views
from hub.api.errors import error_response
from hub.api.main import api


def _nothing_here(request, rest: str = ""):
    return error_response(
        404, "not_found", gettext("There is nothing at this address. See /api/v1/openapi.json.")
    )


urlpatterns = [
    path("", views.reference, name="api_reference"),
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", _nothing_here),
]
