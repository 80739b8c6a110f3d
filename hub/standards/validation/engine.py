"""Validate a JSON document against a schema and build the report people read.

Large files are streamed, never loaded whole: when the document is an array of records (or an
object whose schema declares one array property of records), the file is read once in chunks,
each record is parsed by ijson's C backend and validated on its own by jsonschema-rs
(``docs/decisions/0130-validation-library.md``), and only the report is kept. Memory is a chunk,
a batch of records and the report, whatever the file size. Anything else is parsed whole (it is
bounded by the upload limit).

Fields present that the schema does not define come from a second, "strict" copy of the schema
with ``unevaluatedProperties: false`` added to every object schema that leaves extra fields
open; it runs only on records that the compiled checks flag, so conformant records cost two
native ``is_valid`` calls.
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

import ijson
from django.utils.translation import gettext

from hub.standards.schema_check import JSON_SCHEMA_2020_12, compile_schema, pointer
from hub.standards.validation.report import Report

CHUNK_BYTES = 1 << 20
ROOT_KEY = "__hub_document__"
REF_HOMES = ("components", "definitions")
COMBINATORS = {"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"}


class InputError(Exception):
    """The input cannot be validated (not JSON, empty ...): ``message`` says why, plainly."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Target:
    """What a document is validated against: a schema part, or an OpenAPI response schema."""

    key: str  # "schema" (a part name) or "openapi:GET /bin-collections:200"
    label: str
    schema: dict
    operation: dict | None = None  # method, path, status, content_type (OpenAPI only)


# --- Schemas prepared for record-by-record validation -----------------------------------------


def _resolve(schema: dict, node: Any, at: str) -> tuple[Any, str]:
    for _ in range(20):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, at
        ref = node["$ref"]
        target: Any = schema
        for part in ref.lstrip("#").split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        node, at = target, ref.lstrip("#")
    return node, at


def _types(node: dict) -> set:
    declared = node.get("type")
    return {declared} if isinstance(declared, str) else set(declared or [])


def _strict_copy(schema: Any) -> Any:
    """The schema with extra fields refused wherever it leaves them open, to find fields the
    schema does not define. Combinator branches are left alone: ``unevaluatedProperties`` at
    their parent already sees what each branch evaluated."""
    schema = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if not isinstance(node, dict):
            return
        is_object = "properties" in node or "object" in _types(node)
        if (
            is_object
            and not {
                "additionalProperties",
                "unevaluatedProperties",
                "patternProperties",
            }
            & node.keys()
        ):
            node["unevaluatedProperties"] = False
        for key, value in node.items():
            if key in COMBINATORS:
                continue
            if key in {"properties", "$defs", "definitions", "dependentSchemas"} and isinstance(
                value, dict
            ):
                for child in value.values():
                    visit(child)
            elif key in {"items", "additionalProperties", "contains"}:
                visit(value)
            elif key == "prefixItems" and isinstance(value, list):
                for child in value:
                    visit(child)

    visit(schema)
    return schema


def _record_wrapper(schema: dict, at: str) -> dict:
    """A schema for one record: the whole document embedded under $defs (so "#/$defs/..."
    references keep working) and a reference to the record's subschema."""
    embedded = {k: v for k, v in schema.items() if k not in {"$id", "$schema"}}
    defs = dict(schema.get("$defs") or {})
    defs[ROOT_KEY] = embedded
    wrapper = {"$schema": JSON_SCHEMA_2020_12, "$defs": defs, "$ref": f"#/$defs/{ROOT_KEY}{at}"}
    for key in REF_HOMES:
        if key in schema:
            wrapper[key] = schema[key]  # "#/components/..." (OpenAPI) and "#/definitions/..."
    return wrapper


@dataclass
class Plan:
    mode: str  # "array" | "object" | "whole"
    prefix: str = ""  # ijson prefix of the records
    records_key: str = ""  # object mode: the property holding the records
    pointer_prefix: str = ""


def _plan(schema: dict, first_byte: bytes) -> Plan:
    root, _ = _resolve(schema, schema, "")
    if not isinstance(root, dict):
        return Plan("whole")
    if first_byte == b"[":
        items, _ = _resolve(schema, root.get("items"), "/items")
        if isinstance(items, dict) and "array" in (_types(root) or {"array"}):
            return Plan("array", "item", "", "")
    if first_byte == b"{" and isinstance(root.get("properties"), dict):
        for name, sub in root["properties"].items():
            resolved, _ = _resolve(schema, sub, f"/properties/{name}")
            if (
                isinstance(resolved, dict)
                and "array" in _types(resolved)
                and isinstance(resolved.get("items"), dict)
                and re.fullmatch(r"[A-Za-z0-9_\-]+", name)
            ):
                return Plan("object", f"{name}.item", name, "/" + name)
    return Plan("whole")


