"""Community dashboards: who may see them, what they show, CSV downloads, pinned query counts."""

import csv
import io

import pytest

from search.searchlog import record
from tests.blog.factories import CommentFactory, PostFactory
from tests.community.factories import adopt, message, published_standard
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory
from tests.pledges.factories import BackingCallFactory

pytestmark = pytest.mark.django_db
DASHBOARD = "/community/dashboard/"
PAGE_QUERIES = 19


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def manager_client(client):
    client.force_login(ModeratorFactory())
    return client


@pytest.mark.parametrize(
    "role, status",
    [("anonymous", 302), ("member", 404), ("moderator", 200), ("staff", 200)],
)
def test_only_staff_and_moderators_open_the_dashboard_and_its_csv(client, role, status):
    users = {
        "member": UserFactory,
        "moderator": ModeratorFactory,
        "staff": lambda: UserFactory(is_staff=True),
    }
    if role in users:
        client.force_login(users[role]())
    assert client.get(DASHBOARD).status_code == status
    assert client.get(f"{DASHBOARD}activity.csv").status_code == status


def test_done_when_a_manager_sees_the_weeks_activity_unmet_searches_and_adoption(
    manager_client,
):
    leeds = CouncilFactory(name="Leeds")
    writer = UserFactory(profile__council=leeds)
    post = PostFactory(author=writer)
    CommentFactory(post=post, author=UserFactory())
    message(writer)
    record("marmalade wardrobe", backend="database")
    record("marmalade wardrobe", backend="database")
    standard = published_standard(title="Bin collection data")
    adopt(standard, leeds)
    adopt(standard, CouncilFactory(), kind="implementing")

    response = manager_client.get(DASHBOARD)
    page = response.content.decode()
    assert response.status_code == 200
    # The week's activity: 2 active members, 1 post, 1 comment, 1 message (the last row).
    activity = rows_of(manager_client.get(f"{DASHBOARD}activity.csv"))
    assert activity[0] == ["Week starting", "Active members", "Posts", "Comments", "Messages"]
    assert activity[-1][1:] == ["2", "1", "1", "1"]
    assert "active members 2, posts 1, comments 1, messages 1." in page
    # Searches that found nothing, with how often.
    searches = rows_of(manager_client.get(f"{DASHBOARD}searches.csv"))
    assert searches[1][:2] == ["marmalade wardrobe", "2"]
    # The adoption chart: an SVG picture beside a table of the same figures.
    assert '<svg class="hub-chart" role="img" aria-labelledby="chart-adoption-title' in page
    adoption = rows_of(manager_client.get(f"{DASHBOARD}adoption.csv"))
    assert adoption[-1][1:] == ["1", "1"]
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_council_filter_narrows_activity(manager_client):
    leeds, york = CouncilFactory(name="Leeds", slug="leeds"), CouncilFactory(slug="york")
    PostFactory(author=UserFactory(profile__council=leeds))
    PostFactory(author=UserFactory(profile__council=york))
    everyone = rows_of(manager_client.get(f"{DASHBOARD}activity.csv"))
    leeds_only = rows_of(manager_client.get(f"{DASHBOARD}activity.csv", {"council": "leeds"}))
    assert everyone[-1][2] == "2" and leeds_only[-1][2] == "1"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"since": "yesterday"}, "Enter the start as a date"),
        ({"since": "2026-05-01", "until": "2026-01-01"}, "The start must be before the end"),
        ({"since": "2020-01-01", "until": "2026-01-01"}, "a year or less"),
        ({"council": "atlantis"}, "Choose a council from the list"),
    ],
)
def test_bad_filters_get_a_clear_error_and_the_default_range(manager_client, params, message):
    response = manager_client.get(DASHBOARD, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_csv_cells_cannot_run_as_spreadsheet_formulas(manager_client):
    record('=HYPERLINK("http://evil.example","x")', backend="database")
    searches = rows_of(manager_client.get(f"{DASHBOARD}searches.csv"))
    assert searches[1][0].startswith("'=")


def test_unanswered_posts_older_than_a_week_are_counted(manager_client):
    from django.utils import timezone

    old = PostFactory(published_at=timezone.now() - timezone.timedelta(days=9))
    PostFactory(published_at=timezone.now() - timezone.timedelta(days=9))
    CommentFactory(post=PostFactory(published_at=timezone.now() - timezone.timedelta(days=9)))
    PostFactory()  # recent: not yet unanswered
    rows = rows_of(manager_client.get(f"{DASHBOARD}unanswered.csv"))
    assert rows[1] == ["Blog posts without a comment", "2"]
    assert old.get_absolute_url() in manager_client.get(DASHBOARD).content.decode()


def test_dashboard_query_count_is_pinned_whatever_the_data(
    manager_client, django_assert_max_num_queries, settings
):
    settings.COMMUNITY_CACHE_SECONDS = 0  # measure the aggregates, not the cache

    def some_data():
        council = CouncilFactory()
        author = UserFactory(profile__council=council)
        CommentFactory(post=PostFactory(author=author), author=author)
        message(author)
        adopt(standard, council)
        BackingCallFactory()
        record(f"nothing {council.pk}", backend="database")

    standard = published_standard(title="Pinned")
    some_data()
    # Session and user, the council choices (cached after the first view), then a fixed number
    # of grouped queries per panel (docs/community.md lists them).
    with django_assert_max_num_queries(PAGE_QUERIES + 1):
        manager_client.get(DASHBOARD)
    for _ in range(5):
        some_data()
    with django_assert_max_num_queries(PAGE_QUERIES):
        manager_client.get(DASHBOARD)


def test_panels_are_cached_briefly_so_a_burst_costs_one_set_of_queries(
    manager_client, django_assert_max_num_queries, settings
):
    from django.core.cache import cache

    settings.COMMUNITY_CACHE_SECONDS = 60
    PostFactory()
    manager_client.get(DASHBOARD)
    PostFactory()
    # Session, user, moderator check, unread notifications, council choices: no aggregates.
    with django_assert_max_num_queries(5):
        manager_client.get(DASHBOARD)
    assert rows_of(manager_client.get(f"{DASHBOARD}activity.csv"))[-1][2] == "1"
    cache.clear()
    assert rows_of(manager_client.get(f"{DASHBOARD}activity.csv"))[-1][2] == "2"


def test_every_dashboard_query_is_compiled_once_not_per_view(manager_client, client, settings):
    """The page's cost over its SQL was mostly the ORM compiling its queries (bench/dashboard.py):
    each selector's query is a PreparedQuery, and none may quietly fall back to the ORM."""
    from hub.core.prepared import refused_shapes

    settings.COMMUNITY_CACHE_SECONDS = 0
    leeds = CouncilFactory(slug="leeds")
    PostFactory(author=UserFactory(profile__council=leeds))
    for params in ({}, {"council": "leeds"}, {"since": "2026-01-05", "until": "2026-03-01"}):
        assert manager_client.get(DASHBOARD, params).status_code == 200
        assert client.get("/community/", params).status_code == 200
    assert [name for name, _ in refused_shapes() if name.startswith("hub.")] == []
