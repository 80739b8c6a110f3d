"""One error shape for the whole API, and the one place app errors become HTTP statuses.

Every error under /api/ is ``{"code": ..., "message": ..., "fields": {name: [problems]}}``
(plus ``current`` on a 412). Views raise ``ApiError``; the apps' own errors (``StandardsError``,
``ChatError``, Django's ``ValidationError``/``PermissionDenied``, ...) are translated here, so
an endpoint just calls the service and lets its refusal through.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hub.blog.services import RateLimited as BlogRateLimited
from hub.discussions.services import ChatError
from hub.groups.services import GroupError, GroupPermissionDenied
from hub.moderation.services import RateLimited as FlagRateLimited
from hub.sharing.services import SharingError
from hub.standards import services as standards

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}
    current: dict[str, Any] | None = None


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        current: dict | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.current = current
        self.headers = headers or {}


def not_found(what: str = "") -> ApiError:
    what = str(what) or gettext("That")
    return ApiError(
        404,
        "not_found",
        gettext("%(what)s does not exist, or you cannot see it.") % {"what": what},
    )


def error_response(
    status: int, code: str, message: str, fields=None, current=None, headers=None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message, "fields": fields or {}}
    if current is not None:
        body["current"] = current
    response = JsonResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


_CHAT_STATUS = {"not_found": 404, "rate_limited": 429, "archived": 403}
_STANDARDS_STATUS = [
    (standards.StandardNotFound, 404, "not_found"),
    (standards.NotAllowed, 403, "forbidden"),
    (standards.AnchorNotFound, 422, "invalid"),
    (standards.InvalidInput, 422, "invalid"),
    (standards.InvalidTransition, 409, "conflict"),
    (standards.NothingToPublish, 409, "conflict"),
    (standards.RateLimited, 429, "rate_limited"),
    (standards.DraftConflict, 412, "stale"),
]


def translate(exc: Exception) -> ApiError | None:
    """The ApiError for an app's refusal, or None when ``exc`` is not one (a bug: 500)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, Http404):
        return not_found()
    if isinstance(exc, ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        message = "; ".join(exc.messages) or gettext("Check what you sent.")
        return ApiError(422, "invalid", message, fields=fields)
    if isinstance(exc, PermissionDenied | GroupPermissionDenied):
        return ApiError(403, "forbidden", str(exc) or gettext("You may not do that."))
    if isinstance(exc, BlogRateLimited | FlagRateLimited):
        return ApiError(429, "rate_limited", str(exc), headers={"Retry-After": "60"})
    if isinstance(exc, standards.StandardsError):
        for cls, status, code in _STANDARDS_STATUS:
            if isinstance(exc, cls):
                headers = {"Retry-After": "60"} if status == 429 else None
                return ApiError(status, code, exc.message, headers=headers)
    if isinstance(exc, ChatError):
        status = _CHAT_STATUS.get(exc.code, 422)
        headers = {"Retry-After": "60"} if status == 429 else None
        return ApiError(status, exc.code, exc.message, headers=headers)
    if isinstance(exc, GroupError | SharingError):
        return ApiError(422, "refused", str(exc))
    return None


def _validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        name = ".".join(loc[1:] if loc and loc[0] in ("payload", "filters") else loc) or "body"
        fields.setdefault(name, []).append(str(error.get("msg", "Invalid value.")))
    return fields


def install(api) -> None:
    """Register the handlers on the NinjaAPI: every exception leaves as the one shape."""

    def app_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        error = translate(exc)
        if error is None:
            logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
            return error_response(500, "server_error", gettext("Something went wrong on our side."))
        return error_response(
            error.status, error.code, error.message, error.fields, error.current, error.headers
        )

    def validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(
            422, "invalid", gettext("Check what you sent."), _validation_fields(exc.errors)
        )

    def auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            401,
            "unauthenticated",
            "Sign in, or send a personal access token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    def http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "rate_limited"}
        return error_response(exc.status_code, code.get(exc.status_code, "error"), exc.message)

    api.add_exception_handler(Exception, app_error)
    api.add_exception_handler(NinjaValidationError, validation)
    api.add_exception_handler(AuthenticationError, auth)
    api.add_exception_handler(HttpError, http)
    api.add_exception_handler(Http404, app_error)


READ_ERRORS = dict.fromkeys((400, 401, 403, 404, 422, 429), ErrorOut)
WRITE_ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 412, 422, 428, 429), ErrorOut)
