"""Demo data: the sharing seeder builds believable shared work and is safe to run twice."""

import random

import pytest

from hub.sharing.models import Artefact, Project, Reuse, ServiceTopic

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent():
    from accounts import demo as accounts_demo
    from hub.councils import demo as councils_demo
    from hub.sharing import demo

    log: list[str] = []
    for module in (councils_demo, accounts_demo, demo):
        module.seed(rng=random.Random(1), log=log.append)
    counts = (ServiceTopic.objects.count(), Project.objects.count(), Artefact.objects.count(),
              Reuse.objects.count())  # fmt: skip
    assert counts[0] == 20 and counts[1] == 6 and counts[2] == 5 and counts[3] > 0
    assert Project.objects.get(slug="report-a-pothole").phase_changes.count() == 2
    demo.seed(rng=random.Random(1), log=log.append)
    assert counts == (ServiceTopic.objects.count(), Project.objects.count(),
                      Artefact.objects.count(), Reuse.objects.count())  # fmt: skip
    assert Project.objects.get(slug="report-a-pothole").phase_changes.count() == 2
