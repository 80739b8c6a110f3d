"""The demo bin-collection standard's machine-readable parts, and sample data for it.

Used by ``seed_demo`` (two published versions with a breaking change between them), the tests'
loopback endpoints and ``bench/validate.py``. Plain data and functions: no Django imports.
"""

from __future__ import annotations

import copy
import json
import random

SCHEMA_V1 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Bin collection days",
    "description": "Upcoming bin collections for properties in one council's area.",
    "type": "object",
    "required": ["council", "generated_at", "records"],
    "properties": {
        "council": {"type": "string", "pattern": "^[EWSN][0-9]{8}$", "description": "GSS code"},
        "generated_at": {"type": "string", "format": "date-time"},
        "records": {"type": "array", "items": {"$ref": "#/$defs/property"}},
    },
    "$defs": {
        "property": {
            "type": "object",
            "required": ["uprn", "collections"],
            "properties": {
                "uprn": {"type": "string", "pattern": "^[0-9]{1,12}$"},
                "address": {
                    "type": "object",
                    "properties": {
                        "line1": {"type": "string"},
                        "town": {"type": "string"},
                        "postcode": {"type": "string", "maxLength": 8},
                    },
                },
                "collections": {"type": "array", "items": {"$ref": "#/$defs/collection"}},
            },
        },
        "collection": {
            "type": "object",
            "required": ["service", "date"],
            "properties": {
                "service": {"enum": ["refuse", "recycling", "garden", "food"]},
                "date": {"type": "string", "format": "date"},
                "frequency": {"enum": ["weekly", "fortnightly", "four-weekly"]},
                "notes": {"type": "string", "maxLength": 500},
            },
        },
    },
}


def _schema_v2() -> dict:
    """2.0: each collection must name its round, and "food" became "food-waste" (breaking)."""
    schema = copy.deepcopy(SCHEMA_V1)
    collection = schema["$defs"]["collection"]
    collection["required"] = ["service", "date", "round"]
    collection["properties"]["service"]["enum"] = ["refuse", "recycling", "garden", "food-waste"]
    collection["properties"]["round"] = {"type": "string", "maxLength": 20}
    return schema


SCHEMA_V2 = _schema_v2()

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "Bin collection days API", "version": "1.0"},
    "paths": {
        "/bin-collections": {
            "get": {
                "operationId": "getBinCollections",
                "parameters": [
                    {"name": "uprn", "in": "query", "required": False, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "Collections for the council, or one property",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/CollectionDays"}
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {"schemas": {}},  # filled by openapi_for()
}

SERVICES_V1 = ["refuse", "recycling", "garden", "food"]


def openapi_for(schema: dict) -> dict:
    """The OpenAPI description with the data schema inlined as its response schema."""
    document = copy.deepcopy(OPENAPI)
    inline = {k: v for k, v in schema.items() if k not in {"$schema", "$defs"}}
    document["components"]["schemas"] = {
        "CollectionDays": _rebase(inline),
        **{name: _rebase(sub) for name, sub in schema["$defs"].items()},
    }
    return document


def _rebase(node):
    """$defs references become components/schemas references."""
    if isinstance(node, dict):
        return {
            k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else _rebase(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def record(i: int, *, rng: random.Random, version: int = 1) -> dict:
    services = SERVICES_V1 if version == 1 else ["refuse", "recycling", "garden", "food-waste"]
    collections = []
    for n in range(3):
        item = {
            "service": rng.choice(services),
            "date": f"2026-12-{1 + (i + 7 * n) % 28:02d}",
            "frequency": rng.choice(["weekly", "fortnightly"]),
            "notes": "Put your bin out by 7am on the day of collection.",
        }
        if version == 2:
            item["round"] = f"R{(i % 40) + 1}"
        collections.append(item)
    return {
        "uprn": str(100_000_000_000 + i),
        "address": {
            "line1": f"{i % 400 + 1} High Street",
            "town": "Exampleton",
            "postcode": "EX1 2AB",
        },
        "collections": collections,
    }


def document(
    count: int, *, council: str = "E06000001", version: int = 1, bad_every: int = 0, seed: int = 1
) -> dict:
    """A bin-collection document; every ``bad_every``-th record breaks the schema in a few ways
    (an unknown service, an impossible date, a missing uprn) and carries an undefined field."""
    rng = random.Random(seed)  # noqa: S311 (sample data, not security)
    records = []
    for i in range(count):
        item = record(i, rng=rng, version=version)
        if bad_every and i % bad_every == bad_every - 1:
            item["collections"][0]["service"] = "compost"
            item["collections"][1]["date"] = "2026-02-30"
            del item["uprn"]
            item["bin_colour"] = "green"
        records.append(item)
    return {"council": council, "generated_at": "2026-12-01T06:00:00Z", "records": records}


def document_bytes(count: int, **options) -> bytes:
    return json.dumps(document(count, **options), indent=1).encode()
