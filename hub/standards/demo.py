"""Demo standards: a bin collection data standard with two versions, a consultation, comment
threads and adoptions, and a clean URLs draft. Built through the services, like real use."""

import datetime

from django.utils import timezone

from accounts.models import User
from hub.councils.models import Council
from hub.groups.models import Membership, WorkingGroup
from hub.standards import services
from hub.standards.models import Adoption, Standard
from hub.standards.selectors import latest_version

BINS_V1 = """# Bin collection data {#overview}

This standard says how councils publish bin collection information as open data, so that
residents, apps and voice assistants get the same answer as the council website.

## Collection days {#collection-days}

Each property, identified by its UPRN, has a next collection date for each bin type.

Dates are given in ISO 8601 format, like 2027-01-05.

## Bin types {#bin-types}

Councils list every bin type they collect, with its name, colour and what goes in it.

## Publishing {#publishing}

Publish the data at a stable URL under the council's domain, as JSON, updated daily.
"""

BINS_V2 = BINS_V1.replace(
    "Each property, identified by its UPRN, has a next collection date for each bin type.",
    "Each property, identified by its UPRN, has the next two collection dates for each bin type, "
    "including changes for bank holidays.",
).replace("updated daily.", "updated at least daily, with an Open311-style endpoint.")

URLS_DRAFT = """# Clean URLs for council services {#overview}

Every council uses the same short paths for its most used services.

## Paths {#paths}

- /bins
- /council-tax
- /report
"""


def _editor(group):
    membership = group.memberships.filter(
        role__in=[Membership.Role.EDITOR, Membership.Role.CONVENOR], state="active"
    ).first()
    return membership.user if membership else None


def _convenor(group):
    membership = group.memberships.filter(role=Membership.Role.CONVENOR, state="active").first()
    return membership.user if membership else None


def seed(*, rng, log) -> None:
    """Create the demo standards once; a second run leaves existing ones alone."""
    bins_group = WorkingGroup.objects.filter(slug="waste-and-bins").first()
    urls_group = WorkingGroup.objects.filter(slug="clean-urls").first()
    if bins_group is None or urls_group is None or _editor(bins_group) is None:
        log("no demo groups; skipped")
        return
    editor, convenor = _editor(bins_group), _convenor(bins_group)
    if not Standard.objects.filter(slug="bin-collection-data").exists():
        standard = services.standard_create(
            group=bins_group, creator=editor, title="Bin collection data standard",
            summary="How councils publish bin collection days and bin types as open data.",
            body=BINS_V1, slug="bin-collection-data",
        )  # fmt: skip
        services.standard_version_publish(standard=standard, editor=editor, notes="First draft.")
        services.standard_status_change(
            standard=standard, actor=convenor, to_status="consultation",
            reason="Ready for every council to comment.",
            closes_at=timezone.now() + datetime.timedelta(days=28),
        )  # fmt: skip
        v1 = latest_version(standard)
        commenters = list(
            User.objects.filter(profile__council__isnull=False).exclude(
                group_memberships__group=bins_group
            )[:6]
        )
        comments = [
            ("collection-days-1", "Should we include the next two dates? Residents ask about the "
             "week after too."),
            ("collection-days-2", "Please also allow a time window, some rounds start at 6am."),
            ("bin-types-1", "Add a URL to a picture of each bin: it helps people who do not read "
             "English well."),
            ("publishing-1", "Could this follow Open311 so existing apps work unchanged?"),
        ]  # fmt: skip
        threads = []
        for (anchor, body), author in zip(comments, commenters, strict=False):
            threads.append(
                services.thread_open(version=v1, anchor=anchor, author=author, body=body)
            )
        if threads:
            services.thread_reply(thread=threads[0], author=editor, body="Good idea, agreed.")
            services.thread_decide(
                thread=threads[0], editor=editor, decision="accept",
                response="Version 0.2 gives the next two dates.",
            )  # fmt: skip
        if len(threads) > 3:
            services.thread_decide(
                thread=threads[3], editor=editor, decision="accept",
                response="Added an Open311-style endpoint.",
            )  # fmt: skip
        if len(threads) > 1:
            services.thread_decide(
                thread=threads[1], editor=editor, decision="defer",
                response="We will look at time windows in version 1.0.",
            )  # fmt: skip
        standard.refresh_from_db()
        services.standard_draft_save(
            standard=standard, editor=editor, body=BINS_V2, base_revision=standard.draft_revision
        )
        services.standard_version_publish(
            standard=standard, editor=editor, notes="Next two dates; Open311-style endpoint."
        )
        councils = list(Council.objects.order_by("code")[:8])
        version = latest_version(standard)
        for council in councils:
            Adoption.objects.get_or_create(
                standard=standard,
                council=council,
                withdrawn_at=None,
                defaults={
                    "version": version,
                    "kind": rng.choice([Adoption.Kind.ADOPTED, Adoption.Kind.IMPLEMENTING]),
                    "declared_by": editor,
                },
            )
    if not Standard.objects.filter(slug="clean-urls").exists() and _editor(urls_group):
        standard = services.standard_create(
            group=urls_group, creator=_editor(urls_group), title="Clean URLs",
            summary="Short, lasting paths for the most used council services.",
            body=URLS_DRAFT, slug="clean-urls",
        )  # fmt: skip
        services.standard_version_publish(standard=standard, editor=_editor(urls_group))
    log(f"{Standard.objects.count()} standards")
