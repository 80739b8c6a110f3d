"""OpenAPI 3.1 descriptions as validation targets, and checks of a live endpoint's answer.

Each operation's JSON response schemas become validator targets ("GET /bin-collections →
200"). Checking an endpoint finds the operation its URL path matches, then checks the status
is documented, the content type is one the description lists, and the body against that
response's schema. The report lists each operation and response that was checked.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext

from hub.standards.schema_check import JSON_SCHEMA_2020_12
from hub.standards.validation.engine import Target

METHODS = ("get", "post", "put", "patch", "delete")


def _response_schema(document: dict, schema: Any) -> dict:
    """A standalone 2020-12 schema: OpenAPI 3.1 schema objects are JSON Schema, and their
    ``#/components/...`` references resolve because the components ride along."""
    wrapped = dict(schema) if isinstance(schema, dict) else {}
    wrapped["$schema"] = JSON_SCHEMA_2020_12
    wrapped["components"] = document.get("components", {})
    return wrapped


def openapi_targets(part_name: str, document: dict) -> list[Target]:
    targets = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            for status, response in (operation.get("responses") or {}).items():
                content = (response or {}).get("content") or {}
                for media, body in content.items():
                    if "json" not in media or not isinstance(body, dict) or "schema" not in body:
                        continue
                    targets.append(
                        Target(
                            key=f"openapi:{part_name}:{method.upper()} {path}:{status}:{media}",
                            label=f"{method.upper()} {path} → {status} ({media})",
                            schema=_response_schema(document, body["schema"]),
                            operation={
                                "method": method.upper(),
                                "path": path,
                                "status": str(status),
                                "content_type": media,
                            },
                        )
                    )
    return targets


def _path_regex(template: str) -> re.Pattern:
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
    return re.compile(f"^{pattern}/?$")


def _base_paths(document: dict) -> list[str]:
    bases = []
    for server in document.get("servers") or [{"url": "/"}]:
        path = urlsplit(str(server.get("url", "/"))).path.rstrip("/")
        bases.append(path)
    return bases or [""]


def match_operation(document: dict, url: str, method: str = "GET") -> tuple[str, dict] | None:
    """The (path template, operation) a URL calls, if the description has it."""
    path = urlsplit(url).path or "/"
    for base in _base_paths(document):
        if base and not path.startswith(base):
            continue
        rest = path[len(base) :] or "/"
        for template, item in (document.get("paths") or {}).items():
            if isinstance(item, dict) and _path_regex(template).match(rest):
                operation = item.get(method.lower())
                if isinstance(operation, dict):
                    return template, operation
    return None


def response_target(
    part_name: str, document: dict, *, url: str, status: int, content_type: str
) -> tuple[dict, Target | None]:
    """What the description says about one answer: (operation check, target for its body)."""
    check: dict = {"operation": None, "status": status, "content_type": content_type}
    matched = match_operation(document, url)
    if matched is None:
        check.update(
            conforms=False,
            problem=gettext("No GET operation in %(part_name)s matches %(path)s.")
            % {"part_name": part_name, "path": urlsplit(url).path},
        )
        return check, None
    template, operation = matched
    check["operation"] = f"GET {template}"
    responses = operation.get("responses") or {}
    response = (
        responses.get(str(status))
        or responses.get(f"{str(status)[0]}XX")
        or responses.get("default")
    )
    if response is None:
        documented = ", ".join(sorted(responses)) or "none"
        check.update(
            conforms=False,
            problem=gettext("HTTP %(status)s is not a documented response (%(documented)s).")
            % {"status": status, "documented": documented},
        )
        return check, None
    media_type = content_type.split(";")[0].strip().lower()
    content = response.get("content") or {}
    body = content.get(media_type)
    if body is None:
        listed = ", ".join(content) or "none"
        check.update(
            conforms=False,
            problem=gettext("Content type %(none)s is not documented for %(status)s (%(listed)s).")
            % {"none": media_type or "none", "status": status, "listed": listed},
        )
        return check, None
    check["conforms"] = True
    if "schema" not in body:
        return check, None
    target = Target(
        key=f"openapi:{part_name}:GET {template}:{status}:{media_type}",
        label=f"GET {template} → {status} ({media_type})",
        schema=_response_schema(document, body["schema"]),
        operation={
            "method": "GET",
            "path": template,
            "status": str(status),
            "content_type": media_type,
        },
    )
    return check, target
