"""The Welsh catalogues in ``locale/``: refresh, translation memory, compile (docs/i18n.md).

``manage.py translations`` runs these; ``tests/i18n`` checks the results. polib is a
development dependency: the running site only reads the compiled ``.mo`` files.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

# CLDR's six Welsh plural forms (zero, one, two, few, many, other), as GNU gettext writes them.
# Django's own cy catalogue uses an older four-form rule; Django keeps catalogues with different
# plural rules apart, so each catalogue's forms stay right.
WELSH_PLURAL_FORMS = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);"
)
DOMAINS = ("django", "djangojs")


def catalogue_path(domain: str, language: str = "cy") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


def memory_key(entry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def translated(entry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def fix_header(po) -> None:
    po.metadata.update(
        {
            "Language": "cy",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": WELSH_PLURAL_FORMS,
        }
    )
    # Dates that change on every run only make the two Welsh helpers' catalogues conflict.
    for key in ("POT-Creation-Date", "PO-Revision-Date"):
        po.metadata.pop(key, None)
    po.metadata_is_fuzzy = False


def apply_memory(po, memory: dict, *, overwrite: bool = False) -> int:
    """Fill entries from a memory (msgid -> msgstr, or a list of six plural forms)."""
    filled = 0
    for entry in po:
        if entry.obsolete or (translated(entry) and not overwrite):
            continue
        value = memory.get(memory_key(entry))
        if value is None:
            continue
        if entry.msgid_plural:
            if not isinstance(value, list):
                continue
            entry.msgstr_plural = dict(enumerate(value))
        elif isinstance(value, str):
            entry.msgstr = value
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        # msgmerge's guess ("#| msgid ...") no longer applies: keep the file free of it.
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    return filled


def export_memory(po) -> dict:
    memory = {}
    for entry in po:
        if not translated(entry):
            continue
        if entry.msgid_plural:
            memory[memory_key(entry)] = [
                entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)
            ]
        else:
            memory[memory_key(entry)] = entry.msgstr
    return memory


def read_memory(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write_memory(path: Path, memory: dict) -> None:
    path.write_text(json.dumps(memory, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
