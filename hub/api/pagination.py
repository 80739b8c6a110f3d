"""Cursor (keyset) pagination: stable under inserts, one query per page whatever its size.

A cursor is the sort key of the last item of the previous page, base64-encoded JSON; clients
treat it as opaque and pass ``next_cursor`` back as ``cursor``.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from ninja import Schema

from hub.api.errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class PageParams(Schema):
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


def _encode(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise ApiError(
            400, "bad_cursor", gettext("That cursor is not one this API gave out.")
        ) from error
    if not isinstance(values, list) or len(values) != size:
        raise ApiError(400, "bad_cursor", gettext("That cursor is not one this API gave out."))
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise ApiError(400, "bad_cursor", gettext("That cursor is not one this API gave out."))
    return values


def _after(order: list[str], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in ``order`` (each field "name" or "-name")."""
    condition = Q()
    for index, field in enumerate(order):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[index]})
        for earlier, value in zip(order[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def clamp_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(
            422,
            "invalid",
            gettext("limit must be 1 to %(MAX_LIMIT)s.") % {"MAX_LIMIT": MAX_LIMIT},
            fields={"limit": [gettext("Out of range.")]},
        )
    return limit


def keyset_page(
    queryset: QuerySet, *, order: list[str], params: PageParams
) -> tuple[list, str | None]:
    """One page of ``queryset`` in ``order`` (whose last field must be unique), and the cursor
    for the next page (None on the last page)."""
    limit = clamp_limit(params.limit)
    rows = queryset.order_by(*order)
    if params.cursor:
        try:
            rows = rows.filter(_after(order, _decode(params.cursor, len(order))))
            items = list(rows[: limit + 1])
        except (
            ValueError,
            TypeError,
            ValidationError,
        ) as error:  # a value of the wrong type for its field
            raise ApiError(
                400, "bad_cursor", gettext("That cursor is not one this API gave out.")
            ) from error
    else:
        items = list(rows[: limit + 1])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    last = items[-1]
    return items, _encode([_value(last, field.lstrip("-")) for field in order])


def _value(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def page_schema(item: type[Schema]) -> type[Schema]:
    """``{"items": [item], "next_cursor": str | null}`` for one item schema."""
    return type(
        f"{item.__name__.removesuffix('Out')}Page",
        (Schema,),
        {"__annotations__": {"items": list[item], "next_cursor": str | None}},
    )
