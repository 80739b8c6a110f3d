"""Each app's ``member_data.py``: what it keeps about a member, and what leaving does to it.

An app that stores anything a member wrote or chose defines, in ``<app>/member_data.py``::

    def export(user) -> dict[str, list[dict]]:
        '''Named lists of plain rows (JSON-ready) for the member's download.'''

    def erase(user, *, remove_content: bool) -> dict[str, int]:
        '''Called inside the deletion transaction. Settings and private data always go;
        what the member wrote is removed through the app's own services when
        ``remove_content``, and otherwise stays, shown as by "a former member".
        Returns counts for the audit entry.'''

Search and page caches follow from the services and from ``index_authored_by``.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder


def member_data_modules() -> list[tuple[str, ModuleType]]:
    """(app label, module) for every installed app with a ``member_data`` module."""
    found = []
    for config in apps.get_app_configs():
        dotted = f"{config.name}.member_data"
        if find_spec(dotted) is not None:
            found.append((config.label, import_module(dotted)))
    return found


def rows(queryset, *fields: str) -> list[dict]:
    """Plain rows for an export (dates as ISO 8601 through the JSON encoder)."""
    return [dict(row) for row in queryset.values(*fields)]


ENCODER = DjangoJSONEncoder
