"""What changed between two versions' JSON Schemas, each change classed breaking or not.

"Breaking" means data that conformed to the old schema may not conform to the new one, or a
consumer relying on the old schema loses something: a field removed, a type narrowed or
changed, a field newly required, an enum value removed (or a free value newly restricted),
extra fields newly forbidden. Adding an optional field, widening a type, adding an enum value
or dropping a requirement is not. Publishing a *minor* version with a breaking change needs the
editor's confirmation (``services.publishing``).

Only local ``$ref`` exist in hub schemas (``schema_check``), so they are followed inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

MAX_DEPTH = 30


@dataclass(frozen=True)
class SchemaChange:
    path: str  # e.g. "collections[].service"; "" is the document itself
    kind: str  # added, removed, type, required, not_required, enum_added, enum_removed, ...
    breaking: bool
    detail: str

    @property
    def where(self) -> str:
        return self.path or gettext("(the document)")


def _resolve(node: Any, root: Any, depth: int = 0) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < MAX_DEPTH:
        target: Any = root
        for part in node["$ref"].lstrip("#").split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, dict) and part in target:
                target = target[part]
            elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            else:
                return {}
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **siblings} if isinstance(target, dict) else target
        depth += 1
    return node if isinstance(node, dict) else {}


def _types(node: dict) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str)}
    if "enum" in node or "const" in node:
        return set()
    if "properties" in node:
        return {"object"}
    if "items" in node:
        return {"array"}
    return set()


def _widens(old: set[str], new: set[str]) -> bool:
    return old <= new or (old == {"integer"} and "number" in new)


def _fmt(values) -> str:
    return ", ".join(repr(v) for v in sorted(values, key=repr)[:10])


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def schema_diff(old: Any, new: Any) -> list[SchemaChange]:
    """Every change between two schema documents, in document order."""
    changes: list[SchemaChange] = []
    if not isinstance(old, dict) or not isinstance(new, dict):
        return changes
    _compare(old, new, old, new, "", changes, 0)
    return changes


def _compare(old, new, old_root, new_root, path, changes, depth) -> None:
    if depth > MAX_DEPTH:
        return
    old, new = _resolve(old, old_root), _resolve(new, new_root)
    add = changes.append
    old_t, new_t = _types(old), _types(new)
    if old_t and new_t and old_t != new_t:
        breaking = not _widens(old_t, new_t)
        add(
            SchemaChange(
                path,
                "type",
                breaking,
                gettext("type changed from %(join)s to %(join2)s")
                % {"join": " or ".join(sorted(old_t)), "join2": " or ".join(sorted(new_t))},
            )
        )
    if "enum" in old or "enum" in new:
        old_e = {repr(v) for v in old.get("enum", [])} if "enum" in old else None
        new_e = {repr(v) for v in new.get("enum", [])} if "enum" in new else None
        if old_e is None:
            add(
                SchemaChange(
                    path, "enum_restricted", True, gettext("values newly restricted to a list")
                )
            )
        elif new_e is None:
            add(
                SchemaChange(
                    path, "enum_lifted", False, gettext("values no longer restricted to a list")
                )
            )
        else:
            if old_e - new_e:
                add(
                    SchemaChange(
                        path,
                        "enum_removed",
                        True,
                        gettext("values removed: %(join)s")
                        % {"join": ", ".join(sorted(old_e - new_e))},
                    )
                )
            if new_e - old_e:
                add(
                    SchemaChange(
                        path,
                        "enum_added",
                        False,
                        gettext("values added: %(join)s")
                        % {"join": ", ".join(sorted(new_e - old_e))},
                    )
                )
    old_props = old.get("properties") if isinstance(old.get("properties"), dict) else {}
    new_props = new.get("properties") if isinstance(new.get("properties"), dict) else {}
    old_req = set(old.get("required") or []) if isinstance(old.get("required"), list) else set()
    new_req = set(new.get("required") or []) if isinstance(new.get("required"), list) else set()
    for name in old_props:
        if name not in new_props:
            add(SchemaChange(_join(path, name), "removed", True, gettext("field removed")))
    for name in new_props:
        if name not in old_props:
            required = name in new_req
            add(
                SchemaChange(
                    _join(path, name),
                    "added",
                    required,
                    gettext("field added (required)")
                    if required
                    else gettext("field added (optional)"),
                )
            )
    for name in sorted(new_req - old_req):
        if name in old_props or name not in new_props:
            add(SchemaChange(_join(path, name), "required", True, gettext("newly required")))
    for name in sorted(old_req - new_req):
        add(SchemaChange(_join(path, name), "not_required", False, gettext("no longer required")))
    if old.get("additionalProperties") is not False and new.get("additionalProperties") is False:
        add(SchemaChange(path, "closed", True, gettext("fields not in the schema are now refused")))
    if old.get("additionalProperties") is False and new.get("additionalProperties") is not False:
        add(
            SchemaChange(path, "opened", False, gettext("fields not in the schema are now allowed"))
        )
    for name in old_props:
        if name in new_props:
            _compare(
                old_props[name],
                new_props[name],
                old_root,
                new_root,
                _join(path, name),
                changes,
                depth + 1,
            )
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        _compare(old["items"], new["items"], old_root, new_root, f"{path}[]", changes, depth + 1)


def breaking_changes(changes: list[SchemaChange]) -> list[SchemaChange]:
    return [change for change in changes if change.breaking]
