"""Projects and artefacts are flaggable and hideable through hub.moderation (declared once).

A hidden project or artefact leaves every list (projects, artefacts, a service's prior-work
page, council and profile sections, home activity, calls for backing, the JSON API) and search;
its pages answer 404 to everyone but the people who manage it and moderators. The lead (for a
project) or the contributor (for an artefact) is told why.
"""

from django.utils.translation import gettext_lazy as _

from hub.core.markdown import markdown_to_text
from hub.moderation.registry import Moderatable
from hub.sharing.models import Artefact, Project
from hub.sharing.selectors import artefact_is_visible_to, project_is_visible_to
from search.outbox import index_later

MODERATABLE = [
    Moderatable(
        model=Project,
        noun=_("project"),
        title=lambda project: project.title,
        url=lambda project: project.get_absolute_url(),
        author_id=lambda project: project.lead_id or project.created_by_id,
        excerpt=lambda project: markdown_to_text(project.summary)[:300],
        after_change=lambda project: index_later(project),
        visible_to=project_is_visible_to,
        queryset=lambda: Project.objects.select_related("owner_council", "lead__profile"),
    ),
    Moderatable(
        model=Artefact,
        noun=_("artefact"),
        title=lambda artefact: artefact.title,
        url=lambda artefact: artefact.get_absolute_url(),
        author_id=lambda artefact: artefact.contributor_id,
        excerpt=lambda artefact: markdown_to_text(artefact.description)[:300],
        after_change=lambda artefact: index_later(artefact),
        visible_to=artefact_is_visible_to,
        queryset=lambda: Artefact.objects.select_related("contributor__profile"),
    ),
]
