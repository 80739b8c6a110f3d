"""A practitioner's projects (as lead) and shared artefacts on their profile."""

from hub.sharing.models import Artefact, Project


def shared_work(request, profile) -> dict | None:
    projects = list(
        Project.objects.filter(lead_id=profile.user_id, is_hidden=False).order_by("title")[:20]
    )
    artefacts = list(
        Artefact.objects.filter(contributor_id=profile.user_id, is_hidden=False).order_by(
            "-published_on"
        )[:20]
    )
    if not projects and not artefacts:
        return None
    return {
        "template": "sharing/profile_section.html",
        "projects": projects,
        "artefacts": artefacts,
        "profile": profile,
    }


SECTIONS = [shared_work]
