"""Public directories: councils, service topics, people, and search across everything."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext
from ninja import Query, Router, Schema

from accounts.models import Profile
from accounts.selectors import people_list
from hub.api.auth import READ_AUTH, require
from hub.api.errors import READ_ERRORS, not_found
from hub.api.models import AREAS
from hub.api.pagination import PageParams, keyset_page, page_schema
from hub.councils.models import Council
from hub.councils.selectors import council_list
from hub.sharing.models import ServiceTopic
from hub.sharing.selectors import service_topic_list
from search import api as search_api
from search.backends.base import SORTS

router = Router(tags=["Directory"], auth=READ_AUTH)


class CouncilOut(Schema):
    slug: str
    name: str
    official_name: str
    code: str
    gss_code: str
    council_type: str
    nation: str
    region: str
    website: str
    practitioner_count: int


def council_out(council: Council) -> dict:
    return {
        "slug": council.slug,
        "name": council.name,
        "official_name": council.official_name,
        "code": council.code,
        "gss_code": council.gss_code,
        "council_type": council.council_type,
        "nation": council.nation,
        "region": council.region,
        "website": council.website,
        "practitioner_count": getattr(council, "practitioner_count", 0),
    }


class CouncilFilters(PageParams):
    nation: str = ""
    council_type: str = ""
    q: str = ""


@router.get(
    "/councils",
    response={200: page_schema(CouncilOut), **READ_ERRORS},
    operation_id="list_councils",
)
def list_councils(request, filters: Query[CouncilFilters]):
    """Current councils, by name. Filters match the council directory page."""
    require(request, None)
    rows = council_list(nation=filters.nation, council_type=filters.council_type, query=filters.q)
    items, cursor = keyset_page(rows, order=["name", "id"], params=filters)
    return {"items": [council_out(c) for c in items], "next_cursor": cursor}


@router.get(
    "/councils/{slug}", response={200: CouncilOut, **READ_ERRORS}, operation_id="get_council"
)
def get_council(request, slug: str):
    require(request, None)
    council = council_list().filter(slug=slug).first()
    if council is None:
        raise not_found(gettext("That council"))
    return council_out(council)


class ServiceOut(Schema):
    slug: str
    code: str
    name: str
    description: str
    synonyms: list[str]
    parent: str | None
    project_count: int
    artefact_count: int


def service_out(topic: ServiceTopic) -> dict:
    return {
        "slug": topic.slug,
        "code": topic.code,
        "name": topic.name,
        "description": topic.description,
        "synonyms": topic.synonym_list,
        "parent": topic.parent.slug if topic.parent_id else None,
        "project_count": topic.project_count,
        "artefact_count": topic.artefact_count,
    }


class ServiceFilters(PageParams):
    q: str = ""


@router.get(
    "/services",
    response={200: page_schema(ServiceOut), **READ_ERRORS},
    operation_id="list_services",
)
def list_services(request, filters: Query[ServiceFilters]):
    """Service topics (LGSL-style), by name."""
    require(request, None)
    rows = service_topic_list()
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(synonyms__icontains=filters.q))
    items, cursor = keyset_page(rows, order=["name", "id"], params=filters)
    return {"items": [service_out(t) for t in items], "next_cursor": cursor}


@router.get(
    "/services/{slug}", response={200: ServiceOut, **READ_ERRORS}, operation_id="get_service"
)
def get_service(request, slug: str):
    require(request, None)
    topic = service_topic_list().filter(slug=slug).first()
    if topic is None:
        raise not_found(gettext("That service"))
    return service_out(topic)


class PersonOut(Schema):
    handle: str
    display_name: str
    job_title: str
    council: str | None
    council_verified: bool
    interests: list[str]
    bio: str
    website: str


def person_out(profile: Profile) -> dict:
    return {
        "handle": profile.handle,
        "display_name": profile.display_name,
        "job_title": profile.job_title,
        "council": profile.council.slug if profile.council_id else None,
        "council_verified": profile.council_verified,
        "interests": sorted(tag.name for tag in profile.interests.all()),
        "bio": profile.bio,
        "website": profile.website,
    }


class PeopleFilters(PageParams):
    council: str = ""
    interest: str = ""
    q: str = ""


@router.get(
    "/people", response={200: page_schema(PersonOut), **READ_ERRORS}, operation_id="list_people"
)
def list_people(request, filters: Query[PeopleFilters]):
    """Practitioners with complete profiles. Filters match the people directory."""
    require(request, None)
    council = Council.objects.filter(slug=filters.council).first() if filters.council else None
    if filters.council and council is None:
        return {"items": [], "next_cursor": None}
    rows = people_list(council=council, interest=filters.interest, query=filters.q)
    items, cursor = keyset_page(rows, order=["display_name", "id"], params=filters)
    return {"items": [person_out(p) for p in items], "next_cursor": cursor}


@router.get("/people/{handle}", response={200: PersonOut, **READ_ERRORS}, operation_id="get_person")
def get_person(request, handle: str):
    require(request, None)
    profile = (
        Profile.objects.select_related("council")
        .prefetch_related("interests")
        .filter(handle=handle, user__is_active=True, is_hidden=False)
        .first()
    )
    if profile is None:
        raise not_found(gettext("That person"))
    return person_out(profile)


class HitOut(Schema):
    id: str
    type: str
    type_label: str
    title: str
    snippet_html: str
    url: str
    councils: list[str]
    author: str
    author_handle: str
    date: str | None


class SearchOut(Schema):
    query: str
    total: int
    page: int
    has_next: bool
    message: str
    suggestion: str
    hits: list[HitOut]
    facets: dict[str, list[dict]]


class SearchFilters(Schema):
    q: str = ""
    type: list[str] = []
    council_type: list[str] = []
    nation: list[str] = []
    council: list[str] = []
    service: list[str] = []
    tag: list[str] = []
    author: list[str] = []
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1


@router.get("/search", response={200: SearchOut, **READ_ERRORS}, operation_id="search")
def search(request, filters: Query[SearchFilters]):
    """Search everything the caller may see, with the search page's facets and filters.

    Search pages by number (it ranks, so a cursor would not be stable)."""
    caller = require(request, None)
    user = request.auth.user
    if caller.token is not None and not all(caller.token.allows(a, "read") for a in AREAS):
        # Hits span every area; a token that may not read them all searches public content.
        user = AnonymousUser()
    if filters.sort not in SORTS:
        filters.sort = "relevance"
    chosen = {
        name: getattr(filters, name)
        for name in ("type", "council_type", "nation", "council", "service", "tag", "author")
    }
    result = search_api.search(
        query=filters.q[:500],
        user=user,
        filters=chosen,
        date_from=filters.date_from,
        date_to=filters.date_to,
        sort=filters.sort,
        page=max(1, min(filters.page, search_api.MAX_PAGE)),
    )
    labels = result.type_labels
    page = result.page
    return {
        "query": result.query,
        "total": result.total,
        "page": page.number if page else 1,
        "has_next": bool(page and page.has_next()),
        "message": result.message,
        "suggestion": result.suggestion,
        "hits": [search_api.hit_as_json(hit, labels) for hit in result.hits],
        "facets": {
            facet.name: [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in facet.options
            ]
            for facet in result.facets
        },
    }
