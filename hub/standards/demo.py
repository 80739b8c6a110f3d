"""Demo standards: a bin collection data standard with two versions, a consultation, comment
threads and adoptions, and a clean URLs draft. Built through the services, like real use."""

import datetime
import json

from django.utils import timezone

from accounts.models import User
from hub.councils.models import Council
from hub.groups.models import Membership, WorkingGroup
from hub.standards import demo_schemas, services
from hub.standards.demo_schemas import openapi_for
from hub.standards.models import Adoption, PartKind, Standard
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
    bins = Standard.objects.filter(slug="bin-collection-data").first()
    if bins is not None and not bins.schema_parts.exists():
        _seed_schemas(bins, editor, log)
    if not Standard.objects.filter(slug="clean-urls").exists() and _editor(urls_group):
        standard = services.standard_create(
            group=urls_group, creator=_editor(urls_group), title="Clean URLs",
            summary="Short, lasting paths for the most used council services.",
            body=URLS_DRAFT, slug="clean-urls",
        )  # fmt: skip
        services.standard_version_publish(standard=standard, editor=_editor(urls_group))
    log(f"{Standard.objects.count()} standards")


def _save_parts(standard: Standard, editor, schema: dict, version: int) -> None:
    for name, kind, document in (
        ("schema", PartKind.SCHEMA, schema),
        ("api", PartKind.OPENAPI, openapi_for(schema)),
        ("example", PartKind.EXAMPLE, demo_schemas.document(2, version=version)),
    ):
        current = standard.schema_parts.filter(version__isnull=True, name=name).first()
        services.draft_part_save(
            standard=standard,
            editor=editor,
            name=name,
            kind=kind,
            text=json.dumps(document, indent=2),
            base_revision=current.revision if current else None,
        )


def _seed_schemas(standard: Standard, editor, log) -> None:
    """1.0 with the JSON Schema and OpenAPI description, 2.0 with a breaking change, and
    councils whose sample data conforms, fails, or went from conforming to failing."""
    _save_parts(standard, editor, demo_schemas.SCHEMA_V1, 1)
    standard._latest_version = False
    services.standard_version_publish(
        standard=standard, editor=editor, bump="major",
        notes="Machine-readable: a JSON Schema for the data and an OpenAPI description.",
    )  # fmt: skip
    _save_parts(standard, editor, demo_schemas.SCHEMA_V2, 2)
    standard._latest_version = False
    v2 = services.standard_version_publish(
        standard=standard, editor=editor, bump="major",
        notes="Each collection names its round; “food” is now “food-waste” (breaking).",
    )  # fmt: skip
    samples = [
        [demo_schemas.document_bytes(20, version=2)],  # conforms
        [demo_schemas.document_bytes(20, version=2, seed=2)],  # conforms
        [demo_schemas.document_bytes(20, version=1)],  # still publishes 1.0 data: failing
        [  # conformed, then broke
            demo_schemas.document_bytes(20, version=2, seed=3),
            demo_schemas.document_bytes(20, version=2, bad_every=4, seed=3),
        ],
    ]
    adoptions = list(standard.adoptions.filter(withdrawn_at__isnull=True).order_by("council__code"))
    start = timezone.now() - datetime.timedelta(days=len(samples))
    for adoption, answers in zip(adoptions, samples, strict=False):
        adoption.version = v2
        adoption.endpoint_url = (
            f"https://bins.{adoption.council.code.lower()}.example/bin-collections"
        )
        adoption.save(update_fields=["version", "endpoint_url"])
        for day, body in enumerate(answers):
            services.endpoint_answer_record(
                adoption=adoption, body=body, now=start + datetime.timedelta(days=day)
            )
    log("bin collection schemas: 1.0 and 2.0, four councils' sample data checked")
