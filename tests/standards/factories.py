"""Factories and helpers for standards. Versions are made through the real publish service, so
their blocks and anchors are exactly what the app would store."""

import factory
from factory.django import DjangoModelFactory

from hub.standards.models import Standard
from tests.groups.factories import WorkingGroupFactory

BODY_V1 = """# Bin collection data {#overview}

This standard says how councils publish bin collection days.

## Collection days {#collection-days}

Each property has a collection day for each bin type.

Days are given as ISO 8601 dates, like 2027-01-05.

## Bin types {#bin-types}

Councils list every bin type they collect, with its colour.
"""

BODY_V2 = BODY_V1.replace(
    "Each property has a collection day for each bin type.",
    "Each property has a collection day for each bin type, including garden waste.",
).replace("Days are given as ISO 8601 dates, like 2027-01-05.\n\n", "")


class StandardFactory(DjangoModelFactory):
    class Meta:
        model = Standard

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Bin collection data {n}")
    slug = factory.Sequence(lambda n: f"bin-collection-data-{n}")
    summary = "How councils publish bin collection days."
    draft_body = BODY_V1
    draft_revision = 1


def publish(standard, editor, body=None, bump="minor"):
    """Save ``body`` as the draft (if given) and publish it through the services."""
    from hub.standards.services import standard_draft_save, standard_version_publish

    standard.refresh_from_db()
    if body is not None:
        standard_draft_save(
            standard=standard, editor=editor, body=body, base_revision=standard.draft_revision
        )
    standard._latest_version = False
    return standard_version_publish(standard=standard, editor=editor, bump=bump)
