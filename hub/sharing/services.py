"""Writes for shared work: service topics, projects, artefacts, collaboration and reuse."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from hub.core.imports import CsvImportError
from hub.councils.models import Council
from hub.follows.services import follow_set
from hub.notifications.events import emit
from hub.sharing import uploads
from hub.sharing.models import (
    Artefact,
    Collaboration,
    Phase,
    Project,
    ProjectPhaseChange,
    ProjectUpdate,
    Reuse,
    ServiceTopic,
)
from hub.sharing.selectors import project_can_manage, project_can_post_update, user_council
from search.outbox import index_later


class SharingError(Exception):
    """A rule stopped the action; the message is fit to show the member."""


def _unique_slug(model: type[models.Model], text: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(text)[:200] or "untitled"
    slug, n = base, 1
    taken = model._default_manager.filter(slug__startswith=base)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    existing = set(taken.values_list("slug", flat=True))
    while slug in existing:
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Service topics --------------------------------------------------------------------------

SERVICE_COLUMNS = {
    "code": ("id", "code", "identifier", "lgsl", "lgsl id"),
    "name": ("name", "label", "service", "title"),
    "description": ("description", "scope note", "scope"),
    "synonyms": ("synonyms", "synonym", "also known as", "alt labels"),
    "parent": ("parent", "parent id", "parent code", "broader"),
}


class ServiceImportError(CsvImportError):
    """The file cannot be imported; ``problems`` lists each bad line. Nothing was changed."""


@dataclass
class ServiceImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)


def _service_header_map(fieldnames: list[str]) -> dict[str, str]:
    """Map our field names to the file's columns, accepting the usual LGSL spellings."""
    normalised = {
        name.strip().lower().replace("_", " ").replace("-", " "): name
        for name in fieldnames
        if name
    }
    mapping = {}
    for ours, spellings in SERVICE_COLUMNS.items():
        for spelling in spellings:
            if spelling in normalised:
                mapping[ours] = normalised[spelling]
                break
    return mapping


