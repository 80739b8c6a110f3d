"""Reads for shared work, and the rules for who may change a project or artefact.

Projects and artefacts are public: the point of sharing is that anyone, signed in or not, can
find prior work. Only changing them is restricted.

The service-topic page also lists posts, standards and channels from other apps. Those apps are
optional to this one, so they are read through ``apps.get_model`` and each app's own visibility
rules (``Post.objects.published()``, ``groups_visible_to``, ``channels_visible_to``).
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from hub.core.prepared import PreparedQuery
from hub.councils.models import Council
from hub.sharing.models import (
    Artefact,
    Collaboration,
    Phase,
    Project,
    Reuse,
    ServiceTopic,
)

PHASE_ORDER = [Phase.DISCOVERY, Phase.ALPHA, Phase.BETA, Phase.LIVE, Phase.RETIRED]


# --- Who may do what --------------------------------------------------------------------------


def user_council(user) -> Council | None:
    """The council on the member's profile, or None."""
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.council if profile is not None else None


def _verified_member_of(user, council_ids: set[int]) -> bool:
    profile = getattr(user, "profile", None)
    return bool(
        profile is not None and profile.council_verified and profile.council_id in council_ids
    )


def project_can_manage(project: Project, user) -> bool:
    """The lead, verified members of the owning council, and moderators edit and decide."""
    if user is None or not user.is_authenticated:
        return False
    if user.pk == project.lead_id or user.is_moderator:
        return True
    return _verified_member_of(user, {project.owner_council_id})


def project_can_post_update(project: Project, user) -> bool:
    """Managers, plus verified members of councils whose collaboration was approved."""
    if project_can_manage(project, user):
        return True
    if user is None or not user.is_authenticated:
        return False
    approved = set(
        project.collaborations.filter(state=Collaboration.State.APPROVED).values_list(
            "council_id", flat=True
        )
    )
    return _verified_member_of(user, approved)


def project_is_visible_to(project: Project, user) -> bool:
    """Projects are public unless a moderator hid one: then only its managers see it."""
    return not project.is_hidden or project_can_manage(project, user)


def artefact_is_visible_to(artefact: Artefact, user) -> bool:
    """Artefacts are public unless a moderator hid one: then only its editors see it."""
    return not artefact.is_hidden or artefact_can_edit(artefact, user)


def artefact_can_edit(artefact: Artefact, user) -> bool:
    """The contributor, verified members of a contributing council, and moderators."""
    if user is None or not user.is_authenticated:
        return False
    if user.pk == artefact.contributor_id or user.is_moderator:
        return True
    return _verified_member_of(user, {c.pk for c in artefact.councils.all()})


# --- Lists ------------------------------------------------------------------------------------


def project_list(
    *, phase: str = "", council: Council | None = None, service: ServiceTopic | None = None,
    query: str = "", tag: str = "",
) -> QuerySet[Project]:  # fmt: skip
    projects = (
        Project.objects.filter(is_hidden=False)
        .select_related("owner_council", "lead__profile")
        .prefetch_related("services", "tags")
        .annotate(reuse_count=Count("reuses", distinct=True))
    )
    if phase:
        projects = projects.filter(phase=phase)
    if council is not None:
        projects = projects.filter(
            Q(owner_council=council)
            | Q(
                collaborations__council=council,
                collaborations__state=Collaboration.State.APPROVED,
            )
        ).distinct()
    if service is not None:
        projects = projects.filter(services=service)
    if tag:
        projects = projects.filter(tags__name__iexact=tag).distinct()
    if query:
        projects = projects.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    return projects.order_by("-updated_at")


def artefact_list(
    *, kind: str = "", council: Council | None = None, service: ServiceTopic | None = None,
    query: str = "",
) -> QuerySet[Artefact]:  # fmt: skip
    artefacts = (
        Artefact.objects.filter(is_hidden=False)
        .select_related("contributor__profile", "project")
        .prefetch_related("councils", "services", "tags")
        .annotate(reuse_count=Count("reuses", distinct=True))
    )
    if kind:
        artefacts = artefacts.filter(kind=kind)
    if council is not None:
        artefacts = artefacts.filter(councils=council)
    if service is not None:
        artefacts = artefacts.filter(services=service)
    if query:
        artefacts = artefacts.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return artefacts.order_by("-published_on", "-created_at")


