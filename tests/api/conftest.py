"""Fixtures for the API: one person per role around a members-only group, and tokens."""

import datetime
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from hub.api.models import SCOPES
from hub.api.services import token_create
from hub.groups.models import Membership, WorkingGroup
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish

ROLES = ("outsider", "member", "editor", "convenor", "moderator")


@pytest.fixture(autouse=True)
def isolated_rate_limits(settings):
    """A cache key prefix per test: rate-limit counters are keyed by user and token ids."""
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"apitest-{uuid.uuid4().hex}"
    settings.CACHES = caches


def make_token(user, scopes=None, days=30) -> str:
    _, raw = token_create(user=user, name="test", scopes=scopes or SCOPES, expires_in_days=days)
    return raw


class ApiClient(Client):
    """A test client that sends a Bearer token (or nothing) and speaks JSON."""

    def __init__(self, token: str | None = None, **kwargs):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(headers=headers, **kwargs)

    def post_json(self, path, data, **kwargs):
        return self.post(path, data, content_type="application/json", **kwargs)

    def patch_json(self, path, data, **kwargs):
        return self.patch(path, data, content_type="application/json", **kwargs)


@pytest.fixture
def world(db):
    """A members-only group in consultation, one person per role, a public group too."""
    council = CouncilFactory()
    group = WorkingGroupFactory(slug="closed-group", visibility=WorkingGroup.Visibility.MEMBERS)
    people = {}
    for role in ("member", "editor", "convenor"):
        user = UserFactory(profile__council=council)
        MembershipFactory(group=group, user=user, role=role)
        people[role] = user
    people["outsider"] = UserFactory(profile__council=CouncilFactory())
    people["moderator"] = ModeratorFactory()
    standard = StandardFactory(group=group, slug="closed-standard")
    publish(standard, people["editor"])
    from hub.standards.selectors import latest_version
    from hub.standards.services import standard_status_change, thread_open

    standard.refresh_from_db()
    standard_status_change(
        standard=standard,
        actor=people["convenor"],
        to_status="consultation",
        reason="Ready for every council to read.",
        closes_at=timezone.now() + datetime.timedelta(days=14),
    )
    standard.refresh_from_db()
    version = latest_version(standard)
    thread = thread_open(
        version=version, anchor="collection-days", author=people["member"], body="Add garden waste."
    )
    public_group = WorkingGroupFactory(slug="open-group")
    MembershipFactory(group=public_group, user=people["convenor"], role=Membership.Role.CONVENOR)
    return {
        "group": group,
        "public_group": public_group,
        "standard": standard,
        "version": version,
        "thread": thread,
        "council": council,
        **people,
    }


__all__ = ["ROLES", "ApiClient", "make_token"]
