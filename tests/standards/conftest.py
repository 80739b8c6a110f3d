"""Fixtures: a group with one person in each role, an outsider, and a published standard."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from hub.groups.models import Membership, WorkingGroup
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish


@pytest.fixture(autouse=True)
def isolated_rate_limits(settings):
    """A cache key prefix per test, so comment rate-limit counters cannot leak into it.

    The counters are keyed by user id (``rl:standards.comment:<pk>``). On SQLite every test's
    rollback also rolls back the id sequence, so each test's people get the same small ids
    again; without isolation the comments of earlier tests in the same minute counted against
    them and a later test tripped ``RateLimited`` (the intermittent failure of
    ``test_people_who_cannot_see_a_members_only_standard_are_not_notified`` when the whole
    directory ran). The root ``_fresh_cache`` clears the cache too, but a shared Redis is also
    used by concurrent runs whose ids overlap, so this does not rely on it.
    """
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"stdtest-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def roles(db):
    """{"convenor", "editor", "member", "outsider"} users of one public group, plus the group."""
    group = WorkingGroupFactory()
    people = {"group": group}
    for role in ("convenor", "editor", "member"):
        user = UserFactory(profile__council=CouncilFactory())
        MembershipFactory(group=group, user=user, role=role)
        people[role] = user
    people["outsider"] = UserFactory(profile__council=CouncilFactory(name="Outside council"))
    return people


@pytest.fixture
def standard(roles):
    standard = StandardFactory(group=roles["group"])
    publish(standard, roles["editor"])
    standard.refresh_from_db()
    return standard


@pytest.fixture
def schema_standard(roles):
    """A standard whose 1.0 carries the demo bin-collection schema and OpenAPI description."""
    from hub.standards.demo_schemas import SCHEMA_V1, openapi_for
    from hub.standards.services import draft_part_save

    standard = StandardFactory(group=roles["group"])
    save_part(standard, roles["editor"], "schema", "schema", SCHEMA_V1)
    draft_part_save(
        standard=standard,
        editor=roles["editor"],
        name="api",
        kind="openapi",
        text=json.dumps(openapi_for(SCHEMA_V1), indent=2),
    )
    publish(standard, roles["editor"], bump="major")
    standard.refresh_from_db()
    return standard


def save_part(standard, editor, name, kind, document, *, revision=None):
    from hub.standards.services import draft_part_save

    return draft_part_save(
        standard=standard,
        editor=editor,
        name=name,
        kind=kind,
        text=json.dumps(document, indent=2),
        base_revision=revision,
    )


def open_consultation(standard, convenor, days=14):
    from hub.standards.services import standard_status_change

    return standard_status_change(
        standard=standard,
        actor=convenor,
        to_status="consultation",
        reason="Ready for every council to read.",
        closes_at=timezone.now() + datetime.timedelta(days=days),
    )


def make_members_only(group):
    group.visibility = WorkingGroup.Visibility.MEMBERS
    group.save(update_fields=["visibility"])


__all__ = ["Membership", "make_members_only", "open_consultation", "save_part"]
