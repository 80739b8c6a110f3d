"""Working groups in search. A members-only group is found only by its members."""

from django.utils.translation import gettext_lazy as _

from hub.core.markdown import markdown_to_text
from hub.groups.models import WorkingGroup
from hub.groups.selectors import group_ids_for_member
from search.registry import PUBLIC, SearchAdapter, SearchDocument, register


class WorkingGroupAdapter(SearchAdapter):
    model = WorkingGroup
    doc_type = "group"
    type_label = _("Working groups")
    entity = True

    def queryset(self):
        return WorkingGroup.objects.prefetch_related("services")

    def documents(self, group: WorkingGroup) -> list[SearchDocument]:
        return [
            SearchDocument(
                doc_id=f"group:{group.pk}",
                doc_type=self.doc_type,
                title=group.name,
                body="" if group.purpose_hidden else markdown_to_text(group.purpose),
                url=group.get_absolute_url(),
                access=[PUBLIC] if group.is_public else [f"group:{group.pk}"],
                created_at=group.created_at,
                updated_at=group.updated_at,
                services=[s.slug for s in group.services.all()],
                boost=1.2,
            )
        ]

    def viewer_keys(self, user):
        return {f"group:{group_id}" for group_id in group_ids_for_member(user)}


register(WorkingGroupAdapter())
