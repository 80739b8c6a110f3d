"""Standards on the community pages: adoption over time (with withdrawals) and endpoint
conformance over time, from the standards app's public selectors."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from hub.standards.models import Adoption
from hub.standards.services import adoption_withdraw
from tests.community.factories import adopt, check_endpoint, published_standard
from tests.factories import CouncilFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def manager_client(client):
    client.force_login(ModeratorFactory())
    return client


def test_adoption_over_time_counts_earlier_declarations_and_withdrawals(manager_client):
    standard = published_standard(title="Street works")
    now = timezone.now()
    earlier = adopt(standard, CouncilFactory())  # declared before the range: counts throughout
    gone = adopt(standard, CouncilFactory())  # declared and withdrawn before the range: never
    withdrawn_now = adopt(standard, CouncilFactory())  # current until withdrawn this week
    adopt(standard, CouncilFactory(), kind="implementing")  # this week
    Adoption.objects.filter(pk=earlier.pk).update(declared_at=now - timedelta(weeks=20))
    Adoption.objects.filter(pk=gone.pk).update(
        declared_at=now - timedelta(weeks=30), withdrawn_at=now - timedelta(weeks=25)
    )
    Adoption.objects.filter(pk=withdrawn_now.pk).update(declared_at=now - timedelta(weeks=3))
    adoption_withdraw(adoption=withdrawn_now, user=withdrawn_now.declared_by, reason="Replaced.")

    rows = rows_of(manager_client.get("/community/dashboard/adoption.csv"))
    assert rows[0] == ["Week starting", "Adopted", "Implementing"]
    assert len(rows) == 13  # the default twelve weeks
    assert rows[1][1:] == ["1", "0"]  # twelve weeks ago: only the earlier declaration
    assert rows[-4][1:] == ["2", "0"]  # three weeks ago: the one withdrawn this week too
    assert rows[-1][1:] == ["1", "1"]  # this week: withdrawn, and one implementing


def test_conformance_over_time_counts_endpoints_checked_each_week(manager_client, client):
    standard = published_standard(title="Bin collections", with_schema=True)
    secret = published_standard(title="Secret data", members_only=True, with_schema=True)
    now = timezone.now()
    leeds = adopt(standard, CouncilFactory(), endpoint_url="https://leeds.example/bins")
    york = adopt(standard, CouncilFactory(), endpoint_url="https://york.example/bins")
    hidden = adopt(secret, CouncilFactory(), endpoint_url="https://secret.example/data")
    check_endpoint(york, conforms=True, when=now - timedelta(days=7))  # last week
    check_endpoint(leeds, conforms=True, when=now - timedelta(minutes=2))
    check_endpoint(leeds, conforms=False, when=now - timedelta(minutes=1))  # failed this week
    check_endpoint(york, conforms=True, when=now)
    check_endpoint(hidden, conforms=False, when=now)

    staff = rows_of(manager_client.get("/community/dashboard/conformance.csv"))
    assert staff[0] == [
        "Week starting", "Endpoints checked", "Conformed at every check", "Failed at least once",
    ]  # fmt: skip
    assert staff[-2][1:] == ["1", "1", "0"]
    assert staff[-1][1:] == ["3", "1", "2"]  # Leeds failed once, and the members-only one
    public = rows_of(client.get("/community/conformance.csv"))
    assert public[-1][1:] == ["2", "1", "1"]  # members-only groups never appear, not even counted
    page = client.get("/community/").content.decode()
    assert 'data-testid="panel-conformance"' in page
    assert 'aria-labelledby="chart-conformance-title' in page
    assert "Secret data" not in page


def test_a_council_filter_narrows_conformance(manager_client):
    standard = published_standard(title="Bin collections", with_schema=True)
    leeds_council = CouncilFactory(slug="leeds")
    leeds = adopt(standard, leeds_council, endpoint_url="https://leeds.example/bins")
    york = adopt(standard, CouncilFactory(), endpoint_url="https://york.example/bins")
    check_endpoint(leeds, conforms=False)
    check_endpoint(york, conforms=True)
    rows = rows_of(manager_client.get("/community/dashboard/conformance.csv", {"council": "leeds"}))
    assert rows[-1][1:] == ["1", "0", "1"]
