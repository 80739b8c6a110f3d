"""More objects for the Welsh page checks, so every page type has something to show: a second
standard version with a schema (diff, version page, validation report, schema editor), an
adoption with an endpoint, and a sign-in token for an unsubscribe link."""

import json

from django.utils import translation

from hub.notifications.emails import unsubscribe_token
from hub.standards.demo_schemas import SCHEMA_V1
from hub.standards.services import adoption_declare, draft_part_save, validation_run_start
from tests.factories import CouncilFactory
from tests.i18n.pseudo import pseudo, pseudo_welsh
from tests.standards.factories import BODY_V2, publish

INVALID = (
    '{"council": "E06000001", "generated_at": "2026-12-01T06:00:00Z", '
    '"records": [{"uprn": "1", "collections": [{"service": "compost", "date": "2026-12-01"}]}]}'
)
ALLOWED = (
    "Google",  # the third-party sign-in providers' names
    "Microsoft",
    "schema",
    "schema.json",
    "refuse",
    "recycling",
    "garden",
    "food",
    "E06000001",
    "uprn",
    "compost",
    "https://example.org/bins.json",
)


def build(world) -> None:
    standard, member = world.standard, world.member
    draft_part_save(
        standard=standard, editor=member, name="schema", kind="schema",
        text=json.dumps(SCHEMA_V1, indent=2),
    )  # fmt: skip
    second = publish(standard, member, body=pseudo(BODY_V2))
    standard.refresh_from_db()
    world.second_version = second
    # A report keeps the messages of the run, in the language of whoever ran it: a Welsh reader.
    with pseudo_welsh():
        translation.activate("cy")
        world.run = validation_run_start(version=second, user=member, text=INVALID)
    world.adoption = adoption_declare(
        standard=standard, user=member, version=second, endpoint_url=ALLOWED[-1]
    )
    # Someone from another council, to offer to collaborate on the project.
    world.staff.profile.council = CouncilFactory(
        name=pseudo("Otherton"), official_name=pseudo("Otherton Council")
    )
    world.staff.profile.save(update_fields=["council"])
    world.allowed = (
        *world.allowed,
        world.staff.profile.council.slug,
        world.staff.profile.council.code,
        world.staff.profile.council.gss_code,
    )
    world.unsubscribe = unsubscribe_token(user_id=member.pk, kinds=["blog.comment_posted"])
    world.allowed = (*world.allowed, *ALLOWED)
