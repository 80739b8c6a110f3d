"""Facets are declared once (search.facets.FACETS); labels come from the owning apps."""

import ast
from pathlib import Path

import pytest

from search import api, facets
from search.backends.base import FACET_FIELDS
from search.backends.elasticsearch import ES_FIELDS

SEARCH = Path(__file__).resolve().parents[2] / "search"


def test_every_facet_table_derives_from_the_one_declaration():
    assert list(FACET_FIELDS) == list(ES_FIELDS) == list(api.FACET_TITLES) == list(facets.FACETS)
    assert ES_FIELDS["tag"] == "tags.keyword" and api.FACET_TITLES["council_type"] == "Council type"


def test_search_package_imports_no_domain_models():
    offenders = []
    for path in SEARCH.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            # hub.core is shared infrastructure (Markdown, prepared queries), no domain app.
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in {"hub", "accounts"} and not n.startswith("hub.core")
            ]
    assert offenders == []


@pytest.mark.django_db
def test_labellers_registered_by_the_owning_apps_name_the_values():
    from tests.factories import CouncilFactory, UserFactory

    council = CouncilFactory(name="Adur", slug="adur", council_type="NMD")
    UserFactory(profile__display_name="Priya Raman", profile__handle="priyar")

    assert facets.labels("council", ["adur", "gone"]) == {"adur": council.name, "gone": "gone"}
    assert facets.labels("council_type", ["NMD"]) == {"NMD": "Non-metropolitan district"}
    assert facets.labels("author", ["priyar"]) == {"priyar": "Priya Raman"}
    assert facets.labels("type", ["post"]) == {"post": "Blog posts"}
    with pytest.raises(ValueError, match="declare it"):
        facets.register_labeller("colour", lambda values: {})
