"""The report a validation produces: errors grouped by kind, undefined fields, positions."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from hub.standards.validation.messages import KIND_LABELS, explain
from hub.standards.validation.positions import locate

MAX_LISTED_ERRORS = 500
EXAMPLES_PER_KIND = 5
MAX_UNDEFINED_PATHS = 100


@functools.lru_cache(maxsize=4096)
def _general(at: str) -> str:
    """The pointer with array indexes as ``*``: one line per field, not per record."""
    return re.sub(r"/\d+(?=/|$)", "/*", at)


@dataclass
class Report:
    target: str
    records: int = 0
    error_count: int = 0
    by_kind: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    undefined: dict = field(default_factory=dict)  # generalised path -> [count, first pointer]
    operations: list = field(default_factory=list)
    positions_note: str = ""

    def add_error(self, at: str, error) -> None:
        kind, message = explain(error)
        self.error_count += 1
        self.by_kind[kind] += 1
        item = {"pointer": at, "kind": kind, "message": message}
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(item)
        examples = self.examples.setdefault(kind, [])
        if len(examples) < EXAMPLES_PER_KIND:
            examples.append(item)

    def add_undefined(self, at: str, names) -> None:
        general = _general(at)
        for name in names:
            key = f"{general}/{name}"
            entry = self.undefined.get(key)
            if entry is None:
                if len(self.undefined) >= MAX_UNDEFINED_PATHS:
                    continue
                entry = self.undefined[key] = [0, f"{at}/{name}"]
            entry[0] += 1

    @property
    def conforms(self) -> bool:
        return self.error_count == 0 and all(op.get("conforms", True) for op in self.operations)

    def place(self, text: str) -> None:
        """Add line and column to every listed error and example."""
        wanted = {e["pointer"] for e in self.errors}
        wanted |= {e["pointer"] for items in self.examples.values() for e in items}
        wanted |= {first for _, first in self.undefined.values()}
        found = locate(text, wanted)
        for item in [*self.errors, *(e for items in self.examples.values() for e in items)]:
            item["line"], item["column"] = found.get(item["pointer"], (None, None))
        for entry in self.undefined.values():
            entry[2:] = list(found.get(entry[1], (None, None)))

    def as_dict(self) -> dict:
        return {
            "target": self.target,
            "conforms": self.conforms,
            "records": self.records,
            "error_count": self.error_count,
            "groups": [
                {
                    "kind": kind,
                    "label": str(KIND_LABELS.get(kind, kind)),
                    "count": count,
                    "examples": self.examples.get(kind, []),
                }
                for kind, count in self.by_kind.most_common()
            ],
            "errors": self.errors,
            "errors_truncated": self.error_count > len(self.errors),
            "undefined_fields": [
                {
                    "path": path,
                    "count": entry[0],
                    "first": entry[1],
                    "line": entry[2] if len(entry) > 2 else None,
                    "column": entry[3] if len(entry) > 3 else None,
                }
                for path, entry in sorted(self.undefined.items())
            ],
            "operations": self.operations,
            "positions_note": self.positions_note,
        }
