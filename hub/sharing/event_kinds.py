"""Shared work's events (declared once; hub/notifications delivers them)."""

from django.db.models import Model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.follows.selectors import follower_ids
from hub.notifications.kinds import EventKind
from hub.sharing.models import Artefact, Collaboration, ProjectPhaseChange, ProjectUpdate


def _loader(model: type[Model], key: str):
    def load(data: dict) -> dict | None:
        row = (
            model.objects.select_related("project__owner_council").filter(pk=data.get(key)).first()
        )
        if row is None or row.project.is_hidden:
            return None  # gone, or the project was hidden by a moderator
        return {key: row, "project": row.project}

    return load


def _watchers(context: dict) -> list[int]:
    return follower_ids(target_type="project", target_id=context["project"].pk)


def _scopes(context: dict) -> list[str]:
    project = context["project"]
    scopes = [f"project:{project.pk}", f"council:{project.owner_council_id}"]
    return scopes + [f"service:{pk}" for pk in project.services.values_list("pk", flat=True)]


def _project_topics(context: dict) -> list[str]:
    project = context["project"]
    return _scopes(context) + [f"tag:{name}" for name in project.tags.names()]


def _phase_activity(context: dict) -> str:
    project, change = context["project"], context["change"]
    if not change.from_phase:
        return gettext("New project from %(council)s: %(project)s") % {
            "council": project.owner_council.name,
            "project": project.title,
        }
    return gettext("%(project)s moved to %(phase)s") % {
        "project": project.title,
        "phase": change.get_to_phase_display().lower(),
    }


def _update_activity(context: dict) -> str:
    return gettext("%(who)s posted an update on %(project)s") % {
        "who": context["update"].author or gettext("Someone"),
        "project": context["project"].title,
    }


def _artefact_text(context: dict) -> str:
    artefact = context["artefact"]
    return gettext("New %(kind)s: %(title)s") % {
        "kind": artefact.get_kind_display().lower(),
        "title": artefact.title,
    }


def _artefact(data: dict) -> dict | None:
    artefact = Artefact.objects.filter(pk=data.get("artefact"), is_hidden=False).first()
    return {"artefact": artefact} if artefact else None  # gone, or hidden by a moderator


def _artefact_topics(context: dict) -> list[str]:
    artefact = context["artefact"]
    topics = [f"council:{pk}" for pk in artefact.councils.values_list("pk", flat=True)]
    topics += [f"service:{pk}" for pk in artefact.services.values_list("pk", flat=True)]
    topics += [f"tag:{name}" for name in artefact.tags.names()]
    if artefact.project_id:
        topics.append(f"project:{artefact.project_id}")
    return topics


def _payload(context: dict) -> dict:
    project = context["project"]
    return {"project": {"id": project.pk, "title": project.title, "phase": project.phase}}


def _project_url(context: dict) -> str:
    return context["project"].get_absolute_url()


KINDS = [
    EventKind(
        name="sharing.project_phase_changed",
        label=_("Phase changes on projects you watch"),
        group=_("Shared work"),
        load=_loader(ProjectPhaseChange, "change"),
        recipients=_watchers,
        text=lambda c: (
            gettext("%(title)s moved to %(get_to_phase_display)s")
            % {
                "title": c["project"].title,
                "get_to_phase_display": c["change"].get_to_phase_display().lower(),
            }
        ),
        url=_project_url,
        scopes=_scopes,
        payload=_payload,
        activity=_phase_activity,
        topics=_project_topics,
    ),
    EventKind(
        name="sharing.project_update_posted",
        label=_("Updates on projects you watch"),
        group=_("Shared work"),
        load=_loader(ProjectUpdate, "update"),
        recipients=_watchers,
        # Not "New update on ...": the notification list tags unread lines "New" already.
        text=_update_activity,
        url=_project_url,
        scopes=_scopes,
        payload=_payload,
        excerpt=lambda c: c["update"].body[:1000],
        activity=_update_activity,
        topics=_project_topics,
    ),
    EventKind(
        name="sharing.artefact_published",
        label=_("Artefacts shared"),
        group=_("Shared work"),
        load=_artefact,
        recipients=lambda c: [],  # followers' news: the home page and the weekly digest
        emailed=False,
        text=_artefact_text,
        url=lambda c: c["artefact"].get_absolute_url(),
        scopes=lambda c: [t for t in _artefact_topics(c) if not t.startswith("tag:")],
        payload=lambda c: {"artefact": {"id": c["artefact"].pk, "title": c["artefact"].title}},
        activity=_artefact_text,
        topics=_artefact_topics,
    ),
    EventKind(
        name="sharing.collaboration_requested",
        label=_("Requests to collaborate on projects you lead"),
        group=_("Shared work"),
        load=_loader(Collaboration, "collaboration"),
        recipients=lambda c: [c["project"].lead_id] if c["project"].lead_id else [],
        text=lambda c: (
            gettext("%(name)s asked to collaborate on %(title)s")
            % {"name": c["collaboration"].council.name, "title": c["project"].title}
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
        label=_("Answers to your council's requests to collaborate"),
        group=_("Shared work"),
        load=_loader(Collaboration, "collaboration"),
        recipients=lambda c: [c["collaboration"].requested_by_id],
        text=lambda c: (
            gettext("%(title)s: your council's request to collaborate was %(get_state_display)s")
            % {
                "title": c["project"].title,
                "get_state_display": c["collaboration"].get_state_display().lower(),
            }
        ),
        url=_project_url,
        email_default="instant",
        audience_only=True,
        scopes=_scopes,
        payload=_payload,
    ),
]
