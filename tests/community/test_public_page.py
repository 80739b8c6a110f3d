"""The public "state of the community": public data only; members-only groups never appear."""

import csv
import io

import pytest

from search.searchlog import record
from tests.blog.factories import PostFactory
from tests.community.factories import adopt, published_standard
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_sees_councils_taking_part_standards_and_projects(client):
    wales = CouncilFactory(name="Cardiff", nation="Wales")
    CouncilFactory(name="Swansea", nation="Wales")
    UserFactory(profile__council=wales)
    adopt(published_standard(title="Open bin data"), wales)
    response = client.get("/community/")
    page = response.content.decode()
    assert response.status_code == 200
    nations = list(
        csv.reader(io.StringIO(client.get("/community/councils-by-nation.csv").content.decode()))
    )
    assert ["Wales", "1", "2", "50%"] in nations
    assert "Open bin data" in page
    for key in (
        "councils-by-nation",
        "councils-by-type",
        "adoption",
        "standards",
        "projects",
        "backed",
    ):
        assert f'data-testid="panel-{key}"' in page


def test_members_only_groups_never_appear_even_as_counts(client):
    council = CouncilFactory()
    secret = published_standard(title="Secret procurement framework", members_only=True)
    adopt(secret, council)
    adopt(secret, CouncilFactory(), kind="implementing")
    page = client.get("/community/").content.decode()
    assert "Secret procurement framework" not in page
    for key in ("adoption", "standards"):
        body = client.get(f"/community/{key}.csv").content.decode()
        assert "Secret" not in body
        for row in list(csv.reader(io.StringIO(body)))[1:]:
            assert row[1:] in (["0", "0"],), (key, row)


def test_staff_only_panels_are_not_on_the_public_page(client):
    PostFactory()
    record("where is the secret list", backend="database")
    page = client.get("/community/").content.decode()
    assert "where is the secret list" not in page and 'data-testid="panel-activity"' not in page
    for key in (
        "activity",
        "searches",
        "frequent-searches",
        "moderation",
        "unanswered",
        "nonsense",
    ):
        assert client.get(f"/community/{key}.csv").status_code == 404
