"""Profiles in search."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from search.facets import register_labeller
from search.registry import SearchAdapter, SearchDocument, register


class ProfileAdapter(SearchAdapter):
    model = Profile
    doc_type = "profile"
    type_label = _("People")
    entity = True

    def documents(self, profile: Profile) -> list[SearchDocument]:
        if not profile.is_complete or not profile.user.is_active or profile.is_hidden:
            return []
        council = profile.council
        interests = [t.name for t in profile.interests.all()]  # prefetched; names() queries
        return [
            SearchDocument(
                doc_id=f"profile:{profile.pk}",
                doc_type=self.doc_type,
                title=profile.public_name,
                body=" ".join(filter(None, [profile.job_title, profile.bio, *interests])),
                url=profile.get_absolute_url(),
                created_at=profile.created_at,
                updated_at=profile.updated_at,
                author_name=profile.public_name,
                author_handle=profile.handle or "",
                council_slugs=[council.slug] if council else [],
                council_names=[council.name] if council else [],
                council_types=[council.council_type] if council else [],
                nations=[council.nation] if council else [],
                tags=interests,
                boost=0.8,
            )
        ]

    def queryset(self):
        return Profile.objects.select_related("council", "user").prefetch_related("interests")


register(ProfileAdapter())
register_labeller(
    "author",
    lambda handles: dict(
        Profile.objects.filter(handle__in=handles).values_list("handle", "display_name")
    ),
)
