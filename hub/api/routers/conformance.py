"""Standards' machine-readable parts, the validator, and councils' conformance results.

Reads go through ``hub.standards.selectors`` (``version_parts``, ``validation_targets``,
``validation_run_for``, ``current_adoptions``, ``endpoint_history``...), the validator through
``hub.standards.services.validation_run_start`` — the same rules as the pages: everything under
a members-only group answers 404 to outsiders, a validator report is reachable only by its
unguessable id and only by someone who may see the standard, validator runs count against the
page's hourly limit.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja import Path, Router, Schema, Status
from pydantic import Field

from hub.api.auth import READ_AUTH, WRITE_AUTH, require
from hub.api.errors import READ_ERRORS, WRITE_ERRORS, not_found
from hub.api.routers.standards import conformance_state, visible_standard
from hub.standards import selectors
from hub.standards import services as standards_services
from hub.standards.models import Adoption, SchemaPart, Standard, StandardVersion, ValidationRun

router = Router(tags=["Standards: schemas, validator and conformance"], auth=READ_AUTH)
AREA = "standards"
# Examples name the fuzzer's seeded standard (tests/api/fuzz_data.py), so that its "examples"
# phase reaches real versions and parts rather than only 404s. ("example", not django-ninja's
# "examples", which it copies onto the parameter as a list where OpenAPI wants a map.)
SLUG = Path(..., example="bins")
NUMBER = Path(..., example="0.1", description="A published version, like 1.2")


def visible_version(
    request, slug: str = SLUG, number: str = NUMBER
) -> tuple[Standard, StandardVersion]:
    """The published version if the caller may see its standard, else 404."""
    standard = visible_standard(request, slug)
    version = selectors.version_by_number(standard, number)
    if version is None:
        raise not_found(gettext_lazy("That version"))
    version.standard = standard
    return standard, version


# --- Schemas ----------------------------------------------------------------------------------


class SchemaPartOut(Schema):
    name: str
    kind: str = Field(description="schema (JSON Schema), openapi or example")
    filename: str
    url: str = Field(description="Its stable download address on the site")


class TargetOut(Schema):
    key: str = Field(description="Pass as target to run_standard_validator")
    label: str


class VersionSchemasOut(Schema):
    standard: str
    version: str
    main_schema: str | None = Field(description="The name of the data schema, if any")
    parts: list[SchemaPartOut]
    validation_targets: list[TargetOut]


class SchemaPartDetailOut(SchemaPartOut):
    standard: str
    version: str
    document: Any = Field(description="The part itself: a JSON Schema, OpenAPI document or example")


def part_out(standard: Standard, version: StandardVersion, part: SchemaPart) -> dict:
    return {
        "name": part.name,
        "kind": part.kind,
        "filename": part.filename,
        "url": reverse("standards:part", args=[standard.slug, version.number, part.name]),
    }


@router.get(
    "/standards/{slug}/versions/{number}/schemas",
    response={200: VersionSchemasOut, **READ_ERRORS},
    operation_id="get_standard_version_schemas",
)
def get_version_schemas(request, slug: str = SLUG, number: str = NUMBER):
    """The version's machine-readable parts (frozen at publication) and what its validator can
    check data against."""
    require(request, AREA)
    standard, version = visible_version(request, slug, number)
    parts = selectors.version_parts(version)
    main = selectors.main_schema(parts)
    return {
        "standard": standard.slug,
        "version": version.number,
        "main_schema": main.name if main else None,
        "parts": [part_out(standard, version, p) for p in parts],
        "validation_targets": [
            {"key": t.key, "label": t.label} for t in selectors.validation_targets(version)
        ],
    }


@router.get(
    "/standards/{slug}/versions/{number}/schemas/{name}",
    response={200: SchemaPartDetailOut, **READ_ERRORS},
    operation_id="get_standard_schema",
)
def get_schema(
    request,
    name: str = Path(..., example="schema"),
    slug: str = SLUG,
    number: str = NUMBER,
):
    """One part of a version, as JSON (the same document as its download address)."""
    require(request, AREA)
    standard, version = visible_version(request, slug, number)
    part = selectors.version_part(version, name)
    if part is None:
        raise not_found(gettext_lazy("That schema"))
    return {
        **part_out(standard, version, part),
        "standard": standard.slug,
        "version": version.number,
        "document": json.loads(part.text),
    }


# --- Validator runs ---------------------------------------------------------------------------


class FindingOut(Schema):
    pointer: str = Field(description="JSON Pointer to the value in your data")
    kind: str
    message: str
    line: int | None = None
    column: int | None = None


class FindingGroupOut(Schema):
    kind: str
    label: str
    count: int
    examples: list[FindingOut]


class UndefinedFieldOut(Schema):
    path: str
    count: int
    first: str
    line: int | None = None
    column: int | None = None


class ValidationRunOut(Schema):
    id: str = Field(description="The report's unguessable id; reports are kept for 90 days")
    url: str = Field(description="The report page")
    standard: str
    version: str
    checked_against: str
    source: str = Field(description="paste, upload, url or endpoint")
    source_name: str
    state: str = Field(description="queued, running, done or failed")
    failure: str = Field(description="Why the input could not be checked (state failed)")
    conforms: bool | None
    records: int
    error_count: int
    bytes_total: int
    bytes_done: int
    created_at: datetime
    expires_at: datetime
    groups: list[FindingGroupOut] = []
    errors: list[FindingOut] = []
    errors_truncated: bool = False
    undefined_fields: list[UndefinedFieldOut] = []
    operations: list[dict[str, Any]] = []


def run_out(run: ValidationRun) -> dict:
    report = selectors.validation_run_json(run)
    return {
        **report,
        "id": report["report"],
        "standard": report["standard_slug"],
        "bytes_total": run.bytes_total,
        "bytes_done": run.bytes_done,
    }


class ValidationIn(Schema):
    target: str = Field(
        "",
        max_length=200,
        description="A key from get_standard_version_schemas' validation_targets; by default "
        "the version's data schema",
    )
    text: str | None = Field(
        None, description="The JSON to check, as text (line and column in the report refer to it)"
    )
    url: str | None = Field(
        None,
        max_length=500,
        description="Or a web address for the hub to fetch and check in the background: the run "
        "starts queued; read it again until its state is done or failed",
    )


@router.post(
    "/standards/{slug}/versions/{number}/validation-runs",
    response={201: ValidationRunOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="run_standard_validator",
)
def run_validator(request, payload: ValidationIn, slug: str = SLUG, number: str = NUMBER):
    """Check data against the version, like the validator page: pasted text is checked at
    once; a web address is fetched by a background job. Counts against the page's hourly
    limit."""
    caller = require(request, AREA, "write")
    _standard, version = visible_version(request, slug, number)
    run = standards_services.validation_run_start(
        version=version,
        user=caller.user,
        target_key=payload.target,
        text=payload.text,
        url=payload.url,
        client_key=request.META.get("REMOTE_ADDR", ""),
    )
    run.refresh_from_db()  # a queued run may have been checked already, after commit
    run.version = version
    return Status(201, run_out(run))


@router.get(
    "/standards/{slug}/versions/{number}/validation-runs/{report_id}",
    response={200: ValidationRunOut, **READ_ERRORS},
    operation_id="get_standard_validation_run",
)
def get_validation_run(
    request, response: HttpResponse, report_id: str, slug: str = SLUG, number: str = NUMBER
):
    """A validator report (including endpoint checks' reports), while it is kept. A run that
    is still queued or running changes as it goes: read it again until it is done or failed."""
    caller = require(request, AREA)
    _standard, version = visible_version(request, slug, number)
    run = selectors.validation_run_for(report_id, caller.user, version=version)
    if run is None:
        raise not_found(gettext_lazy("That report"))
    run.version = version
    if not run.is_finished:
        response["Cache-Control"] = "private, no-store"  # progress is written without a save
    return run_out(run)


# --- Conformance ------------------------------------------------------------------------------


class ConformanceCountsOut(Schema):
    declared: int
    with_endpoint: int
    conformant: int
    failing: int
    not_checked: int


class CouncilConformanceOut(Schema):
    adoption_id: int
    council: str
    council_name: str
    version: str
    endpoint_url: str
    state: str = Field(description="conforms, failing, not_checked, or empty without an endpoint")
    since: datetime | None
    last_checked_at: datetime | None
    last_report: str | None = Field(description="Id of the last check's validator report")


class ConformanceOut(Schema):
    standard: str
    counts: ConformanceCountsOut
    councils: list[CouncilConformanceOut]


@router.get(
    "/standards/{slug}/conformance",
    response={200: ConformanceOut, **READ_ERRORS},
    operation_id="get_standard_conformance",
)
def get_conformance(request, slug: str = SLUG):
    """Councils' current declarations and whether their registered endpoints conform."""
    require(request, AREA)
    standard = visible_standard(request, slug)
    current = selectors.current_adoptions(standard)
    return {
        "standard": standard.slug,
        "counts": selectors.conformance_counts(current),
        "councils": [
            {
                "adoption_id": a.pk,
                "council": a.council.slug,
                "council_name": a.council.name,
                "version": a.version.number,
                "endpoint_url": a.endpoint_url,
                "state": conformance_state(a),
                "since": a.conformance_since,
                "last_checked_at": a.last_checked_at,
                "last_report": a.last_check_run.token if a.last_check_run_id else None,
            }
            for a in current
        ],
    }


class EndpointCheckOut(Schema):
    checked_at: datetime
    conforms: bool
    summary: str
    trigger: str = Field(description="schedule or demand")
    version: str | None
    report: str | None = Field(description="Id of the validator report, while it is kept")


@router.get(
    "/standards/{slug}/adoptions/{adoption_id}/checks",
    response={200: list[EndpointCheckOut], **READ_ERRORS},
    operation_id="list_adoption_checks",
)
def list_checks(request, adoption_id: int, slug: str = SLUG):
    """The history of a declaration's endpoint checks, newest first (the last 90)."""
    require(request, AREA)
    standard = visible_standard(request, slug)
    adoption = Adoption.objects.filter(pk=adoption_id, standard=standard).first()
    if adoption is None:
        raise not_found(gettext_lazy("That declaration"))
    return [
        {
            "checked_at": c.checked_at,
            "conforms": c.conforms,
            "summary": c.summary,
            "trigger": c.trigger,
            "version": c.run.version.number if c.run else None,
            "report": c.run.token if c.run else None,
        }
        for c in selectors.endpoint_history(adoption)
    ]
