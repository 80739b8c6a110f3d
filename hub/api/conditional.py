"""ETags for versioned things, and If-Match on their updates (412 when stale, with the current).

A versioned resource's ETag is a hash of its JSON representation, computed from the data
rather than the response bytes, so an update can compare the client's If-Match against the
object as it is now without rendering a response first.
"""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Schema

from hub.api.errors import ApiError
from hub.api.middleware import _matches


def dumped(schema: type[Schema], data: dict) -> dict:
    return json.loads(json.dumps(schema.model_validate(data).model_dump(), cls=DjangoJSONEncoder))


def representation_etag(schema: type[Schema], data: dict) -> str:
    """A hash of the representation's data (the dict the endpoint returns, before rendering)."""
    canonical = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"v-' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


def require_if_match(request: HttpRequest, schema: type[Schema], current: dict) -> None:
    """Refuse an update unless If-Match names the current version (428 if absent, 412 if old)."""
    header = request.headers.get("If-Match", "")
    etag = representation_etag(schema, current)
    if not header:
        raise ApiError(
            428,
            "precondition_required",
            gettext(
                "Send If-Match with the ETag you last read, so you cannot overwrite someone "
                "else's change without seeing it."
            ),
            headers={"ETag": etag},
        )
    if not _matches(header, etag):
        raise ApiError(
            412,
            "stale",
            gettext(
                "This has changed since you read it. The current version is in 'current'; "
                "apply your change to it and send its ETag."
            ),
            current=dumped(schema, current),
            headers={"ETag": etag},
        )
