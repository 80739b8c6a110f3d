"""Who is calling: a personal access token (Authorization: Bearer), the session, or nobody.

Each callback returns a ``Caller`` (truthy) or None; django-ninja tries them in order and
documents the first two as security schemes. A Bearer header that is present but wrong is a
401, never a silent fall-back to anonymous. Session calls that write are CSRF-checked by
django-ninja's cookie auth. The API-wide rate limit is counted here, once per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from hub.api.errors import ApiError
from hub.api.models import PersonalAccessToken
from hub.api.services import token_authenticate
from hub.core.ratelimit import rate_limit_consume, rate_limit_retry_after

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class Caller:
    user: object
    token: PersonalAccessToken | None = None

    def __bool__(self) -> bool:
        return True

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)


def _admit(request: HttpRequest, caller: Caller) -> Caller:
    """Count the request against the caller's API rate limit (one settings table)."""
    kind = "read" if request.method in SAFE_METHODS else "write"
    rate = settings.API_RATE_LIMITS[kind]
    if caller.token is not None:
        who = f"token:{caller.token.pk}"
    elif caller.is_authenticated:
        who = f"user:{caller.user.pk}"
    else:
        who = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    if not rate_limit_consume(f"api.{kind}:{who}", rate):
        raise rate_limited(rate)
    request.user = caller.user  # what the apps' permission helpers read
    return caller


def rate_limited(rate: str) -> ApiError:
    retry = rate_limit_retry_after(rate)
    return ApiError(
        429,
        "rate_limited",
        gettext("Too many requests (limit %(rate)s). Try again in %(retry)s seconds.")
        % {"rate": rate, "retry": retry},
        headers={"Retry-After": str(retry)},
    )


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if header and not header.lower().startswith("bearer "):
            raise ApiError(401, "unauthenticated", gettext("Use 'Authorization: Bearer <token>'."))
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token.strip())
        if found is None:
            raise ApiError(
                401,
                "invalid_token",
                gettext(
                    "That token is not valid: it may be mistyped, expired or revoked. "
                    "Make a new one on your account settings page."
                ),
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        request.api_token = found  # remembered with a stored read (hub/api/readcache.py)
        return _admit(request, Caller(user=found.user, token=found))


class SessionCaller(SessionAuth):
    """The hub's own JavaScript: the signed-in session, with CSRF on writes."""

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        return _admit(request, Caller(user=user)) if user else None


def anonymous(request: HttpRequest):
    return _admit(request, Caller(user=AnonymousUser()))


READ_AUTH = [TokenAuth(), SessionCaller(), anonymous]
WRITE_AUTH = [TokenAuth(), SessionCaller()]


def caller_of(request: HttpRequest) -> Caller:
    return request.auth


def require(request: HttpRequest, area: str | None, level: str = "read") -> Caller:
    """The caller, if their token's scopes allow ``level`` in ``area`` (sessions may do all)."""
    caller: Caller = request.auth
    if caller.token is not None and area is not None and not caller.token.allows(area, level):
        raise ApiError(
            403,
            "insufficient_scope",
            gettext(
                "This token may not %(level)s %(area)s: make a token with the '%(area)s:%(level)s' scope."
            )
            % {"level": level, "area": area},
        )
    if level == "write" and not caller.is_authenticated:
        raise ApiError(401, "unauthenticated", gettext("Sign in or send a token to do that."))
    return caller