def _items_at(schema: dict, plan: Plan) -> str:
    if plan.mode == "array":
        _root, at = _resolve(schema, schema, "")
        return f"{at}/items"
    root, root_at = _resolve(schema, schema, "")
    _prop, at = _resolve(
        schema, root["properties"][plan.records_key], f"{root_at}/properties/{plan.records_key}"
    )
    return f"{at}/items"


# --- Validation ----------------------------------------------------------------------------


def _check(validator, strict, value, at: str, report: Report) -> None:
    # The strict schema only adds constraints, so one native call clears a clean record.
    if strict is not None and strict.is_valid(value):
        return
    strictly_valid = strict is None
    valid = validator.is_valid(value)
    if valid and strictly_valid:
        return
    seen_extra: set[tuple[str, str]] = set()
    for error in () if valid else validator.iter_errors(value):
        where = at + pointer(error.instance_path)
        report.add_error(where, error)
        if type(error.kind).__name__ in {"AdditionalProperties", "UnevaluatedProperties"}:
            seen_extra |= {(where, n) for n in getattr(error.kind, "unexpected", [])}
    if strictly_valid:
        return
    for error in strict.iter_errors(value):
        if type(error.kind).__name__ != "UnevaluatedProperties":
            continue
        where = at + pointer(error.instance_path)
        names = [n for n in error.kind.unexpected if (where, n) not in seen_extra]
        if names:
            report.add_undefined(where, names)


def _loads(data: bytes) -> Any:
    try:
        return json.loads(data)
    except UnicodeDecodeError as error:
        raise InputError(gettext("The file is not UTF-8 text, so it cannot be JSON.")) from error
    except json.JSONDecodeError as error:
        raise InputError(
            gettext("This is not valid JSON: line %(lineno)s, column %(colno)s: %(msg)s.")
            % {"lineno": error.lineno, "colno": error.colno, "msg": error.msg}
        ) from error
    except RecursionError as error:
        raise InputError(gettext("The JSON is nested too deeply to check.")) from error


