"""Projects and artefacts in search, with council and service facets.

Both are public, so their documents carry the PUBLIC access key. An artefact's body includes the
text extracted from its uploaded file, which is how "words inside the document" are found.
"""

from django.utils.translation import gettext_lazy as _

from hub.core.markdown import markdown_to_text
from hub.sharing.models import Artefact, ArtefactKind, Phase, Project, ServiceTopic
from search.facets import register_labeller
from search.registry import PUBLIC, SearchAdapter, SearchDocument, in_every_language, register

# Extracted text can be long; the index gets enough to find it, not a second copy of the book.
ARTEFACT_BODY_MAX = 200_000


def _council_facets(councils) -> dict:
    councils = [c for c in councils if c is not None]
    return {
        "council_slugs": [c.slug for c in councils],
        "council_names": [c.name for c in councils],
        "council_types": sorted({c.council_type for c in councils}),
        "nations": sorted({c.nation for c in councils}),
    }


class ProjectAdapter(SearchAdapter):
    model = Project
    doc_type = "project"
    author_lookup = "lead_id"
    type_label = _("Projects")

    def queryset(self):
        return (
            Project.objects.filter(is_hidden=False)
            .select_related("owner_council", "lead__profile")
            .prefetch_related("services", "tags", "updates")
        )

    def documents(self, project: Project) -> list[SearchDocument]:
        if project.is_hidden:
            return []  # hidden by a moderator
        lead = getattr(project.lead, "profile", None) if project.lead_id else None
        updates = " ".join(markdown_to_text(u.body) for u in project.updates.all()[:20])
        # The phase in both languages, after the words people wrote (snippets start there).
        body = (
            f"{markdown_to_text(project.summary)} {updates} {project.owner_council.name}. "
            f"{in_every_language(Phase(project.phase).label)}"
        )
        return [
            SearchDocument(
                doc_id=f"project:{project.pk}",
                doc_type=self.doc_type,
                title=project.title,
                body=body,
                url=project.get_absolute_url(),
                access=[PUBLIC],
                created_at=project.created_at,
                updated_at=project.updated_at,
                author_name=lead.public_name if lead else "",
                author_handle=(lead.handle or "") if lead else "",
                tags=[t.name for t in project.tags.all()],  # prefetched; names() queries
                services=[s.slug for s in project.services.all()],
                boost=1.3,
                **_council_facets([project.owner_council]),
            )
        ]


class ArtefactAdapter(SearchAdapter):
    model = Artefact
    doc_type = "artefact"
    author_lookup = "contributor_id"
    type_label = _("Artefacts")

    def queryset(self):
        return (
            Artefact.objects.filter(is_hidden=False)
            .select_related("contributor__profile")
            .prefetch_related("councils", "services", "tags")
        )

    def documents(self, artefact: Artefact) -> list[SearchDocument]:
        if artefact.is_hidden:
            return []  # hidden by a moderator
        contributor = (
            getattr(artefact.contributor, "profile", None) if artefact.contributor_id else None
        )
        body = (
            f"{markdown_to_text(artefact.description)} {artefact.file_name} "
            f"{in_every_language(ArtefactKind(artefact.kind).label)}. "
            f"{artefact.extracted_text[:ARTEFACT_BODY_MAX]}"
        )
        return [
            SearchDocument(
                doc_id=f"artefact:{artefact.pk}",
                doc_type=self.doc_type,
                title=artefact.title,
                body=body,
                url=artefact.get_absolute_url(),
                access=[PUBLIC],
                created_at=artefact.created_at,
                updated_at=artefact.updated_at,
                author_name=contributor.public_name if contributor else "",
                author_handle=(contributor.handle or "") if contributor else "",
                tags=[t.name for t in artefact.tags.all()],
                services=[s.slug for s in artefact.services.all()],
                # Below the write-ups and projects that explain it: a file's text (a CSV's
                # cells, a spec's file name) repeats its title's words without the story.
                boost=1.0,
                **_council_facets(list(artefact.councils.all())),
            )
        ]


register(ProjectAdapter())
register(ArtefactAdapter())
register_labeller(
    "service",
    lambda slugs: dict(ServiceTopic.objects.filter(slug__in=slugs).values_list("slug", "name")),
)
