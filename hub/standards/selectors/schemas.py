"""The machine-readable parts of drafts and versions, the schema diff, validator targets."""

from __future__ import annotations

import json

from hub.standards.models import PartKind, SchemaPart, Standard, StandardVersion
from hub.standards.schema_diff import SchemaChange, schema_diff
from hub.standards.validation.engine import Target
from hub.standards.validation.openapi import openapi_targets


def draft_parts(standard: Standard) -> list[SchemaPart]:
    return list(
        SchemaPart.objects.filter(standard=standard, version__isnull=True).select_related(
            "updated_by__profile"
        )
    )


def draft_part(standard: Standard, name: str) -> SchemaPart | None:
    return SchemaPart.objects.filter(standard=standard, version__isnull=True, name=name).first()


def version_parts(version: StandardVersion | None) -> list[SchemaPart]:
    if version is None:
        return []
    cached = getattr(version, "_parts", None)
    if cached is None:
        cached = list(SchemaPart.objects.filter(version=version))
        version._parts = cached
    return cached


def version_part(version: StandardVersion, name: str) -> SchemaPart | None:
    return next((p for p in version_parts(version) if p.name == name), None)


def main_schema(parts: list[SchemaPart]) -> SchemaPart | None:
    """The data schema: the part named "schema" if there is one, else the first schema part.
    It is served at ``.../v/<n>/schema.json`` and compared between versions."""
    schemas = [p for p in parts if p.kind == PartKind.SCHEMA]
    return next((p for p in schemas if p.name == "schema"), schemas[0] if schemas else None)


def parts_signature(parts: list[SchemaPart]) -> list[tuple[str, str, str]]:
    return sorted((p.name, p.kind, p.text) for p in parts)


def schema_changes(old_parts: list[SchemaPart], new_parts: list[SchemaPart]) -> list[SchemaChange]:
    """Changes between the data schemas of two versions (or a version and the draft)."""
    old, new = main_schema(old_parts), main_schema(new_parts)
    if old is None or new is None:
        return []
    return schema_diff(json.loads(old.text), json.loads(new.text))


def validation_targets(version: StandardVersion) -> list[Target]:
    """What the version's validator can check data against: each JSON Schema part, then each
    JSON response of each OpenAPI operation."""
    parts = version_parts(version)
    main = main_schema(parts)
    targets = []
    for part in sorted(parts, key=lambda p: (p is not main, p.name)):
        if part.kind == PartKind.SCHEMA:
            targets.append(Target(key=part.name, label=part.filename, schema=json.loads(part.text)))
    for part in parts:
        if part.kind == PartKind.OPENAPI:
            targets.extend(openapi_targets(part.name, json.loads(part.text)))
    return targets


def validation_target(version: StandardVersion, key: str) -> Target | None:
    targets = validation_targets(version)
    if not key:
        return targets[0] if targets else None
    return next((t for t in targets if t.key == key), None)


def openapi_part(version: StandardVersion) -> SchemaPart | None:
    return next((p for p in version_parts(version) if p.kind == PartKind.OPENAPI), None)
