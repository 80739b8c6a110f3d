"""Plain-English messages for validation errors, grouped by kind.

The raw validator text ("'x' is not of type 'integer'") is written for programmers; a council's
data officer should read "Expected a whole number, found text ("x")". Each error kind has a
group label used to count and show the first examples of each kind.
"""

from __future__ import annotations

import json
from typing import Any

KIND_LABELS = {
    "required": "Missing required fields",
    "type": "Wrong type of value",
    "enum": "Value not in the allowed list",
    "const": "Value not the fixed value",
    "format": "Badly formatted values (dates, emails, URIs ...)",
    "pattern": "Values not matching the required pattern",
    "length": "Text too long or too short",
    "range": "Numbers out of range",
    "items": "Lists with too many, too few or repeated items",
    "properties": "Fields not allowed here",
    "combination": "Values matching none (or more than one) of the allowed shapes",
    "other": "Other problems",
}

TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object ({ ... })",
    "array": "a list ([ ... ])",
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
        return f'text ("{shown}")'
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value:g})"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _types(value: Any) -> str:
    if isinstance(value, str):
        value = [value]
    words = [TYPE_WORDS.get(t, t) for t in value or []]
    return " or ".join(words) or "another type"


def explain(error) -> tuple[str, str]:
    """(group kind, plain-English message) for one ``jsonschema_rs.ValidationError``."""
    kind = error.kind
    name = type(kind).__name__
    instance = error.instance
    if name == "Required":
        return "required", f'The required field "{kind.property}" is missing.'
    if name == "Type":
        return (
            "type",
            f"Expected {_types(getattr(kind, 'types', None))}, found {describe(instance)}.",
        )
    if name == "Enum":
        options = ", ".join(_short(o) for o in (kind.options or [])[:10])
        return (
            "enum",
            f"{describe(instance).capitalize()} is not one of the allowed values: {options}.",
        )
    if name == "Constant":
        return "const", f"Must be exactly {_short(kind.expected_value)}."
    if name == "Format":
        return "format", f'{describe(instance).capitalize()} is not a valid "{kind.format}".'
    if name == "Pattern":
        return (
            "pattern",
            f"{describe(instance).capitalize()} does not match the pattern {kind.pattern}.",
        )
    if name in {"MinLength", "MaxLength"}:
        more = "at least" if name == "MinLength" else "at most"
        return "length", f"Must be {more} {kind.limit} characters; it has {len(instance)}."
    if name in {"Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum", "MultipleOf"}:
        words = {
            "Minimum": "at least",
            "Maximum": "at most",
            "ExclusiveMinimum": "more than",
            "ExclusiveMaximum": "less than",
            "MultipleOf": "a multiple of",
        }[name]
        limit = getattr(kind, "limit", getattr(kind, "multiple_of", ""))
        return "range", f"Must be {words} {limit}; it is {_short(instance)}."
    if name in {"MinItems", "MaxItems", "UniqueItems", "Contains", "AdditionalItems"}:
        if name == "UniqueItems":
            return "items", "Items in this list must all be different."
        if name == "MinItems":
            return "items", f"Needs at least {kind.limit} items; it has {len(instance)}."
        if name == "MaxItems":
            return "items", f"Allows at most {kind.limit} items; it has {len(instance)}."
        return "items", "The list does not contain the items required."
    if name in {"AdditionalProperties", "UnevaluatedProperties"}:
        names = ", ".join(f'"{n}"' for n in (getattr(kind, "unexpected", None) or [])[:10])
        return "properties", f"Fields not allowed here: {names}."
    if name in {"MinProperties", "MaxProperties", "PropertyNames"}:
        return "properties", error.message[:300]
    if name in {"AnyOf", "OneOfNotValid", "OneOfMultipleValid", "Not", "FalseSchema"}:
        if name == "OneOfMultipleValid":
            return "combination", "Matches more than one of the allowed shapes; it must match one."
        if name == "FalseSchema":
            return "properties", "Nothing is allowed here."
        return "combination", "Does not match any of the allowed shapes."
    return "other", error.message[:300]
