"""Shared work's events (declared once; hub/notifications delivers them)."""

from django.db.models import Model

from hub.follows.selectors import follower_ids
from hub.notifications.kinds import EventKind
from hub.sharing.models import Collaboration, ProjectPhaseChange, ProjectUpdate


def _loader(model: type[Model], key: str):
    def load(data: dict) -> dict | None:
        row = (
            model.objects.select_related("project__owner_council").filter(pk=data.get(key)).first()
        )
        return {key: row, "project": row.project} if row else None

    return load


def _watchers(context: dict) -> list[int]:
    return follower_ids(target_type="project", target_id=context["project"].pk)


def _scopes(context: dict) -> list[str]:
    project = context["project"]
    scopes = [f"project:{project.pk}", f"council:{project.owner_council_id}"]
    return scopes + [f"service:{pk}" for pk in project.services.values_list("pk", flat=True)]


def _payload(context: dict) -> dict:
    project = context["project"]
    return {"project": {"id": project.pk, "title": project.title, "phase": project.phase}}


def _project_url(context: dict) -> str:
    return context["project"].get_absolute_url()


KINDS = [
    EventKind(
        name="sharing.project_phase_changed",
        label="Phase changes on projects you watch",
        group="Shared work",
        load=_loader(ProjectPhaseChange, "change"),
        recipients=_watchers,
        text=lambda c: (
            f"{c['project'].title} moved to {c['change'].get_to_phase_display().lower()}"
        ),
        url=_project_url,
        scopes=_scopes,
        payload=_payload,
    ),
    EventKind(
        name="sharing.project_update_posted",
        label="Updates on projects you watch",
        group="Shared work",
        load=_loader(ProjectUpdate, "update"),
        recipients=_watchers,
        text=lambda c: f"New update on {c['project'].title}",
        url=_project_url,
        scopes=_scopes,
        payload=_payload,
        excerpt=lambda c: c["update"].body[:1000],
    ),
    EventKind(
        name="sharing.collaboration_requested",
        label="Requests to collaborate on projects you lead",
        group="Shared work",
        load=_loader(Collaboration, "collaboration"),
        recipients=lambda c: [c["project"].lead_id] if c["project"].lead_id else [],
        text=lambda c: (
            f"{c['collaboration'].council.name} asked to collaborate on {c['project'].title}"
        ),
        url=lambda c: _project_url(c) + "#collaborators",
        email_default="instant",
        audience_only=True,
        scopes=_scopes,
        payload=_payload,
        excerpt=lambda c: c["collaboration"].message[:1000],
    ),
    EventKind(
        name="sharing.collaboration_decided",
        label="Answers to your council's requests to collaborate",
        group="Shared work",
        load=_loader(Collaboration, "collaboration"),
        recipients=lambda c: [c["collaboration"].requested_by_id],
        text=lambda c: (
            f"{c['project'].title}: your council's request to collaborate was "
            f"{c['collaboration'].get_state_display().lower()}"
        ),
        url=_project_url,
        email_default="instant",
        audience_only=True,
        scopes=_scopes,
        payload=_payload,
    ),
]
