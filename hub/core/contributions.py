"""A small extension point: apps contribute sections to shared pages without the page importing them.

An app adds a module (e.g. ``hub/blog/council_sections.py``) defining ``SECTIONS``, a list of
callables. ``collect("council_sections", ...)`` calls every such callable of every installed app
in ``INSTALLED_APPS`` order and returns the non-empty results. This keeps the councils app free of
imports from blog, standards and sharing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def collect(module_name: str, *args, **kwargs) -> list:
    """Call every contributed callable named in ``<app>.<module_name>.SECTIONS``."""
    results = []
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        if find_spec(dotted) is None:
            continue
        for contribute in getattr(import_module(dotted), "SECTIONS", []):
            section = contribute(*args, **kwargs)
            if section:
                results.append(section)
    return results
