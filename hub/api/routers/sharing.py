"""Projects, their updates, and artefacts (metadata and the file), through ``hub.sharing``.

Shared work is public (anyone may read it); posting an update is for the project's team, with
the same hourly limit as the page (``sharing:update:<user>``).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hub.api.auth import READ_AUTH, WRITE_AUTH, require
from hub.api.errors import READ_ERRORS, WRITE_ERRORS, ApiError, not_found
from hub.api.pagination import PageParams, keyset_page, page_schema
from hub.core.ratelimit import rate_limit_consume, rate_limit_retry_after
from hub.councils.models import Council
from hub.sharing import selectors, uploads
from hub.sharing import services as sharing_services
from hub.sharing.models import Artefact, Project, ServiceTopic
from hub.sharing.views import CREATE_RATE

router = Router(tags=["Projects and artefacts"], auth=READ_AUTH)
AREA = "sharing"


def _person(user) -> tuple[str, str | None]:
    profile = getattr(user, "profile", None) if user is not None else None
    return (
        profile.display_name if profile else ""
    ) or "Member", profile.handle if profile else None


class ProjectOut(Schema):
    slug: str
    title: str
    summary: str
    phase: str
    phase_since: date
    started_on: date | None
    owner_council: str
    lead: str
    lead_handle: str | None
    collaboration_welcome: bool
    services: list[str]
    tags: list[str]
    reuse_count: int
    updated_at: datetime


def project_out(project: Project) -> dict:
    lead, handle = _person(project.lead)
    return {
        "slug": project.slug,
        "title": project.title,
        "summary": project.summary,
        "phase": project.phase,
        "phase_since": project.phase_since,
        "started_on": project.started_on,
        "owner_council": project.owner_council.slug,
        "lead": lead,
        "lead_handle": handle,
        "collaboration_welcome": project.collaboration_welcome,
        "services": sorted(s.slug for s in project.services.all()),
        "tags": sorted(t.name for t in project.tags.all()),
        "reuse_count": getattr(project, "reuse_count", 0),
        "updated_at": project.updated_at,
    }


class ProjectFilters(PageParams):
    phase: str = ""
    council: str = ""
    service: str = ""
    tag: str = ""
    q: str = ""


def _optional(model, slug: str):
    """(found, object): a filter naming an unknown slug matches nothing."""
    if not slug:
        return True, None
    obj = model.objects.filter(slug=slug).first()
    return obj is not None, obj


@router.get(
    "/projects",
    response={200: page_schema(ProjectOut), **READ_ERRORS},
    operation_id="list_projects",
)
def list_projects(request, filters: Query[ProjectFilters]):
    """Projects, most recently updated first. Filters match the projects page."""
    require(request, AREA)
    ok_council, council = _optional(Council, filters.council)
    ok_service, service = _optional(ServiceTopic, filters.service)
    if not (ok_council and ok_service):
        return {"items": [], "next_cursor": None}
    rows = selectors.project_list(
        phase=filters.phase, council=council, service=service, query=filters.q, tag=filters.tag
    )
    items, cursor = keyset_page(rows, order=["-updated_at", "-id"], params=filters)
    return {"items": [project_out(p) for p in items], "next_cursor": cursor}


def _project(slug: str) -> Project:
    project = selectors.project_list().filter(slug=slug).first()
    if project is None:
        raise not_found(gettext("That project"))
    return project


@router.get(
    "/projects/{slug}", response={200: ProjectOut, **READ_ERRORS}, operation_id="get_project"
)
def get_project(request, slug: str):
    require(request, AREA)
    return project_out(_project(slug))


class UpdateOut(Schema):
    id: int
    author: str
    author_handle: str | None
    body: str
    created_at: datetime


def update_out(update) -> dict:
    name, handle = _person(update.author)
    return {
        "id": update.pk,
        "author": name,
        "author_handle": handle,
        "body": update.body,
        "created_at": update.created_at,
    }


@router.get(
    "/projects/{slug}/updates",
    response={200: page_schema(UpdateOut), **READ_ERRORS},
    operation_id="list_project_updates",
)
def list_updates(request, slug: str, params: Query[PageParams]):
    """The project's status updates, newest first."""
    require(request, AREA)
    project = _project(slug)
    rows = project.updates.select_related("author__profile")
    items, cursor = keyset_page(rows, order=["-created_at", "-id"], params=params)
    return {"items": [update_out(u) for u in items], "next_cursor": cursor}


class UpdateIn(Schema):
    body: str = Field(..., max_length=10_000)


