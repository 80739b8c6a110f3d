"""A pseudo-locale for finding interface text that skipped translation.

Under ``pseudo_welsh()`` every string that goes through gettext (ours, Django's, allauth's)
comes back with its letters swapped for accented look-alikes ("Sign in" -> "Şīɠƞ īƞ"), while
placeholders, HTML tags and entities are kept. A rendered page should then hold no plain
English words except names and content, which tests list as ``allowed``. ``leaks()`` returns
the words left over, with where they were found.
"""

from __future__ import annotations

import contextlib
import gettext
import re
from html.parser import HTMLParser

from django.utils import translation
from django.utils.translation import trans_real

_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOOKALIKE = "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ"
_PSEUDO = str.maketrans(_LATIN, _LOOKALIKE)
# Kept as they are: %(name)s and %s placeholders, {name}, HTML tags and entities.
_PROTECTED = re.compile(r"%\([^)]*\)[sdfir]|%[sdfir%]|\{[^{}]*\}|<[^>]*>|&[#\w]+;")
# Text that is never interface text: web and email addresses.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_WORD = re.compile(r"[A-Za-z]{2,}")
# Attributes whose text people read or hear.
_TEXT_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "aria-description")
_SKIPPED_ELEMENTS = {"script", "style", "template", "code", "pre"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


def pseudo(text: str) -> str:
    out, pos = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(text[pos : match.start()].translate(_PSEUDO))
        out.append(match.group())
        pos = match.end()
    out.append(text[pos:].translate(_PSEUDO))
    return "".join(out)


class PseudoTranslation(gettext.NullTranslations):
    """Stands in for Django's Welsh catalogue (same language code, so Welsh formats apply).

    It remembers every message it was asked for (``asked``), so a test can then check that
    the real Welsh catalogues translate each one: a library's strings (allauth has no Welsh)
    pass the pseudo-locale but need Welsh in ours.
    """

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str | tuple[str, int]] = set()

    def gettext(self, message):
        self.asked.add(message)
        # pgettext asks for "context\x04message"; answering without the separator means found.
        return pseudo(message.split("\x04", 1)[-1])

    def ngettext(self, singular, plural, n):
        self.asked.add((singular, 0))
        return pseudo((singular if n == 1 else plural).split("\x04", 1)[-1])

    def to_language(self):
        return "cy"


@contextlib.contextmanager
def pseudo_welsh():
    """Make "cy" the pseudo-locale for the duration (the real catalogue is restored after)."""
    trans_real.translation("cy")  # make sure the real one is loaded, to put back afterwards
    real = trans_real._translations["cy"]
    fake = trans_real._translations["cy"] = PseudoTranslation()
    try:
        yield fake
    finally:
        trans_real._translations["cy"] = real
        translation.deactivate()


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.found: list[tuple[str, str]] = []  # (where, text)

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (
            self._skipping()
            or tag in _SKIPPED_ELEMENTS
            or attrs.get("translate") == "no"
            # Content in another language says so (lang="en-GB" on an English post, or the
            # language switcher's "English" link); the page's own lang is on <html>.
            or (tag != "html" and attrs.get("lang") not in (None, "cy"))
        )
        if not skipped:
            for name in _TEXT_ATTRIBUTES:
                if attrs.get(name):
                    self.found.append((f"<{tag} {name}>", attrs[name]))
            kind = (attrs.get("type") or "").lower()
            if tag == "input" and kind in {"submit", "button", "reset"} and attrs.get("value"):
                self.found.append((f"<{tag} value>", attrs["value"]))
        if tag not in _VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._skipping():
            where = self.stack[-1][0] if self.stack else "document"
            self.found.append((f"<{where}>", data.strip()))


def leaks(html: str, allowed: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Plain English words in a page rendered under ``pseudo_welsh()``, with their context."""
    collector = _TextCollector()
    collector.feed(html)
    problems = []
    for where, text in collector.found:
        remainder = _ADDRESS.sub(" ", text)
        for name in sorted(allowed, key=len, reverse=True):
            remainder = remainder.replace(name, " ")
        words = _WORD.findall(remainder)
        if words:
            problems.append(f"{where} {text[:120]!r}: {' '.join(words[:8])}")
    return problems


def missing_welsh(asked) -> list[str]:
    """Messages gettext was asked for that no Welsh catalogue (ours, Django's) translates."""
    catalog = trans_real.translation("cy")._catalog
    missing = []
    for key in asked:
        message = key[0] if isinstance(key, tuple) else key
        if not message.strip() or catalog.get(key) is not None:
            continue
        missing.append(message.replace("\x04", " | "))
    return sorted(missing)
