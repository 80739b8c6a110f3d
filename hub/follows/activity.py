"""New activity from what a member follows, for the home page and the weekly digest.

Each source is one query bounded by ``since`` and ``limit``; the results are merged by time.
Sources from other apps (blog posts, standard versions) are read only if those models exist,
and only what anyone may see is included (published, unhidden posts; standards of groups the
member can see).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch

from hub.follows.selectors import follows_of


@dataclass
class ActivityItem:
    when: datetime
    kind: str  # "project.update", "project.phase", "project.new", "artefact", "post", "standard"
    text: str
    url: str
    why: str = ""  # what the member follows that brought this here


def _ids(values: set[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def activity_for(*, user, since: datetime | None = None, limit: int = 20) -> list[ActivityItem]:
    """The newest items (at most ``limit``) from everything the user follows, newest first."""
    from hub.sharing.models import Artefact, ProjectPhaseChange, ProjectUpdate

    follows = follows_of(user=user)
    projects = _ids(follows.get("project", set()))
    councils = _ids(follows.get("council", set()))
    services = _ids(follows.get("service", set()))
    people = _ids(follows.get("person", set()))
    tags = sorted(follows.get("tag", set()))
    standards = _ids(follows.get("standard", set()))
    if not any((projects, councils, services, people, tags, standards)):
        return []

    def project_match(prefix: str) -> Q:
        q = Q(**{f"{prefix}pk__in": projects}) | Q(**{f"{prefix}owner_council_id__in": councils})
        q |= Q(**{f"{prefix}services__in": services}) | Q(**{f"{prefix}tags__name__in": tags})
        return q

    items: list[ActivityItem] = []

    updates = ProjectUpdate.objects.filter(project_match("project__") | Q(author_id__in=people))
    if since:
        updates = updates.filter(created_at__gte=since)
    for update in (
        updates.exclude(author=user).select_related("project", "author__profile").distinct()
        .order_by("-created_at")[:limit]
    ):  # fmt: skip
        who = getattr(update.author, "profile", None)
        items.append(
            ActivityItem(
                update.created_at,
                "project.update",
                f"{who or 'Someone'} posted an update on {update.project.title}",
                update.project.get_absolute_url() + "#updates",
            )
        )

    changes = ProjectPhaseChange.objects.filter(
        project_match("project__") | Q(changed_by_id__in=people)
    )
    if since:
        changes = changes.filter(created_at__gte=since)
    for change in (
        changes.exclude(changed_by=user).select_related("project__owner_council").distinct()
        .order_by("-created_at")[:limit]
    ):  # fmt: skip
        project = change.project
        if change.from_phase:
            text = f"{project.title} moved to {change.get_to_phase_display().lower()}"
            kind = "project.phase"
        else:
            text = f"New project from {project.owner_council.name}: {project.title}"
            kind = "project.new"
        items.append(ActivityItem(change.created_at, kind, text, project.get_absolute_url()))

    artefacts = Artefact.objects.filter(
        Q(councils__in=councils)
        | Q(services__in=services)
        | Q(tags__name__in=tags)
        | Q(contributor_id__in=people)
        | Q(project_id__in=projects)
    )
    if since:
        artefacts = artefacts.filter(created_at__gte=since)
    for artefact in artefacts.exclude(contributor=user).distinct().order_by("-created_at")[:limit]:
        items.append(
            ActivityItem(
                artefact.created_at,
                "artefact",
                f"New {artefact.get_kind_display().lower()}: {artefact.title}",
                artefact.get_absolute_url(),
            )
        )

    items.extend(_posts(user, people, councils, services, tags, since, limit))
    items.extend(_standard_versions(user, standards, since, limit))
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def _posts(user, people, councils, services, tags, since, limit) -> list[ActivityItem]:
    Post = _model("blog.Post")
    if Post is None or not hasattr(Post.objects, "published"):
        return []
    match = Q(author_id__in=people) | Q(author__profile__council_id__in=councils)
    if _has_field(Post, "councils"):
        match |= Q(councils__in=councils)
    if _has_field(Post, "services"):
        match |= Q(services__in=services)
    if _has_field(Post, "tags"):
        match |= Q(tags__name__in=tags)
    posts = Post.objects.published().filter(match).exclude(author=user)
    if since:
        posts = posts.filter(published_at__gte=since)
    result = []
    for post in (
        posts.select_related("author__profile").distinct().order_by("-published_at")[:limit]
    ):
        try:
            url = post.get_absolute_url()
        except NoReverseMatch:  # a post whose author has no handle yet has no page
            continue
        result.append(ActivityItem(post.published_at, "post", f"New post: {post.title}", url))
    return result


def _standard_versions(user, standards, since, limit) -> list[ActivityItem]:
    Version = _model("standards.StandardVersion")
    if Version is None or not standards:
        return []
    from hub.groups.selectors import groups_visible_to

    versions = Version.objects.filter(
        standard_id__in=standards, standard__group__in=groups_visible_to(user)
    )
    if since:
        versions = versions.filter(published_at__gte=since)
    return [
        ActivityItem(
            version.published_at,
            "standard",
            f"{version.standard.title} {version.number} published",
            version.get_absolute_url(),
        )
        for version in versions.select_related("standard").order_by("-published_at")[:limit]
    ]
