"""What every response under /api/ gets, whichever layer produced it.

- Errors that did not come from the API's own handlers (Django's 404 for an unknown path,
  django-ninja's bare 405, a crash in a middleware) are rewritten into the one JSON error shape.
- Successful reads get an ``ETag`` (a hash of the body) and answer ``If-None-Match`` with 304.
- A caller's repeated read is answered from its stored copy while nothing has been written
  (``hub/api/readcache.py``), before authentication and the view run.
- Tokens are never accepted in URLs: a query string that carries one is refused, so a token
  pasted into a link is not also written into server logs and browser history as a working key.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext, gettext_lazy

from hub.api import readcache
from hub.api.errors import error_response

PREFIX = "/api/"
TOKEN_PARAMS = {"token", "access_token", "api_key", "apikey", "key", "bearer", "auth"}
MESSAGES = {
    404: ("not_found", gettext_lazy("There is nothing at this address. See /api/v1/openapi.json.")),
    405: ("method_not_allowed", gettext_lazy("This address does not accept that method.")),
    403: ("forbidden", gettext_lazy("You may not do that (for a session, send the CSRF token).")),
    500: ("server_error", gettext_lazy("Something went wrong on our side.")),
}


def body_etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in candidates or etag in candidates


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if TOKEN_PARAMS & {name.lower() for name in request.GET}:
            return error_response(
                400,
                "token_in_url",
                gettext(
                    "Tokens are never accepted in web addresses. Send the token in the "
                    "'Authorization: Bearer <token>' header, and revoke this one: it may be logged."
                ),
            )
        stored = readcache.lookup(request)
        response = stored.answer() if stored is not None else None
        if response is None:
            response = self._finish(request, self.get_response(request))
            if stored is not None:
                stored.store(response)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and response.has_header("ETag")
            and _matches(request.headers.get("If-None-Match", ""), response["ETag"])
        ):
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Vary", "Cache-Control", readcache.HIT_HEADER):
                if response.has_header(name):
                    not_modified[name] = response[name]
            response = not_modified
        return response

    def _finish(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code >= 400 and not _is_json(response):
            code, message = MESSAGES.get(
                response.status_code, ("error", gettext("The request could not be completed."))
            )
            allow = response.get("Allow")
            response = error_response(response.status_code, code, message)
            if allow:
                response["Allow"] = allow
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and _is_json(response)
            and not response.has_header("ETag")
        ):
            response["ETag"] = body_etag(response.content)
        response["Vary"] = "Authorization, Cookie"
        response.setdefault("Cache-Control", "private, no-cache")
        return response


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json") and not getattr(
        response, "streaming", False
    )
