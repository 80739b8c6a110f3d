"""The search log on the staff dashboard: most frequent searches, searches whose results nobody
followed, searches that found nothing (search.api, issue 12). Never on the public page."""

import csv
import io

import pytest

from search.searchlog import click_token, record, record_click
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db
DASHBOARD = "/community/dashboard/"


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def searched():
    for _ in range(3):
        bins = record("bin day", backend="postgresql", hits=5)
    record_click(click_token(bins, "/blog/x/"), "/blog/x/")  # one result followed
    for _ in range(2):
        record("parking permit", backend="postgresql", hits=2)  # found, never followed
    record("marmalade wardrobe", backend="postgresql", hits=0)  # found nothing


def test_a_manager_sees_the_most_frequent_searches_and_those_nobody_followed(client, searched):
    client.force_login(ModeratorFactory())
    page = client.get(DASHBOARD).content.decode()
    for key in ("frequent-searches", "searches-without-clicks", "searches"):
        assert f'data-testid="panel-{key}"' in page
    frequent = rows_of(client.get(f"{DASHBOARD}frequent-searches.csv"))
    assert frequent[0] == ["Search", "Times", "Results followed", "Found nothing", "Last searched"]
    assert [row[:4] for row in frequent[1:]] == [
        ["bin day", "3", "1", "0"],
        ["parking permit", "2", "0", "0"],
        ["marmalade wardrobe", "1", "0", "1"],
    ]
    ignored = rows_of(client.get(f"{DASHBOARD}searches-without-clicks.csv"))
    assert [row[:2] for row in ignored[1:]] == [["parking permit", "2"]]
    unmet = rows_of(client.get(f"{DASHBOARD}searches.csv"))
    assert [row[:2] for row in unmet[1:]] == [["marmalade wardrobe", "1"]]


def test_search_panels_are_never_public(client, searched):
    page = client.get("/community/").content.decode()
    assert "bin day" not in page and "parking permit" not in page
    for key in ("frequent-searches", "searches-without-clicks", "searches"):
        assert client.get(f"/community/{key}.csv").status_code == 404
