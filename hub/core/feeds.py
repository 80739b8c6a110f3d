"""Atom feeds that cannot be broken by what members type.

XML 1.0 has no way to carry most C0 control characters, and Django's feed writer raises on
them. One title with a stray ``\\x0b`` (pasted from Word, or sent by a syndicated blog) would
otherwise turn a whole feed into a server error for every reader.
"""

import re

from django.utils.feedgenerator import Atom1Feed

# Everything below U+0020 except tab, newline and carriage return, plus the two non-characters
# U+FFFE/U+FFFF, which XML 1.0 also forbids.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value):
    """``value`` with characters XML 1.0 cannot carry removed (non-strings unchanged)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _clean(value):
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return xml_safe(value)


class SafeAtom1Feed(Atom1Feed):
    """``Atom1Feed`` that drops XML-illegal characters from every text it is given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*(_clean(a) for a in args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*(_clean(a) for a in args), **{k: _clean(v) for k, v in kwargs.items()})
