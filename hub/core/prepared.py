"""Prepared ORM queries: compile a queryset's SQL once per process, then run it with new values.

Django builds and compiles a queryset from scratch on every evaluation: about a millisecond of
Python for a grouped query with a few filters. The community dashboards run fifteen such
queries per view, most of them a few milliseconds of SQL, and that compiling was the largest
part of the page's cost over the raw SQL (bench/dashboard.py; docs/decisions/0171-prepared-queries.md).

    weekly = PreparedQuery(
        lambda *, since, until, council_id: Post.objects.filter(...).values_list(...)...,
        params=("since", "until", "council_id"),
    )
    rows = weekly.rows(since=since, until=until, council_id=None)   # a list of tuples

``params`` are the values that change from call to call (dates, ids). Every other argument is
part of the query's *shape*, as is whether each param is None and the current time zone (``TruncWeek`` writes it into the SQL). The first call for a shape builds the queryset
twice with two different sets of marker values and compiles both; the two compilations must
differ only where a marker landed, as itself, among the SQL parameters. The SQL, those
positions and the ORM's result converters are then kept, and later calls put their values at
those positions and execute the SQL as the ORM would have (same cursor, same converters).

If a marker does not land as itself (the builder derived another value from it, such as
``since - timedelta(days=7)``, or read the clock itself), that shape is never prepared and runs
through the ORM every time, so a prepared query cannot run with a stale value. Pass such values
as params of their own. Only ``values_list()`` querysets whose columns come back in their
natural order are prepared, and only on PostgreSQL and the default database; anything else runs through the ORM.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable
from django.utils import timezone

_MARKER_EPOCH = datetime(1901, 1, 1)  # noqa: DTZ001 (made aware below when the value is)


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (position in params, name of the argument)
    converters: dict  # the compiler's {column: (converters, expression)}


_REFUSED = object()
_INSTANCES: weakref.WeakSet[PreparedQuery] = weakref.WeakSet()


def _marker(value: Any, number: int) -> Any:
    """A value of the same kind as ``value`` that no real call would pass."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a bool changes a query's shape: pass it as a shape argument")
    if isinstance(value, datetime):
        marker = _MARKER_EPOCH + timedelta(days=number, seconds=number)
        return marker.replace(tzinfo=UTC) if value.tzinfo else marker
    if isinstance(value, date):
        return _MARKER_EPOCH.date() + timedelta(days=number)
    if isinstance(value, int):
        return -7_000_000 - number
    raise TypeError(f"cannot prepare a parameter of type {type(value).__name__}")


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], *, params: tuple[str, ...]):
        self.build = build
        self.params = params
        self._plans: dict[tuple, object] = {}
        self._lock = threading.Lock()
        _INSTANCES.add(self)

    def _shape(self, kwargs: dict) -> tuple:
        shape = tuple(
            (name, kwargs[name] is None) if name in self.params else (name, kwargs[name])
            for name in sorted(kwargs)
        )
        return (*shape, timezone.get_current_timezone_name())

    def _compile(self, kwargs: dict) -> tuple[str, tuple, dict] | None:
        queryset = self.build(**kwargs)
        if queryset._iterable_class is not ValuesListIterable or queryset.db != DEFAULT_DB_ALIAS:
            return None
        query = queryset.query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        fields = [
            *queryset._fields,
            *(name for name in query.annotation_select if name not in queryset._fields),
        ]
        if queryset._fields and names != fields:
            return None  # the ORM would reorder the columns: not worth copying that here
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        columns = [select[0] for select in compiler.select[: compiler.col_count]]
        return sql, tuple(params), compiler.get_converters(columns)

    def _prepare(self, kwargs: dict) -> object:
        markers = [
            {**kwargs, **{name: _marker(kwargs[name], salt * 100 + i) for i, name in enumerate(self.params)}}
            for salt in (1, 2)
        ]  # fmt: skip
        first, second = self._compile(markers[0]), self._compile(markers[1])
        if (
            first is None
            or second is None
            or first[0] != second[0]
            or len(first[1]) != len(second[1])
        ):
            return _REFUSED
        slots = []
        for position, (a, b) in enumerate(zip(first[1], second[1], strict=True)):
            name = next(
                (n for n in self.params if markers[0][n] is not None and a == markers[0][n]), None
            )
            if name is not None and b == markers[1][name]:
                slots.append((position, name))
            elif a != b or _looks_like_marker(a):
                return _REFUSED  # a value derived from a param, or read from the clock
        return _Plan(sql=first[0], params=first[1], slots=tuple(slots), converters=first[2])

    def plan_for(self, **kwargs) -> _Plan | None:
        """The prepared plan for this call's shape, or None if it runs through the ORM."""
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            return None
        shape = self._shape(kwargs)
        plan = self._plans.get(shape)
        if plan is None:
            with self._lock:
                plan = self._plans.get(shape)
                if plan is None:
                    plan = self._plans[shape] = self._prepare(kwargs)
        return None if plan is _REFUSED else plan

    def rows(self, **kwargs) -> list[tuple]:
        plan = self.plan_for(**kwargs)
        if plan is None:
            return list(self.build(**kwargs))
        params = list(plan.params)
        for position, name in plan.slots:
            params[position] = kwargs[name]
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if not plan.converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for column, (converters, expression) in plan.converters.items():
                value = row[column]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[column] = value
            converted.append(tuple(row))
        return converted


def _looks_like_marker(value: Any) -> bool:
    """A param equal in both compilations but near a marker: derived from one (e.g. a date)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) < _MARKER_EPOCH + timedelta(days=1000)
    if isinstance(value, date):
        return value < _MARKER_EPOCH.date() + timedelta(days=1000)
    if isinstance(value, int) and not isinstance(value, bool):
        return -7_100_000 < value <= -7_000_000
    return False


def refused_shapes() -> list[tuple[str, tuple]]:
    """Every (builder, shape) met so far that runs through the ORM each time: tests assert the
    dashboards' queries are all prepared, so a change that loses it shows."""
    return [
        (f"{query.build.__module__}.{query.build.__qualname__}", shape)
        for query in list(_INSTANCES)
        for shape, plan in list(query._plans.items())
        if plan is _REFUSED
    ]