def validate_stream(
    stream: IO[bytes],
    *,
    target: Target,
    size: int,
    keep_text_below: int = 5 * 1024 * 1024,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Validate the JSON read from ``stream`` (``size`` bytes) against ``target``.

    ``progress(bytes_read)`` is called after each chunk. Raises ``InputError`` for input that is
    not JSON; never anything else for bad input.
    """
    report = Report(target=target.label)
    head = stream.read(CHUNK_BYTES)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise InputError(gettext("The input is empty: paste or upload a JSON document."))
    plan = _plan(target.schema, stripped[:1])
    keep_text = size <= keep_text_below
    if plan.mode == "whole":
        chunks = [head]
        done = len(head)
        while chunk := stream.read(CHUNK_BYTES):
            chunks.append(chunk)
            done += len(chunk)
            if progress:
                progress(done)
        data = b"".join(chunks)
        del chunks
        if not keep_text:
            report.positions_note = _no_positions(keep_text_below)
        return _validate_whole(data, target, report, place=keep_text)
    items_at = _items_at(target.schema, plan)
    validator = compile_schema(_record_wrapper(target.schema, items_at))
    strict = _strict(_record_wrapper(_strict_copy(target.schema), items_at))
    reader = _Reader(stream, head, progress=progress, keep=keep_text)
    if plan.mode == "object":
        root, _ = _resolve(target.schema, target.schema, "")
        for name in root.get("properties", {}):
            if name != plan.records_key and re.fullmatch(r"[A-Za-z0-9_\-]+", name):
                reader.watch(name)
    index = 0
    try:
        for record in ijson.items(reader, plan.prefix, use_float=True, buf_size=CHUNK_BYTES):
            _check(validator, strict, record, f"{plan.pointer_prefix}/{index}", report)
            index += 1
    except ijson.JSONError as error:
        if keep_text:  # small input: the standard parser names the line and column
            _loads(b"".join(reader.kept) + _rest(stream))
        raise InputError(
            gettext("This is not valid JSON (after record %(index)s): %(splitlines)s.")
            % {"index": index, "splitlines": str(error).splitlines()[0]}
        ) from error
    envelope_parts = reader.finish()
    if index == 0 and keep_text:
        # No records: the document may lack the records field altogether, which only a check
        # of the whole (small) document can say.
        return _validate_whole(b"".join(reader.kept), target, report)
    report.records = index
    _check_outside_records(target.schema, plan, index, envelope_parts, report)
    if keep_text:
        report.place(b"".join(reader.kept).decode("utf-8-sig", errors="replace"))
    else:
        report.positions_note = _no_positions(keep_text_below)
    return report


def _rest(stream) -> bytes:
    """What is left of a small input after the parser stopped at an error."""
    return stream.read(STANDARD_REST_LIMIT)


STANDARD_REST_LIMIT = 8 * 1024 * 1024


def _validate_whole(data: bytes, target: Target, report: Report, *, place: bool = True):
    document = _loads(data)
    report.records = len(document) if isinstance(document, list) else 1
    _check(compile_schema(target.schema), _strict(target.schema), document, "", report)
    if place:
        report.place(data.decode("utf-8-sig"))
    return report


class _Reader:
    """The one read of the input: reports progress, keeps the text of small input for line and
    column, and feeds the fields beside the records to small parsers that stop (and stop being
    fed) as soon as each field is found, usually in the first chunk."""

    def __init__(self, stream, head: bytes, *, progress, keep: bool):
        self.stream, self.pending, self.progress = stream, head, progress
        self.done = 0
        self.kept: list[bytes] = []
        self.keep = keep
        self.watched: list[tuple[str, list, Any]] = []
        self.found: dict[str, Any] = {}

    def watch(self, name: str) -> None:
        sink = ijson.sendable_list()
        self.watched.append((name, sink, ijson.items_coro(sink, name, use_float=True)))

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes with read(0) to tell bytes from text
        if self.pending:
            chunk, self.pending = self.pending, b""
        else:
            chunk = self.stream.read(CHUNK_BYTES)
        if not chunk:
            return b""
        self.done += len(chunk)
        if self.keep:
            self.kept.append(chunk)
        for item in list(self.watched):
            name, sink, coro = item
            try:
                coro.send(chunk)
            except ijson.JSONError:
                self.watched.remove(item)  # the main parser reports the syntax error
                continue
            if sink:
                self.found[name] = sink[0]
                self.watched.remove(item)
        if self.progress:
            self.progress(self.done)
        return chunk

    def finish(self) -> dict:
        for name, sink, coro in self.watched:
            try:
                coro.close()
            except ijson.JSONError:
                continue
            if sink:
                self.found[name] = sink[0]
        return self.found


def _no_positions(limit: int) -> str:
    return gettext(
        "Line and column are given for files up to %(limit)s MB; for this file use each error's JSON Pointer."
    ) % {"limit": limit // (1024 * 1024)}


def _strict(schema: dict):
    return compile_schema(_strict_copy(schema))


def _check_outside_records(schema: dict, plan: Plan, count: int, envelope: dict, report) -> None:
    """What record-by-record validation cannot see: the number of records and, for an object,
    the fields beside the records."""
    if plan.mode == "array":
        root, _ = _resolve(schema, schema, "")
        shell = {k: root[k] for k in ("minItems", "maxItems") if k in root}
        if shell:
            shell_validator = compile_schema({"$schema": JSON_SCHEMA_2020_12, **shell})
            for error in shell_validator.iter_errors([None] * min(count, 10_000_000)):
                report.add_error("", error)
        return
    root, _ = _resolve(schema, schema, "")
    outer = copy.deepcopy(root)
    outer.get("properties", {}).pop(plan.records_key, None)
    if "required" in outer:
        outer["required"] = [r for r in outer["required"] if r != plan.records_key]
    outer.pop("additionalProperties", None)  # unseen fields are not listed in streaming mode
    outer.pop("unevaluatedProperties", None)
    for key in ("$defs", *REF_HOMES):
        if key in schema:
            outer[key] = schema[key]
    _check(compile_schema(outer), None, envelope, "", report)


def validate_bytes(data: bytes, *, target: Target) -> Report:
    """Validate a small in-memory document (a paste, an endpoint's answer)."""
    return validate_stream(io.BytesIO(data), target=target, size=len(data))
