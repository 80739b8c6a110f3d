"""The demo seeders run, and running them twice changes nothing."""

import random

import pytest

from hub.councils import demo as councils_demo
from hub.groups import demo as groups_demo
from hub.standards import demo as standards_demo
from hub.standards.models import CommentThread, Standard, StandardVersion
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
    assert StandardVersion.objects.filter(standard=bins).count() == 2
    assert bins.status == "consultation"
    assert CommentThread.objects.filter(standard=bins, addressed_in__isnull=False).exists()
    assert bins.adoptions.count() > 0
    assert Standard.objects.filter(slug="clean-urls").exists()
