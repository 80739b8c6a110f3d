"""Fixtures: a group with one person in each role, an outsider, and a published standard."""

import datetime

import pytest
from django.utils import timezone

from hub.groups.models import Membership, WorkingGroup
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish


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


__all__ = ["Membership", "make_members_only", "open_consultation"]
