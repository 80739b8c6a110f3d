"""Plain-English messages for validation errors, grouped by kind.

The raw validator text ("'x' is not of type 'integer'") is written for programmers; a council's
data officer should read "Expected a whole number, found text ("x")". Each error kind has a
group label used to count and show the first examples of each kind.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "required": _("Missing required fields"),
    "type": _("Wrong type of value"),
    "enum": _("Value not in the allowed list"),
    "const": _("Value not the fixed value"),
    "format": _("Badly formatted values (dates, emails, URIs ...)"),
    "pattern": _("Values not matching the required pattern"),
    "length": _("Text too long or too short"),
    "range": _("Numbers out of range"),
    "items": _("Lists with too many, too few or repeated items"),
    "properties": _("Fields not allowed here"),
    "combination": _("Values matching none (or more than one) of the allowed shapes"),
    "other": _("Other problems"),
}

TYPE_WORDS = {
    "string": _("text"),
    "integer": _("a whole number"),
    "number": _("a number"),
    "boolean": _("true or false"),
    "object": _("an object ({ ... })"),
    "array": _("a list ([ ... ])"),
    "null": "null",
}


def describe(value: Any) -> str:
    """A short, safe rendering of a value for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return gettext('text ("%(value)s")') % {"value": shown}
    if isinstance(value, int):
        return gettext("a whole number (%(value)s)") % {"value": value}
    if isinstance(value, float):
        return gettext("a number (%(value)s)") % {"value": format(value, "g")}
    if isinstance(value, list):
        return ngettext("a list of %(len)s item", "a list of %(len)s items", len(value)) % {
            "len": len(value)
        }
    if isinstance(value, dict):
        return gettext("an object")
    return type(value).__name__


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _types(value: Any) -> str:
    if isinstance(value, str):
        value = [value]
    words = [str(TYPE_WORDS.get(t, t)) for t in value or []]
    return " or ".join(words) or gettext("another type")


def explain(error) -> tuple[str, str]:
    """(group kind, plain-English message) for one ``jsonschema_rs.ValidationError``."""
    kind = error.kind
    name = type(kind).__name__
    instance = error.instance
    if name == "Required":
        return "required", gettext('The required field "%(property)s" is missing.') % {
            "property": kind.property
        }
    if name == "Type":
        return (
            "type",
            gettext("Expected %(_types)s, found %(describe)s.")
            % {"_types": _types(getattr(kind, "types", None)), "describe": describe(instance)},
        )
    if name == "Enum":
        options = ", ".join(_short(o) for o in (kind.options or [])[:10])
        return (
            "enum",
            gettext("%(describe)s is not one of the allowed values: %(options)s.")
            % {"describe": describe(instance).capitalize(), "options": options},
        )
    if name == "Constant":
        return "const", gettext("Must be exactly %(_short)s.") % {
            "_short": _short(kind.expected_value)
        }
    if name == "Format":
        return "format", gettext('%(describe)s is not a valid "%(format)s".') % {
            "describe": describe(instance).capitalize(),
            "format": kind.format,
        }
    if name == "Pattern":
        return (
            "pattern",
            gettext("%(describe)s does not match the pattern %(pattern)s.")
            % {"describe": describe(instance).capitalize(), "pattern": kind.pattern},
        )
    if name in {"MinLength", "MaxLength"}:
        more = gettext("at least") if name == "MinLength" else gettext("at most")
        return "length", gettext("Must be %(more)s %(limit)s characters; it has %(len)s.") % {
            "more": more,
            "limit": kind.limit,
            "len": len(instance),
        }
    if name in {"Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum", "MultipleOf"}:
        words = {
            "Minimum": gettext("at least"),
            "Maximum": gettext("at most"),
            "ExclusiveMinimum": gettext("more than"),
            "ExclusiveMaximum": gettext("less than"),
            "MultipleOf": gettext("a multiple of"),
        }[name]
        limit = getattr(kind, "limit", getattr(kind, "multiple_of", ""))
        return "range", gettext("Must be %(words)s %(limit)s; it is %(_short)s.") % {
            "words": words,
            "limit": limit,
            "_short": _short(instance),
        }
    if name in {"MinItems", "MaxItems", "UniqueItems", "Contains", "AdditionalItems"}:
        if name == "UniqueItems":
            return "items", gettext("Items in this list must all be different.")
        if name == "MinItems":
            return "items", gettext("Needs at least %(limit)s items; it has %(len)s.") % {
                "limit": kind.limit,
                "len": len(instance),
            }
        if name == "MaxItems":
            return "items", gettext("Allows at most %(limit)s items; it has %(len)s.") % {
                "limit": kind.limit,
                "len": len(instance),
            }
        return "items", gettext("The list does not contain the items required.")
    if name in {"AdditionalProperties", "UnevaluatedProperties"}:
        names = ", ".join(f'"{n}"' for n in (getattr(kind, "unexpected", None) or [])[:10])
        return "properties", gettext("Fields not allowed here: %(names)s.") % {"names": names}
    if name in {"MinProperties", "MaxProperties", "PropertyNames"}:
        return "properties", error.message[:300]
    if name in {"AnyOf", "OneOfNotValid", "OneOfMultipleValid", "Not", "FalseSchema"}:
        if name == "OneOfMultipleValid":
            return "combination", gettext(
                "Matches more than one of the allowed shapes; it must match one."
            )
        if name == "FalseSchema":
            return "properties", gettext("Nothing is allowed here.")
        return "combination", gettext("Does not match any of the allowed shapes.")
    return "other", error.message[:300]
