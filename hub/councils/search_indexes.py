"""Councils in search."""

from django.utils.translation import gettext_lazy as _

from hub.councils.models import Council, CouncilType, Nation
from search.facets import register_labeller
from search.registry import SearchAdapter, SearchDocument, in_every_language, register


class CouncilAdapter(SearchAdapter):
    model = Council
    doc_type = "council"
    type_label = _("Councils")
    entity = True

    def documents(self, council: Council) -> list[SearchDocument]:
        if not council.is_current:
            return []
        return [
            SearchDocument(
                doc_id=f"council:{council.pk}",
                doc_type=self.doc_type,
                title=council.name,
                body=(
                    f"{council.official_name}. "
                    f"{in_every_language(CouncilType(council.council_type).label)}. "
                    f"{council.region} {in_every_language(Nation(council.nation).label)}"
                    if council.council_type in CouncilType.values
                    and council.nation in Nation.values
                    else f"{council.official_name}. {council.region}"
                ),
                url=council.get_absolute_url(),
                council_slugs=[council.slug],
                council_names=[council.name],
                council_types=[council.council_type],
                nations=[council.nation],
                boost=1.2,
            )
        ]


register(CouncilAdapter())
register_labeller(
    "council",
    lambda slugs: dict(Council.objects.filter(slug__in=slugs).values_list("slug", "name")),
)
register_labeller(
    "nation",
    lambda values: {v: Nation(v).label for v in values if v in Nation.values},
)
register_labeller(
    "council_type",
    lambda codes: {c: CouncilType(c).label for c in codes if c in CouncilType.values},
)
