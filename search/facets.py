"""Facets, declared once: one ``FacetSpec`` per facet, in the order the search page shows them.

A facet is the ``SearchDocument`` attribute it reads, the Elasticsearch keyword field that
aggregates it, its title, and a labeller that turns stored values (slugs, codes, handles)
into the names people read. Labellers are registered by the app that owns the data, from its
``search_indexes.py`` (``register_labeller("council", ...)``), so ``search/`` never imports
a domain model. Adding a facet is one line here, one attribute on ``SearchDocument`` and,
where values need names, one ``register_labeller`` call in the owning app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

Labeller = Callable[[list[str]], dict[str, str]]


@dataclass(frozen=True)
class FacetSpec:
    name: str  # the URL parameter and filter key, e.g. "council_type"
    attribute: str  # the SearchDocument attribute, e.g. "council_types"
    es_field: str  # the keyword field aggregated and filtered in Elasticsearch
    title: str  # the heading on the search page (translated when shown)


FACETS: dict[str, FacetSpec] = {
    spec.name: spec
    for spec in (
        FacetSpec("type", "doc_type", "doc_type", _("Type")),
        FacetSpec("council_type", "council_types", "council_types", _("Council type")),
        FacetSpec("nation", "nations", "nations", _("Nation")),
        FacetSpec("council", "council_slugs", "council_slugs", _("Council")),
        FacetSpec("service", "services", "services", _("Service")),
        FacetSpec("tag", "tags", "tags.keyword", _("Tag")),
        FacetSpec("author", "author_handle", "author_handle", _("Author")),
    )
}

_labellers: dict[str, list[Labeller]] = {}


def register_labeller(name: str, labeller: Labeller) -> None:
    """Called by the app owning a facet's data: ``labeller(values) -> {value: label}``.

    A facet whose values come from several apps (tags) may have a labeller from each: the
    first to name a value wins, in registration order.
    """
    if name not in FACETS:
        raise ValueError(f"No facet {name!r}; declare it in search.facets.FACETS first")
    if labeller not in _labellers.setdefault(name, []):
        _labellers[name].append(labeller)


def labels(name: str, values: Iterable[str]) -> dict[str, str]:
    """Human labels for facet values (the value itself where no labeller names it)."""
    values = list(values)
    if not values:
        return {}
    found: dict[str, str] = {}
    for labeller in _labellers.get(name, []):
        missing = [v for v in values if v not in found]
        if not missing:
            break
        found.update({k: v for k, v in labeller(missing).items() if v})
    return {v: str(found.get(v) or v) for v in values}
