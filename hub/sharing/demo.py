"""Demo shared work: service topics, a few believable projects and artefacts, some reuse."""

from datetime import date
from pathlib import Path

from django.db.models import Q

from accounts.models import Profile
from hub.follows.services import follow_set
from hub.sharing.models import (
    Artefact,
    ArtefactKind,
    Collaboration,
    Licence,
    Phase,
    Project,
    ProjectPhaseChange,
    ProjectUpdate,
    Reuse,
    ServiceTopic,
)
from hub.sharing.services import service_topics_import
from search.outbox import index_later

SAMPLE = Path(__file__).parent / "data" / "services_sample.csv"

PROJECTS = [
    # slug, title, council code, phase, services, summary, tags
    ("bin-day-lookup", "Bin day lookup by postcode", "LDS", Phase.LIVE, ["SVC-101", "SVC-102"],
     "A postcode lookup that tells residents their next **bin day**, with an API other councils can call.", ["open source", "API"]),
    ("report-a-pothole", "Report a pothole, with photos", "KEN", Phase.BETA, ["SVC-400"],
     "Replacing a 14-field form with three questions and a map pin. Alpha research showed people describe potholes by landmarks.", ["forms", "Open311"]),
    ("bulky-waste-booking", "Bulky waste booking and payment", "BST", Phase.ALPHA, ["SVC-103"],
     "Letting residents book and pay for bulky waste collections online using GOV.UK Pay.", ["GOV.UK Pay"]),
    ("council-tax-direct-debit", "Council Tax direct debit sign-up", "CMD", Phase.DISCOVERY, ["SVC-200"],
     "Discovery into why people abandon the direct debit form halfway.", ["user research"]),
    ("foi-request-tracker", "FOI request tracker", "EDH", Phase.LIVE, ["SVC-500"],
     "Publishing every FOI response with search, so repeat requests get answered from the archive.", ["FOI", "open data"]),
    ("library-joining", "Join the library online", "CRF", Phase.BETA, ["SVC-800"],
     "A bilingual (Welsh and English) joining form with instant membership numbers.", ["bilingual"]),
]  # fmt: skip

ARTEFACTS = [
    # slug, title, kind, council codes, project slug, services, licence, url, description
    ("bin-day-api", "Bin day API (open source)", ArtefactKind.CODE, ["LDS"], "bin-day-lookup", ["SVC-101"],
     Licence.MIT, "https://github.com/example-council/bin-day-api", "Python service wrapping our waste system, with an OpenAPI description."),
    ("pothole-research-findings", "Pothole reporting: research findings", ArtefactKind.RESEARCH, ["KEN", "DEV"], "report-a-pothole", ["SVC-400"],
     Licence.OGL3, "", "Twelve interviews and a diary study on how residents report road problems."),
    ("bulky-waste-spec", "Bulky waste booking: procurement specification", ArtefactKind.PROCUREMENT, ["BST"], "bulky-waste-booking", ["SVC-103"],
     Licence.OGL3, "", "Requirements we used to buy a booking system, including API and accessibility clauses."),
    ("missed-bin-pattern", "Missed bin report pattern", ArtefactKind.DESIGN, ["MAN"], None, ["SVC-102"],
     Licence.CC_BY4, "", "A three-page pattern: check the collection day, explain, then report."),
    ("foi-dataset", "FOI requests and response times", ArtefactKind.DATASET, ["EDH"], "foi-request-tracker", ["SVC-500"],
     Licence.OGL3, "https://data.example.gov.uk/foi", "Monthly data on FOI requests received and answered within 20 working days."),
]  # fmt: skip


def _lead_for(council):
    return (
        Profile.objects.filter(council=council, handle__isnull=False).select_related("user").first()
    )


def seed(*, rng, log) -> None:
    """Import the sample services, then create or update the demo projects and artefacts."""
    result = service_topics_import(text=SAMPLE.read_text(encoding="utf-8"))
    log(f"services: {result.created} created, {result.updated} updated")
    from hub.councils.models import Council

    councils = {c.code: c for c in Council.objects.all()}
    topics = {t.code: t for t in ServiceTopic.objects.all()}
    projects = {}
    for slug, title, code, phase, services, summary, tags in PROJECTS:
        council = councils.get(code)
        if council is None:
            continue
        lead = _lead_for(council)
        project, created = Project.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title, "owner_council": council, "lead": lead.user if lead else None,
                "summary": summary, "phase": phase, "phase_since": date(2026, 3, 1),
            },
        )  # fmt: skip
        project.services.set([topics[c] for c in services if c in topics])
        project.tags.set(tags)
        if created:
            ProjectPhaseChange.objects.create(
                project=project,
                from_phase="",
                to_phase=Phase.DISCOVERY,
                changed_on=date(2025, 9, 1),
            )
            if phase != Phase.DISCOVERY:
                ProjectPhaseChange.objects.create(
                    project=project,
                    from_phase=Phase.DISCOVERY,
                    to_phase=phase,
                    changed_on=date(2026, 3, 1),
                )
            ProjectUpdate.objects.create(
                project=project, author=lead.user if lead else None,
                body="Show and tell recording is up. Next sprint: accessibility audit fixes.",
            )  # fmt: skip
        projects[slug] = project
        index_later(project)
    for slug, title, kind, codes, project_slug, services, licence, url, description in ARTEFACTS:
        owners = [councils[c] for c in codes if c in councils]
        if not owners:
            continue
        lead = _lead_for(owners[0])
        artefact, _ = Artefact.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title, "kind": kind, "description": description, "licence": licence,
                "url": url, "project": projects.get(project_slug) if project_slug else None,
                "contributor": lead.user if lead else None, "published_on": date(2026, 4, 1),
            },
        )  # fmt: skip
        artefact.councils.set(owners)
        artefact.services.set([topics[c] for c in services if c in topics])
        index_later(artefact)
    # Some reuse and collaboration, so council pages and service pages have something to show.
    others = [c for code, c in sorted(councils.items()) if code in {"YOR", "WOK", "OXO", "SWA"}]
    for index, artefact in enumerate(Artefact.objects.filter(slug__in=[a[0] for a in ARTEFACTS])):
        for council in others[: (index % 3) + 1]:
            if council not in artefact.councils.all():
                Reuse.objects.get_or_create(council=council, artefact=artefact)
    if "report-a-pothole" in projects and "DEV" in councils:
        Collaboration.objects.get_or_create(
            project=projects["report-a-pothole"], council=councils["DEV"],
            defaults={"state": Collaboration.State.APPROVED, "message": "We are rebuilding ours too."},
        )  # fmt: skip
    demo_profile = Profile.objects.filter(user__email="demo@localgov.test").first()
    if demo_profile is not None:
        for topic in ServiceTopic.objects.filter(Q(code="SVC-101") | Q(code="SVC-400")):
            follow_set(
                user=demo_profile.user, target_type="service", target_id=topic.pk, following=True
            )
    log(f"{len(projects)} projects, {len(ARTEFACTS)} artefacts")
