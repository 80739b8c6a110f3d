"""Checking the machine-readable parts of a standard when an editor saves them.

Three kinds of part: a JSON Schema (draft 2020-12) for the data, an example document, and an
OpenAPI 3.1 description of the endpoint. Each is JSON text kept exactly as typed; saving checks
that it parses and, for schemas and OpenAPI, that it is a valid document of its kind. The first
problem is reported with where it is (line and column for JSON syntax, a JSON Pointer for the
schema rules), so the editor can fix it without losing their text.

Only local references (``"$ref": "#/..."``) are allowed: the hub never fetches another document
while checking or validating (no remote ``$ref``, no network access from a schema).
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
from django.utils.translation import gettext

JSON_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema"
MAX_DEPTH = 64


class PartError(Exception):
    """A part that cannot be saved; ``message`` says exactly what and where."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def pointer(parts) -> str:
    """A JSON Pointer (RFC 6901) for a path of keys and indexes; "" is the whole document."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _refuse_constant(name: str):
    raise ValueError(gettext("%(name)s is not allowed in JSON") % {"name": name})


def parse_json(text: str) -> Any:
    """Parse JSON text; ``PartError`` names the line and column of a syntax error."""
    if not text.strip():
        raise PartError(gettext("Enter the JSON text."))
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise PartError(
            gettext("Not valid JSON: line %(lineno)s, column %(colno)s: %(msg)s.")
            % {"lineno": error.lineno, "colno": error.colno, "msg": error.msg}
        ) from error
    except (ValueError, RecursionError) as error:
        raise PartError(gettext("Not valid JSON: %(error)s.") % {"error": error}) from error


def _walk_refs(node: Any, path: list, depth: int = 0):
    if depth > MAX_DEPTH:
        raise PartError(
            gettext("Nested more than %(MAX_DEPTH)s levels deep at %(or)s.")
            % {"MAX_DEPTH": MAX_DEPTH, "or": pointer(path) or "/"}
        )
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                raise PartError(
                    gettext(
                        "At %(pointer)s: only references inside this document (starting with #) are allowed, not '%(value)s'."
                    )
                    % {"pointer": pointer([*path, key]), "value": value[:100]}
                )
            _walk_refs(value, [*path, key], depth + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk_refs(value, [*path, index], depth + 1)


def compile_schema(schema: Any):
    """A validator for a checked schema: 2020-12 rules, formats checked, never online."""
    return jsonschema_rs.validator_for(schema, validate_formats=True, offline=True)


def check_json_schema(schema: Any) -> None:
    """Refuse anything that is not a usable JSON Schema 2020-12 document."""
    if not isinstance(schema, dict):
        raise PartError(gettext("A JSON Schema must be a JSON object ({ ... })."))
    declared = schema.get("$schema")
    if declared is not None and declared.rstrip("#") != JSON_SCHEMA_2020_12:
        raise PartError(
            gettext(
                '"$schema" must be "%(JSON_SCHEMA_2020_12)s" (JSON Schema 2020-12); it is \'%(declared)s\'.'
            )
            % {"JSON_SCHEMA_2020_12": JSON_SCHEMA_2020_12, "declared": str(declared)[:100]}
        )
    _walk_refs(schema, [])
    schema = {"$schema": JSON_SCHEMA_2020_12, **schema}
    try:
        jsonschema_rs.meta.validate(schema)
    except jsonschema_rs.ValidationError as error:
        where = pointer(error.instance_path) or gettext("the top level")
        raise PartError(
            gettext("Not a valid JSON Schema: at %(where)s: %(message)s.")
            % {"where": where, "message": error.message}
        ) from error
    try:
        compile_schema(schema)
    except (jsonschema_rs.ValidationError, ValueError) as error:
        first = str(error).splitlines()[0]
        raise PartError(
            gettext("Not a usable JSON Schema: %(first)s.") % {"first": first}
        ) from error


def check_openapi(document: Any) -> None:
    """Refuse anything that is not a valid OpenAPI 3.1 description."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    if not isinstance(document, dict):
        raise PartError(gettext("An OpenAPI description must be a JSON object ({ ... })."))
    version = str(document.get("openapi", ""))
    if not version.startswith("3.1"):
        raise PartError(
            gettext('"openapi" must be "3.1.x"; it is \'%(version)s\'.') % {"version": version[:20]}
        )
    _walk_refs(document, [])
    errors = OpenAPIV31SpecValidator(document).iter_errors()
    first = next(iter(errors), None)
    if first is not None:
        where = pointer(getattr(first, "absolute_path", [])) or gettext("the top level")
        raise PartError(
            gettext("Not a valid OpenAPI 3.1 description: at %(where)s: %(message)s.")
            % {"where": where, "message": first.message}
        )


def check_part(kind: str, text: str) -> Any:
    """Parse and check one part's text; returns the parsed document."""
    document = parse_json(text)
    if kind == "schema":
        check_json_schema(document)
    elif kind == "openapi":
        check_openapi(document)
    else:
        _walk_refs(document, [])
    return document
