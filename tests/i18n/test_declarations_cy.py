"""Labels declared once in Python (event kinds, search types and facets) read in Welsh.

They are lazy translations evaluated where they are shown, so a Welsh page, email or search
result shows them in Welsh; nothing translatable is stored in English (the search index keeps
only subjects and codes, see search.registry.present).
"""

import pytest
from django.utils import translation
from django.utils.functional import Promise

from hub.notifications.kinds import registry as event_kinds
from search import facets
from search.registry import all_adapters
from tests.i18n.pseudo import missing_welsh


def _untranslated(labels: dict[str, object]) -> list[str]:
    """Labels with no Welsh in the catalogues (a plain str, never translated, is one too)."""
    found = []
    for where, text in labels.items():
        with translation.override("en-gb"):
            english = str(text)
        if not isinstance(text, Promise) or missing_welsh({english}):
            found.append(f"{where}: {english!r}")
    return found


def test_every_event_kind_label_and_group_is_welsh():
    labels = {}
    for name, kind in event_kinds().items():
        labels[f"{name}.label"] = kind.label
        labels[f"{name}.group"] = kind.group
    assert labels
    assert not _untranslated(labels)


def test_every_search_type_label_title_and_context_is_welsh():
    labels = {}
    for label, adapter in all_adapters().items():
        labels[f"{label}.type_label"] = adapter.type_label
        if adapter.hit_title:
            labels[f"{label}.hit_title"] = adapter.hit_title
        if adapter.context_format:
            labels[f"{label}.context_format"] = adapter.context_format
    assert not _untranslated(labels)
    with translation.override("cy"):
        assert facets.labels("type", ["post"]) == {"post": "Postiadau blog"}


def test_every_facet_title_is_welsh():
    assert not _untranslated({name: spec.title for name, spec in facets.FACETS.items()})


@pytest.mark.django_db
def test_tags_standards_add_are_named_in_welsh():
    with translation.override("cy"):
        named = facets.labels("tag", ["consultation", "version 1.2", "open", "bins"])
    assert named["version 1.2"] != "version 1.2" and "1.2" in named["version 1.2"]
    assert named["consultation"] != "consultation" and named["open"] != "open"
    assert named["bins"] == "bins"  # a member's tag is content: shown as written


def test_every_javascript_string_has_welsh(client):
    """Every gettext()/ngettext() in every module under static/js has Welsh in /jsi18n/cy/."""
    import json
    import re

    from django.conf import settings
    from django.urls import reverse

    msgids = []
    for path in sorted((settings.BASE_DIR / "static" / "js").rglob("*.*js")):
        source = path.read_text()
        msgids += re.findall(r'\bgettext\("((?:[^"\\]|\\.)*)"', source)
        msgids += re.findall(r'\bngettext\(\s*"((?:[^"\\]|\\.)*)",', source)
    assert len(msgids) >= 10
    page = client.get(reverse("javascript-catalog", args=["cy"])).content.decode()
    welsh = json.loads(re.search(r"const newcatalog = (\{.*?\});", page, re.S).group(1))
    assert not [m for m in msgids if not welsh.get(m)]
