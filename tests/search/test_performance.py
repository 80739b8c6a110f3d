"""The results page and the JSON API cost a fixed number of queries however many groups and
private channels the viewer belongs to (their access keys), and answer in reasonable time."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.discussions.models import Channel
from hub.discussions.services import channel_create, channel_member_add
from hub.groups.models import Membership, WorkingGroup
from tests.factories import UserFactory
from tests.search.factories import community

pytestmark = pytest.mark.django_db
QUESTION = "how do other councils handle recyclng colection?"
# Queries for the misspelt question filtered to one council type, per backend. All backends:
# session, user, 2 for the viewer's access keys (group ids, asked by the groups and both
# standards adapters but remembered per user object; private channels), council and author
# facet labels; the page adds the header's notification count and moderator check.
# Database: + known words, trigram neighbours (one UNION on PostgreSQL, one length-window scan
# on SQLite), count, facets (one grouped query + one per filtered field), ranked ids, the
# page's rows, snippets, and the exact counts behind "did you mean" (one aggregate on
# PostgreSQL, one count per word on SQLite). Both pages also write the search log row (one
# INSERT in a savepoint: three statements inside the test's transaction, one in production).
MAX_QUERIES = {
    ("elasticsearch", "search:search"): 9,
    ("elasticsearch", "search:api"): 8,
    ("postgresql", "search:search"): 18,
    ("postgresql", "search:api"): 17,
    ("sqlite", "search:search"): 25,
    ("sqlite", "search:api"): 23,
}
# Generous for a shared 2-core machine running other suites; measured well under 0.5 s.
MAX_SECONDS = 3.0


@pytest.fixture(autouse=True)
def _generous_chat_rate(settings):
    settings.DISCUSSIONS_SEND_RATE = "10000/m"


@pytest.fixture
def made(search_backend, reindex):
    made = community()
    reindex()
    made["backend"] = search_backend
    return made


def _member_of(made, groups: int, channels: int):
    """A member of the members-only group plus ``groups - 1`` more, invited to ``channels``."""
    member = UserFactory()
    Membership.objects.create(group=made["groups"]["secret"], user=member)
    for n in range(groups - 1):
        group = WorkingGroup.objects.create(
            name=f"Group {n}", slug=f"group-{n}-{member.pk}", purpose="x",
            visibility=WorkingGroup.Visibility.MEMBERS,
        )  # fmt: skip
        Membership.objects.create(group=group, user=member)
    owner = made["people"]["ann"]
    for n in range(channels):
        channel = channel_create(
            name=f"Private {n} {member.pk}", created_by=owner, kind=Channel.Kind.PRIVATE
        )
        channel_member_add(channel=channel, user=member, added_by=owner)
    return member


def _cost(client, url: str, params: dict) -> tuple[int, float, object]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return len(queries), elapsed, response


@pytest.mark.parametrize("view", ["search:search", "search:api", "search:autocomplete"])
def test_query_count_does_not_grow_with_the_viewers_groups_and_channels(
    client, made, view, settings
):
    # Compare rendered pages: a member's repeat view would come from the page cache.
    settings.PAGE_CACHE_URL_NAMES = frozenset()
    url = reverse(view)
    params = {"q": QUESTION, "council_type": "NMD"} if view != "search:autocomplete" else {
        "q": "recycling col"
    }  # fmt: skip
    client.force_login(_member_of(made, groups=1, channels=0))
    _cost(client, url, params)  # warm per-process caches (type labels, backend client)
    few, _, _ = _cost(client, url, params)

    client.force_login(_member_of(made, groups=8, channels=6))
    _cost(client, url, params)  # warm per-member caches (the header's unread count)
    many, _, response = _cost(client, url, params)

    assert many == few
    if view == "search:api":
        results = response.json()["results"]
        assert {r["type"] for r in results} >= {"post", "standard_section", "message"}
        assert "standard_comment" in {r["type"] for r in results}  # they see the secret group


@pytest.mark.parametrize("view", ["search:search", "search:api"])
def test_results_for_a_busy_member_are_pinned_and_fast(
    client, made, view, django_assert_max_num_queries
):
    client.force_login(_member_of(made, groups=8, channels=6))
    url = reverse(view)
    client.get(url, {"q": "recycling"})  # warm-up

    engine = "elasticsearch" if made["backend"].name == "elasticsearch" else connection.vendor
    with django_assert_max_num_queries(MAX_QUERIES[engine, view]):
        _, elapsed, response = _cost(client, url, {"q": QUESTION, "council_type": "NMD"})

    assert elapsed < MAX_SECONDS, f"{view} took {elapsed:.2f} s"
    body = response.content.decode()
    assert "Chat messages" in body and "Reducing missed bin collections" in body


# The results page as bench/pages.py loads it (issue 15): exact counts, not ceilings, signed
# out and signed in, rendered (not from the page cache), the same at two sizes. Per backend:
# (signed out, signed in). Both write the search log row (three statements inside the test's
# transaction: savepoint, INSERT, release); signed in adds the session's user, the viewer's
# access keys, the header's unread count and the moderator check.
EXACT_QUERIES = {"database": (10, 14), "elasticsearch": (5, 9)}


def _results_world(n: int) -> None:
    from hub.blog.services import post_create
    from hub.discussions.services import message_post
    from tests.factories import CouncilFactory

    people = [UserFactory(profile__council=CouncilFactory()) for _ in range(n)]
    channel = channel_create(name=f"Bins {n}", created_by=people[0])
    for i, person in enumerate(people):
        post_create(author=person, title=f"Bins collection day {i}", body="Bins, **bins**.",
                    status="published", tags=["bins"])  # fmt: skip
        message_post(channel=channel, author=person, body=f"Bins go out on day {i}")


@pytest.mark.parametrize("size", [2, 5])
def test_results_page_runs_exactly_its_pinned_queries(client, search_backend, reindex, size):
    _results_world(size)
    reindex()
    url = reverse("search:search")
    signed_out, signed_in = EXACT_QUERIES[search_backend.name]
    client.get(url, {"q": "warm"})  # per-process caches (type labels, backend client)
    out, _, response = _cost(client, url, {"q": "bins"})
    assert response.content.decode().count("Bins collection day") == size
    stored_out, _, again = _cost(client, url, {"q": "bins"})
    assert again["X-Page-Cache"] == "hit"

    client.force_login(UserFactory())
    client.get(url, {"q": "warm"})  # per-member caches (the header's unread count)
    signed_in_count, _, response = _cost(client, url, {"q": "bins"})
    assert response.content.decode().count("Bins collection day") == size
    stored_in, _, again = _cost(client, url, {"q": "bins"})
    assert again["X-Page-Cache"] == "hit"
    assert (out, signed_in_count) == (signed_out, signed_in)
    assert (stored_out, stored_in) == (0, 1)  # a stored copy; signed in, the session's user