@router.post(
    "/projects/{slug}/updates",
    response={201: UpdateOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    operation_id="post_project_update",
)
def post_update(request, slug: str, payload: UpdateIn):
    """Post a status update (project team only); watchers are told."""
    caller = require(request, AREA, "write")
    project = _project(slug)
    if not selectors.project_can_post_update(project, caller.user):
        raise ApiError(403, "forbidden", gettext("Only the project's team can post updates."))
    body = payload.body.strip()
    if not body:
        raise ApiError(
            422,
            "invalid",
            gettext("Enter the update."),
            fields={"body": [gettext("Enter the update.")]},
        )
    if not rate_limit_consume(f"sharing:update:{caller.user.pk}", CREATE_RATE):
        raise ApiError(
            429,
            "rate_limited",
            gettext("You have shared a lot in the last hour. Wait a while and try again."),
            headers={"Retry-After": str(rate_limit_retry_after(CREATE_RATE))},
        )
    update = sharing_services.project_update_post(project=project, user=caller.user, body=body)
    update.author = caller.user
    return Status(201, update_out(update))


class ArtefactOut(Schema):
    slug: str
    kind: str
    title: str
    description: str
    licence: str
    published_on: date
    contributor: str
    contributor_handle: str | None
    councils: list[str]
    services: list[str]
    tags: list[str]
    project: str | None
    url: str
    file_name: str
    file_type: str
    file_size: int | None
    download_url: str | None
    reuse_count: int


def artefact_out(artefact: Artefact) -> dict:
    name, handle = _person(artefact.contributor)
    has_file = bool(artefact.file_path)
    return {
        "slug": artefact.slug,
        "kind": artefact.kind,
        "title": artefact.title,
        "description": artefact.description,
        "licence": artefact.licence,
        "published_on": artefact.published_on,
        "contributor": name,
        "contributor_handle": handle,
        "councils": sorted(c.slug for c in artefact.councils.all()),
        "services": sorted(s.slug for s in artefact.services.all()),
        "tags": sorted(t.name for t in artefact.tags.all()),
        "project": artefact.project.slug if artefact.project_id else None,
        "url": artefact.url,
        "file_name": artefact.file_name,
        "file_type": artefact.file_type,
        "file_size": artefact.file_size,
        "download_url": f"/api/v1/artefacts/{artefact.slug}/download" if has_file else None,
        "reuse_count": getattr(artefact, "reuse_count", 0),
    }


class ArtefactFilters(PageParams):
    kind: str = ""
    council: str = ""
    service: str = ""
    q: str = ""


@router.get(
    "/artefacts",
    response={200: page_schema(ArtefactOut), **READ_ERRORS},
    operation_id="list_artefacts",
)
def list_artefacts(request, filters: Query[ArtefactFilters]):
    """Artefacts (documents, code, research), newest first. Filters match the artefacts page."""
    require(request, AREA)
    ok_council, council = _optional(Council, filters.council)
    ok_service, service = _optional(ServiceTopic, filters.service)
    if not (ok_council and ok_service):
        return {"items": [], "next_cursor": None}
    rows = selectors.artefact_list(
        kind=filters.kind, council=council, service=service, query=filters.q
    )
    items, cursor = keyset_page(rows, order=["-published_on", "-id"], params=filters)
    return {"items": [artefact_out(a) for a in items], "next_cursor": cursor}


def _artefact(slug: str) -> Artefact:
    artefact = selectors.artefact_list().filter(slug=slug).first()
    if artefact is None:
        raise not_found(gettext("That artefact"))
    return artefact


@router.get(
    "/artefacts/{slug}", response={200: ArtefactOut, **READ_ERRORS}, operation_id="get_artefact"
)
def get_artefact(request, slug: str):
    require(request, AREA)
    return artefact_out(_artefact(slug))


@router.get(
    "/artefacts/{slug}/download",
    response={200: bytes, **READ_ERRORS},
    operation_id="download_artefact",
    openapi_extra={
        "responses": {
            "200": {
                "description": gettext("The file, as an attachment"),
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_artefact(request, slug: str):
    """The uploaded file, served as an attachment that browsers will neither sniff nor render."""
    require(request, AREA)
    artefact = _artefact(slug)
    if not artefact.file_path or not default_storage.exists(artefact.file_path):
        raise not_found(gettext("That artefact's file"))
    response = FileResponse(
        default_storage.open(artefact.file_path, "rb"),
        as_attachment=True,
        filename=uploads.safe_download_name(artefact.file_name, artefact.file_type),
        content_type=uploads.ALLOWED_TYPES[artefact.file_type][2],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
