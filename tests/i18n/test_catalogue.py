"""The Welsh catalogues in git: compiled, with placeholders and six plural forms.

Completeness is checked page by page (test_pseudo_locale.py: "no Welsh for"), for the areas
that are switched on, so a catalogue refresh that brings in another area's new strings never
fails here.
"""

import gettext
import re

import polib
import pytest

from hub.core import translations

PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfi]|%[sdfi]|\{\w*\}")


@pytest.fixture(params=translations.DOMAINS)
def po(request):
    return polib.pofile(str(translations.catalogue_path(request.param)))


def test_header_has_welsh_plural_forms(po):
    assert po.metadata["Plural-Forms"] == translations.WELSH_PLURAL_FORMS
    assert po.metadata["Language"] == "cy"


def test_plural_messages_have_all_six_forms(po):
    short = [e.msgid for e in po if e.msgid_plural and sorted(e.msgstr_plural) != list(range(6))]
    assert not short


def test_placeholders_survive_translation(po):
    wrong = []
    for entry in po.translated_entries():
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = sorted(set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid)))
        for form in forms:
            found = sorted(set(PLACEHOLDER.findall(form)))
            # A Welsh plural form may leave the number out ("un awgrym" for 1).
            if found != expected and not (entry.msgid_plural and set(found) < set(expected)):
                wrong.append(f"{entry.msgid!r}: {form!r}")
    assert not wrong, "\n".join(wrong)


def test_compiled_mo_matches_the_po(po):
    """The site reads the .mo files in git: they must be compiled from the .po beside them."""
    mo_path = po.fpath[:-3] + ".mo"
    with open(mo_path, "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, form in entry.msgstr_plural.items():
                expected[(key, int(index))] = form
        else:
            expected[key] = entry.msgstr
    actual = {key: value for key, value in compiled.items() if key != ""}
    assert actual == expected, "Stale .mo: run `manage.py translations --no-extract` and commit it"
