"""The demo seeders run, and running them twice changes nothing."""

import random

import pytest

from hub.councils import demo as councils_demo
from hub.groups import demo as groups_demo
from hub.standards import demo as standards_demo
from hub.standards.models import CommentThread, Standard, StandardVersion
from hub.standards.selectors import schema_changes, version_parts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_standards_are_idempotent():
    councils_demo.seed(rng=random.Random(1), log=lambda m: None)
    from hub.councils.models import Council

    for council in Council.objects.all()[:20]:
        UserFactory(profile__council=council)
    for _ in range(2):
        groups_demo.seed(rng=random.Random(1), log=lambda m: None)
        standards_demo.seed(rng=random.Random(1), log=lambda m: None)
    bins = Standard.objects.get(slug="bin-collection-data")
    numbers = [v.number for v in StandardVersion.objects.filter(standard=bins)]
    assert numbers == ["0.1", "0.2", "1.0", "2.0"]
    changes = schema_changes(
        version_parts(bins.versions.get(major=1)), version_parts(bins.versions.get(major=2))
    )
    assert any(c.breaking for c in changes)
    states = sorted(a.conformance_state for a in bins.adoptions.exclude(endpoint_url=""))
    assert states == ["conforms", "conforms", "failing", "failing"]
    assert bins.status == "consultation"
    assert CommentThread.objects.filter(standard=bins, addressed_in__isnull=False).exists()
    assert bins.adoptions.count() > 0
    assert Standard.objects.filter(slug="clean-urls").exists()
