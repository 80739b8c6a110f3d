"""Exact query counts on the pages people read most (issue 15), as each kind of reader.

Each page is built at two sizes: the same count at both shows no query per item. "rendered" is
a page the cache does not hold (the first view after a change); "stored" is the next view.
A signed-out reader of a stored page costs no query at all; a signed-in member's stored page
costs the session's user only (the session and the unread count come from the cache).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.blog.services import comment_create, post_create
from hub.discussions.services import channel_create, message_post
from hub.standards import services as standards
from hub.standards.selectors import latest_version
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.sharing.factories import ProjectFactory, ServiceTopicFactory
from tests.standards.factories import StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.BLOG_RATE_LIMITS = {"post": "10000/m", "comment": "10000/m"}
    settings.DISCUSSIONS_SEND_RATE = "10000/m"


def _community(n: int) -> dict:
    council = CouncilFactory()
    people = [UserFactory(profile__council=council) for _ in range(4)]
    service = ServiceTopicFactory()
    for i in range(n):
        post = post_create(author=people[i % 4], title=f"Post {i}", body="Some **text**.",
                           status="published", tags=["bins", f"t{i}"],
                           published_at=timezone.now() - datetime.timedelta(hours=i + 1),
                           councils=[council], services=[service])  # fmt: skip
        for c in range(n):
            comment_create(post=post, author=people[c % 4], body=f"Comment {c}",
                           rate_limited=False)  # fmt: skip
        ProjectFactory(owner_council=council, services=[service])
    group = WorkingGroupFactory()
    MembershipFactory(group=group, user=people[0], role="convenor")
    body = "# Standard {#overview}\n\nIntro.\n\n" + "".join(
        f"## Section {s} {{#section-{s}}}\n\nSection {s} text.\n\n" for s in range(1, n + 1)
    )
    standard = StandardFactory(group=group, draft_body=body)
    standards.standard_version_publish(standard=standard, editor=people[0])
    standards.standard_status_change(
        standard=standard, actor=people[0], to_status="consultation", reason="Read it.",
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )  # fmt: skip
    version = latest_version(standard)
    for t in range(n):
        standards.thread_open(version=version, anchor=f"section-{t + 1}-1",
                              author=people[1 + t % 3], body=f"Thread {t}")  # fmt: skip
    channel = channel_create(name="Bins", created_by=people[0])
    for m in range(n * 3):
        message_post(channel=channel, author=people[m % 4], body=f"Message {m}")
    return {
        "blog list": reverse("blog:list"),
        "post": post.get_absolute_url(),
        "feed": reverse("blog:feed"),
        "standard version": version.get_absolute_url(),
        "channel": channel.get_absolute_url(),
        "service": service.get_absolute_url(),
        "council": council.get_absolute_url(),
        "reader": people[3],
    }


# page: (signed out rendered, signed in rendered)
# Signed in, pages with the header also read its unread count (then cached for a minute).
# The channel sends signed-out readers to sign in. The search results page is pinned exactly,
# per backend, by tests/search/test_performance.py::test_results_page_runs_exactly_its_pinned_queries.
QUERIES = {
    "blog list": (5, 8),
    "post": (6, 13),
    "feed": (3, 3),
    "standard version": (14, 21),
    "channel": (0, 12),
    "service": (8, 14),
    "council": (13, 17),
}


@pytest.fixture(autouse=True)
def _warm_content_types(db):
    """Content types are cached per process; pin the steady state, not a cold first request."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())


@pytest.mark.parametrize("size", [2, 5])
@pytest.mark.parametrize("page", list(QUERIES))
def test_page_runs_exactly_its_pinned_queries(client, django_assert_num_queries, page, size):
    pages = _community(size)
    signed_out, signed_in = QUERIES[page]
    with django_assert_num_queries(signed_out):
        first = client.get(pages[page])
    with django_assert_num_queries(0):
        again = client.get(pages[page])
    assert again.status_code == first.status_code
    assert again["X-Page-Cache"] == "hit"
    client.force_login(pages["reader"])
    with django_assert_num_queries(signed_in):
        first = client.get(pages[page])
    assert first.status_code == 200
    if page == "channel":
        # The first view marked the channel read, which changes this member's pages: the
        # copy rendered before that is not used; the next one is.
        client.get(pages[page])
    with django_assert_num_queries(1):
        again = client.get(pages[page])
    assert again["X-Page-Cache"] == "hit"