def parse_service_rows(text: str) -> list[dict]:
    """Validate every row before anything is written; raise with every problem found."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames:
        raise ServiceImportError(
            [
                "line 1: the file is empty; expected a header like id,name,description,synonyms,parent"
            ]
        )
    columns = _service_header_map(list(reader.fieldnames))
    missing = [name for name in ("code", "name") if name not in columns]
    if missing:
        raise ServiceImportError(
            [
                f"line 1: the header has no {SERVICE_COLUMNS[name][0]} column; expected "
                "id,name,description,synonyms,parent"
                for name in missing
            ]
        )
    problems: list[str] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append(f"line {line}: more values than the header has columns")
                continue
            values = {ours: (row.get(theirs) or "").strip() for ours, theirs in columns.items()}
            code, name = values.get("code", ""), values.get("name", "")
            if not code and not name and not any(values.values()):
                continue  # a blank line
            if not code:
                problems.append(f"line {line}: the id is missing")
                continue
            if not name:
                problems.append(f"line {line}: the name is missing for id {code}")
                continue
            if len(code) > 20:
                problems.append(f"line {line}: id '{code[:30]}' is longer than 20 characters")
                continue
            if len(name) > 200:
                problems.append(f"line {line}: the name is longer than 200 characters")
                continue
            if len(values.get("description", "")) > 5000:
                problems.append(f"line {line}: the description is longer than 5000 characters")
                continue
            if not slugify(name):
                problems.append(f"line {line}: the name '{name}' has no letters or numbers")
                continue
            if code in seen:
                problems.append(f"line {line}: id {code} already appeared on line {seen[code]}")
                continue
            parent = values.get("parent", "")
            if parent == code:
                problems.append(f"line {line}: service {code} cannot be its own parent")
                continue
            seen[code] = line
            synonyms = "; ".join(
                part.strip()
                for part in values.get("synonyms", "").replace("|", ";").split(";")
                if part.strip()
            )
            rows.append(
                {
                    "line": line,
                    "code": code,
                    "name": name,
                    "description": values.get("description", ""),
                    "synonyms": synonyms,
                    "parent": parent,
                }
            )
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: {error}")
    known = set(seen) | set(ServiceTopic.objects.values_list("code", flat=True))
    for row in rows:
        if row["parent"] and row["parent"] not in known:
            problems.append(
                f"line {row['line']}: parent {row['parent']} is not an id in this file or on the hub"
            )
    if problems:
        raise ServiceImportError(problems)
    return rows


@transaction.atomic
def service_topics_import(
    *, text: str, progress: Callable[[int, int], None] | None = None
) -> ServiceImportResult:
    """Create or update service topics from CSV text, matched on id. All or nothing; repeatable.

    Slugs are made once, from the name, and kept on later imports so links stay stable.
    """
    rows = parse_service_rows(text)
    result = ServiceImportResult()
    existing = {topic.code: topic for topic in ServiceTopic.objects.all()}
    taken = {topic.slug for topic in existing.values()}
    for index, row in enumerate(rows, start=1):
        topic = existing.get(row["code"])
        fields = {key: row[key] for key in ("name", "description", "synonyms")}
        if topic is None:
            slug = slugify(row["name"])[:180]
            if slug in taken:
                slug = f"{slug}-{slugify(row['code'])}"
            taken.add(slug)
            topic = ServiceTopic.objects.create(code=row["code"], slug=slug, **fields)
            existing[topic.code] = topic
            result.created += 1
        elif any(getattr(topic, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(topic, key, value)
            topic.save(update_fields=list(fields))
            result.updated += 1
        else:
            result.unchanged += 1
        result.codes.append(row["code"])
        if progress:
            progress(index, len(rows) * 2)
    # Parents second, so a child may come before its parent in the file.
    for index, row in enumerate(rows, start=len(rows) + 1):
        topic = existing[row["code"]]
        parent = existing.get(row["parent"]) if row["parent"] else None
        if topic.parent_id != (parent.pk if parent else None):
            topic.parent = parent
            topic.save(update_fields=["parent"])
        if progress:
            progress(index, len(rows) * 2)
    _refuse_parent_cycles()
    return result


def _refuse_parent_cycles() -> None:
    parents = dict(ServiceTopic.objects.values_list("pk", "parent_id"))
    codes = dict(ServiceTopic.objects.values_list("pk", "code"))
    for start in parents:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                raise ServiceImportError(
                    [f"the parents of {codes[start]} go round in a circle; nothing was changed"]
                )
            seen.add(node)
            node = parents.get(node)


# --- Projects ---------------------------------------------------------------------------------

PROJECT_FIELDS = ("title", "summary", "phase", "phase_since", "started_on", "collaboration_welcome")


@transaction.atomic
def project_create(
    *,
    user: User,
    title: str,
    summary: str,
    phase: str = Phase.DISCOVERY,
    phase_since: date | None = None,
    started_on: date | None = None,
    collaboration_welcome: bool = True,
    services: Iterable[ServiceTopic] = (),
    tags: Iterable[str] = (),
) -> Project:
    """Register a project owned by the member's council, led by the member, who watches it."""
    council = user_council(user)
    if council is None:
        raise SharingError(
            gettext("Add your council to your profile before registering a project.")
        )
    project = Project.objects.create(
        title=title,
        slug=_unique_slug(Project, title),
        owner_council=council,
        lead=user,
        created_by=user,
        summary=summary,
        phase=phase,
        phase_since=phase_since or timezone.localdate(),
        started_on=started_on,
        collaboration_welcome=collaboration_welcome,
    )
    project.services.set(services)
    project.tags.set(list(tags))
    first_phase = ProjectPhaseChange.objects.create(
        project=project,
        from_phase="",
        to_phase=phase,
        changed_on=project.phase_since,
        changed_by=user,
    )
    follow_set(user=user, target_type="project", target_id=project.pk, following=True)
    index_later(project)
    emit("sharing.project_phase_changed", actor=user, change=first_phase.pk)
    return project


