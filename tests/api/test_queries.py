"""Every list endpoint runs the same, pinned number of queries whatever the page size.

Counts are for a token caller after its first request of the minute (which also records the
token's last use): token lookup, then the list's own queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.blog.services import comment_create, post_create
from hub.discussions.services import channel_create, message_post
from hub.sharing.services import project_update_post
from hub.standards.services import thread_open
from tests.api.conftest import ApiClient, make_token
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory
from tests.standards.factories import StandardFactory

pytestmark = pytest.mark.django_db

MANY = 12

# path: exact queries for a page of 1 and a page of MANY
PINNED = {
    "/councils": 2,
    "/services": 2,
    "/people": 3,
    "/groups": 2,
    "/standards": 2,
    "/standards/closed-standard/threads": 3,
    "/standards/closed-standard/versions": 3,
    "/standards/closed-standard/adoptions": 3,
    "/posts": 4,
    "/posts/{post}/comments": 7,
    "/channels": 3,
    "/channels/{channel}/messages": 3,
    "/projects": 4,
    "/projects/{project}/updates": 5,
    "/artefacts": 5,
}


@pytest.fixture
def lots(world):
    member = world["member"]
    group_ids = []
    for n in range(MANY):
        user = UserFactory(profile__council=CouncilFactory(), profile__interests=["bins"])
        ServiceTopicFactory()
        group = WorkingGroupFactory()
        MembershipFactory(group=group, user=member)
        group_ids.append(group.pk)
        StandardFactory(group=group)
        post = post_create(
            author=user, title=f"Post {n}", body="Body", status="published", tags=["bins", f"t{n}"]
        )
        comment_create(post=post, author=member, body=f"Comment {n}", rate_limited=False)
        channel = channel_create(created_by=member, name=f"Channel {n}")
        project = ProjectFactory(lead=user)
        ArtefactFactory(contributor=user, published_on=timezone.localdate())
    first_post = post
    for n in range(MANY):
        message_post(channel=channel, author=member, body=f"Message {n}")
        project_update_post(project=project, user=user, body=f"Update {n}")
        comment_create(post=first_post, author=user, body=f"Reply {n}", rate_limited=False)
    from django.core.cache import cache

    cache.clear()  # the standards comment limit is 20 a minute
    for n in range(MANY):
        thread_open(
            version=world["version"], anchor="bin-types", author=member, body=f"Comment {n}"
        )
    return {"post": first_post.pk, "channel": channel.slug, "project": project.slug}


@pytest.mark.parametrize("path", list(PINNED))
def test_list_query_count_is_fixed_and_pinned(world, lots, path):
    client = ApiClient(make_token(world["member"]))
    url = "/api/v1" + path.format(**lots)
    client.get(url)  # records the token's last use (once a minute)
    counts = []
    for limit in (1, MANY):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"limit": limit})
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        items = body["items"] if isinstance(body, dict) else body
        if isinstance(body, dict):
            assert len(items) == limit, (path, limit, len(items))
        counts.append(len(queries))
    assert counts == [PINNED[path], PINNED[path]], (path, counts)
