"""What shared work keeps about a member: project updates, collaboration requests, artefacts
they contributed. Projects and artefacts belong to councils and stay either way (shown as
contributed by "a former member"); removing takes away the member's own project updates."""

from accounts.lifecycle.registry import rows
from hub.sharing.models import Artefact, Collaboration, Project, ProjectUpdate
from search.outbox import index_later


def export(user) -> dict:
    return {
        "projects_led": rows(Project.objects.filter(lead=user), "title", "slug", "created_at"),
        "project_updates": rows(
            ProjectUpdate.objects.filter(author=user).order_by("created_at"),
            "project__slug",
            "body",
            "created_at",
        ),
        "collaboration_requests": rows(
            Collaboration.objects.filter(requested_by=user),
            "project__slug",
            "council__name",
            "message",
            "state",
            "created_at",
        ),
        "artefacts_contributed": rows(
            Artefact.objects.filter(contributor=user),
            "title",
            "slug",
            "kind",
            "description",
            "url",
            "file_name",
            "published_on",
        ),
    }


def erase(user, *, remove_content: bool) -> dict:
    if not remove_content:
        return {}
    updates = ProjectUpdate.objects.filter(author=user)
    projects = set(updates.values_list("project_id", flat=True))
    removed, _ = updates.delete()
    index_later(*Project.objects.filter(pk__in=projects))
    return {"project_updates": removed}