@transaction.atomic
def project_edit(
    *,
    project: Project,
    user: User,
    title: str,
    summary: str,
    started_on: date | None,
    collaboration_welcome: bool,
    services: Iterable[ServiceTopic],
    tags: Iterable[str],
) -> Project:
    """Change a project's description. Phase changes go through ``project_phase_set``."""
    if not project_can_manage(project, user):
        raise SharingError(
            gettext("Only the project lead and its council's verified members can edit it.")
        )
    project.title = title
    project.summary = summary
    project.started_on = started_on
    project.collaboration_welcome = collaboration_welcome
    project.save(
        update_fields=["title", "summary", "started_on", "collaboration_welcome", "updated_at"]
    )
    project.services.set(services)
    project.tags.set(list(tags))
    index_later(project, *project.artefacts.all())
    return project


@transaction.atomic
def project_phase_set(
    *, project: Project, user: User, phase: str, changed_on: date | None = None, note: str = ""
) -> ProjectPhaseChange:
    """Move the project to a phase, keep the history, and tell the watchers."""
    if not project_can_manage(project, user):
        raise SharingError(
            gettext(
                "Only the project lead and its council's verified members can change the phase."
            )
        )
    if phase not in Phase.values:
        raise SharingError(gettext("Choose a phase."))
    if phase == project.phase:
        raise SharingError(
            gettext("The project is already in %(get_phase_display)s.")
            % {"get_phase_display": project.get_phase_display().lower()}
        )
    changed_on = changed_on or timezone.localdate()
    change = ProjectPhaseChange.objects.create(
        project=project,
        from_phase=project.phase,
        to_phase=phase,
        changed_on=changed_on,
        note=note,
        changed_by=user,
    )
    project.phase = phase
    project.phase_since = changed_on
    project.save(update_fields=["phase", "phase_since", "updated_at"])
    index_later(project)
    emit("sharing.project_phase_changed", actor=user, change=change.pk)
    return change


@transaction.atomic
def project_update_post(*, project: Project, user: User, body: str) -> ProjectUpdate:
    """Post a status update on the project and tell the watchers."""
    if not project_can_post_update(project, user):
        raise SharingError(gettext("Only the project's team can post updates."))
    update = ProjectUpdate.objects.create(project=project, author=user, body=body)
    project.save(update_fields=["updated_at"])
    index_later(project)
    emit("sharing.project_update_posted", actor=user, update=update.pk)
    return update


@transaction.atomic
def collaboration_request(*, project: Project, user: User, message: str = "") -> Collaboration:
    """Ask, on behalf of the member's council, to collaborate on another council's project."""
    council = user_council(user)
    if council is None:
        raise SharingError(
            gettext("Add your council to your profile before asking to collaborate.")
        )
    if council.pk == project.owner_council_id:
        raise SharingError(gettext("%(name)s already owns this project.") % {"name": council.name})
    if not project.collaboration_welcome:
        raise SharingError(gettext("This project is not looking for collaborators at the moment."))
    existing = Collaboration.objects.filter(project=project, council=council).first()
    if existing is not None:
        raise SharingError(
            gettext("%(name)s has already asked to collaborate (%(get_state_display)s).")
            % {"name": council.name, "get_state_display": existing.get_state_display().lower()}
        )
    collaboration = Collaboration.objects.create(
        project=project, council=council, requested_by=user, message=message
    )
    follow_set(user=user, target_type="project", target_id=project.pk, following=True)
    emit("sharing.collaboration_requested", actor=user, collaboration=collaboration.pk)
    return collaboration


@transaction.atomic
def collaboration_decide(
    *, collaboration: Collaboration, user: User, approve: bool
) -> Collaboration:
    """Approve or decline a request; only the project's managers may."""
    project = collaboration.project
    if not project_can_manage(project, user):
        raise SharingError(
            gettext("Only the project lead and its council's verified members can decide.")
        )
    collaboration.state = Collaboration.State.APPROVED if approve else Collaboration.State.DECLINED
    collaboration.decided_by = user
    collaboration.decided_at = timezone.now()
    collaboration.save(update_fields=["state", "decided_by", "decided_at"])
    index_later(project)
    emit("sharing.collaboration_decided", actor=user, collaboration=collaboration.pk)
    return collaboration


# --- Artefacts --------------------------------------------------------------------------------