def project_detail(slug: str) -> Project | None:
    return (
        Project.objects.select_related("owner_council", "lead__profile")
        .prefetch_related(
            "services",
            "tags",
            Prefetch(
                "collaborations",
                queryset=Collaboration.objects.select_related("council", "requested_by__profile"),
            ),
            Prefetch("reuses", queryset=Reuse.objects.select_related("council")),
            Prefetch(
                "artefacts",
                queryset=Artefact.objects.filter(is_hidden=False)
                .prefetch_related("councils")
                .order_by("-published_on"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def artefact_detail(slug: str) -> Artefact | None:
    return (
        Artefact.objects.select_related("contributor__profile", "project__owner_council")
        .prefetch_related(
            "councils",
            "services",
            "tags",
            Prefetch("reuses", queryset=Reuse.objects.select_related("council")),
        )
        .filter(slug=slug)
        .first()
    )


def service_topic_list() -> QuerySet[ServiceTopic]:
    """Every service, with how much shared work each has."""

    # Two correlated subqueries: joining both many-to-many tables at once would multiply rows
    # (projects x artefacts per topic) before counting.
    def count_of(through) -> Subquery:
        rows = (
            through.objects.filter(servicetopic_id=OuterRef("pk"))
            .order_by()
            .values("servicetopic_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), 0)

    return ServiceTopic.objects.select_related("parent").annotate(
        project_count=count_of(Project.services.through),
        artefact_count=count_of(Artefact.services.through),
    )


# --- The prior-work page of a service ---------------------------------------------------------


def _model_with_services(app_label: str, model_name: str):
    """Another app's model, if it is installed and tags content with services; else None."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    try:
        model._meta.get_field("services")
    except FieldDoesNotExist:
        return None
    return model


def service_posts(topic: ServiceTopic, *, limit: int = 20) -> list:
    """Published, unhidden blog posts about the service."""
    Post = _model_with_services("blog", "Post")
    if Post is None:
        return []
    posts = Post.objects.filter(services=topic)
    posts = posts.published() if hasattr(posts, "published") else posts.none()
    return list(posts.select_related("author__profile__council").order_by("-published_at")[:limit])


def service_standards(topic: ServiceTopic, user, *, limit: int = 20) -> list:
    """Standards about the service in groups the viewer may see; drafts stay in their group."""
    Standard = _model_with_services("standards", "Standard")
    if Standard is None:
        return []
    from hub.groups.selectors import groups_visible_to

    standards = (
        Standard.objects.filter(services=topic, group__in=groups_visible_to(user))
        .exclude(status="draft")
        .select_related("group")
        .order_by("title")
    )
    return list(standards[:limit])


def service_channels(topic: ServiceTopic, user, *, limit: int = 20) -> list:
    """Channels about the service that the viewer may see (private ones only to their members)."""
    Channel = _model_with_services("discussions", "Channel")
    if Channel is None or user is None or not user.is_authenticated:
        return []
    try:
        from hub.discussions.selectors import channels_visible_to
    except ImportError:
        return []
    return list(channels_visible_to(user).filter(services=topic).order_by("name")[:limit])


def service_people(topic: ServiceTopic, *, limit: int = 30) -> list:
    """Practitioners who list the service (or a synonym) among their interests, or lead a project on it."""
    from accounts.models import Profile

    words = [topic.name, *topic.synonym_list]
    interest_match = Q()
    for word in words:
        interest_match |= Q(interests__name__iexact=word)
    leads = Project.objects.filter(services=topic, is_hidden=False).values("lead_id")
    return list(
        Profile.objects.filter(handle__isnull=False, user__is_active=True, is_hidden=False)
        .filter(interest_match | Q(user_id__in=leads))
        .select_related("council")
        .distinct()
        .order_by("council__name", "display_name")[:limit]
    )


@dataclass
class CouncilRow:
    """One line of the "who has shared what" table on a service page."""

    council: Council
    projects: int = 0
    artefacts: int = 0
    posts: int = 0
    standards_adopted: int = 0
    reuses: int = 0
    people: list = field(default_factory=list)


def service_page(topic: ServiceTopic, user) -> dict:
    """Everything on the hub about one service, grouped by phase and by council."""
    projects = list(
        Project.objects.filter(services=topic, is_hidden=False)
        .select_related("owner_council", "lead__profile")
        .annotate(reuse_count=Count("reuses", distinct=True))
        .order_by("title")
    )
    artefacts = list(
        Artefact.objects.filter(services=topic, is_hidden=False)
        .select_related("contributor__profile")
        .prefetch_related("councils")
        .annotate(reuse_count=Count("reuses", distinct=True))
        .order_by("-published_on")
    )
    by_phase = OrderedDict((phase, []) for phase in PHASE_ORDER)
    for project in projects:
        by_phase[Phase(project.phase)].append(project)
    posts = service_posts(topic)
    standards = service_standards(topic, user)
    channels = service_channels(topic, user)
    people = service_people(topic)

    rows: dict[int, CouncilRow] = {}

    def row(council: Council | None) -> CouncilRow | None:
        if council is None:
            return None
        return rows.setdefault(council.pk, CouncilRow(council=council))

    for project in projects:
        row(project.owner_council).projects += 1
    for artefact in artefacts:
        for council in artefact.councils.all():
            row(council).artefacts += 1
    for post in posts:
        profile = getattr(post.author, "profile", None)
        if profile is not None and (r := row(profile.council)):
            r.posts += 1
    for reuse in Reuse.objects.filter(
        Q(artefact__services=topic) | Q(project__services=topic)
    ).select_related("council"):
        row(reuse.council).reuses += 1
    Adoption = _adoption_model()
    if Adoption is not None and standards:
        adoptions = Adoption.objects.filter(standard__in=[s.pk for s in standards])
        if _has_field(Adoption, "withdrawn_at"):  # withdrawn declarations no longer count
            adoptions = adoptions.filter(withdrawn_at__isnull=True)
        if _has_field(Adoption, "kind"):
            adoptions = adoptions.filter(kind="adopted")
        for adoption in adoptions.select_related("council"):
            row(adoption.council).standards_adopted += 1
    for profile in people:
        if r := row(profile.council):
            r.people.append(profile)
    people_by_council = defaultdict(list)
    for profile in people:
        people_by_council[profile.council.name if profile.council else "No council given"].append(
            profile
        )
    return {
        "topic": topic,
        "projects_by_phase": [
            (phase.label, phase.value, items) for phase, items in by_phase.items()
        ],
        "project_count": len(projects),
        "artefacts": artefacts,
        "posts": posts,
        "standards": standards,
        "channels": channels,
        "people_by_council": sorted(people_by_council.items()),
        "council_rows": sorted(rows.values(), key=lambda r: r.council.name),
    }


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _adoption_model():
    try:
        return apps.get_model("standards", "Adoption")
    except LookupError:
        return None


# --- Council page -----------------------------------------------------------------------------


def council_shared_work(council: Council) -> dict:
    """A council's projects (owned or collaborating), artefacts, and what it reuses from others."""
    owned = list(
        Project.objects.filter(owner_council=council, is_hidden=False)
        .annotate(reuse_count=Count("reuses", distinct=True))
        .order_by("phase", "title")
    )
    collaborating = list(
        Project.objects.filter(
            collaborations__council=council,
            collaborations__state=Collaboration.State.APPROVED,
            is_hidden=False,
        )
        .select_related("owner_council")
        .order_by("title")
    )
    artefacts = list(
        Artefact.objects.filter(councils=council, is_hidden=False)
        .annotate(reuse_count=Count("reuses", distinct=True))
        .order_by("-published_on")[:50]
    )
    reuses = list(
        Reuse.objects.filter(council=council)
        .exclude(artefact__is_hidden=True)
        .exclude(project__is_hidden=True)
        .select_related("artefact", "project__owner_council")
        .prefetch_related("artefact__councils")
        .order_by("-created_at")
    )
    return {
        "projects": owned,
        "collaborating": collaborating,
        "artefacts": artefacts,
        "reuses": reuses,
    }


def _phase_counts(*, council_id):
    projects = Project.objects.filter(is_hidden=False)
    if council_id:
        projects = projects.filter(owner_council_id=council_id)
    return projects.values_list("phase").annotate(n=Count("id")).order_by()


_PHASE_COUNTS = PreparedQuery(_phase_counts, params=("council_id",))


def project_phase_counts(*, council_id: int | None = None) -> dict[str, int]:
    """Projects per phase (every phase present, in order): one grouped query. Projects are
    public, so the same figures serve staff dashboards and the public page."""
    counts = dict(_PHASE_COUNTS.rows(council_id=council_id))
    return {phase.value: counts.get(phase.value, 0) for phase in PHASE_ORDER}