def _apply_upload(artefact: Artefact, upload: uploads.CheckedUpload) -> str:
    """Store the file and extract its text onto the artefact; returns the new storage path."""
    extraction = uploads.extract_text(upload.file, upload.type_key)
    path = uploads.store(upload)
    artefact.file_path = path
    artefact.file_name = upload.name
    artefact.file_type = upload.type_key
    artefact.file_size = upload.size
    artefact.extracted_text = extraction.text
    artefact.extraction_status = extraction.status
    artefact.extraction_error = extraction.error
    return path


def artefact_create(
    *,
    user: User,
    kind: str,
    title: str,
    description: str,
    licence: str,
    published_on: date | None = None,
    url: str = "",
    project: Project | None = None,
    councils: Iterable[Council] = (),
    services: Iterable[ServiceTopic] = (),
    tags: Iterable[str] = (),
    upload: uploads.CheckedUpload | None = None,
) -> Artefact:
    """Share an artefact. The member's council always counts among the contributing councils.

    A file is stored before the row is written; if the write fails the file is removed, so a
    failed share leaves nothing behind.
    """
    council = user_council(user)
    if council is None:
        raise SharingError(gettext("Add your council to your profile before sharing an artefact."))
    if project is not None and not project_can_post_update(project, user):
        raise SharingError(gettext("Only the project's team can add artefacts to it."))
    artefact = Artefact(
        kind=kind,
        title=title,
        description=description,
        licence=licence,
        published_on=published_on or timezone.localdate(),
        url=url,
        project=project,
        contributor=user,
    )
    stored = _apply_upload(artefact, upload) if upload is not None else ""
    try:
        with transaction.atomic():
            artefact.slug = _unique_slug(Artefact, title)
            artefact.save()
            artefact.councils.set({council, *councils})
            artefact.services.set(services)
            artefact.tags.set(list(tags))
            index_later(artefact)
            if project is not None:
                project.save(update_fields=["updated_at"])
                index_later(project)
            emit("sharing.artefact_published", actor=user, artefact=artefact.pk)
    except Exception:
        uploads.delete_stored(stored)
        raise
    return artefact


def artefact_edit(
    *,
    artefact: Artefact,
    user: User,
    kind: str,
    title: str,
    description: str,
    licence: str,
    published_on: date,
    url: str,
    councils: Iterable[Council],
    services: Iterable[ServiceTopic],
    tags: Iterable[str],
    upload: uploads.CheckedUpload | None = None,
) -> Artefact:
    """Edit an artefact; a new upload replaces the old file (removed once the change commits)."""
    from hub.sharing.selectors import artefact_can_edit

    if not artefact_can_edit(artefact, user):
        raise SharingError(
            gettext("Only the contributor and their council's verified members can edit it.")
        )
    old_path = artefact.file_path
    stored = _apply_upload(artefact, upload) if upload is not None else ""
    artefact.kind, artefact.title, artefact.description = kind, title, description
    artefact.licence, artefact.published_on, artefact.url = licence, published_on, url
    try:
        with transaction.atomic():
            artefact.save()
            councils = set(councils)
            if councils:  # an artefact always keeps at least one contributing council
                artefact.councils.set(councils)
            artefact.services.set(services)
            artefact.tags.set(list(tags))
            index_later(artefact)
            if stored and old_path:
                transaction.on_commit(lambda: uploads.delete_stored(old_path))
    except Exception:
        uploads.delete_stored(stored)
        raise
    return artefact


# --- Reuse ------------------------------------------------------------------------------------


@transaction.atomic
def reuse_set(
    *, user: User, reusing: bool, artefact: Artefact | None = None, project: Project | None = None
) -> bool:
    """Record (or withdraw) "my council uses this too"; returns whether the council now reuses it."""
    if (artefact is None) == (project is None):
        raise ValueError("give exactly one of artefact or project")
    council = user_council(user)
    if council is None:
        raise SharingError(
            gettext("Add your council to your profile to say your council uses this.")
        )
    target = {"artefact": artefact} if artefact is not None else {"project": project}
    if not reusing:
        Reuse.objects.filter(council=council, **target).delete()
    else:
        try:
            with transaction.atomic():
                Reuse.objects.get_or_create(council=council, defaults={"user": user}, **target)
        except IntegrityError:
            pass  # a colleague at the same council marked it at the same moment
    index_later(artefact or project)
    return reusing
