"""Every URL of groups and standards, as anonymous, outsider, member, editor and convenor.

Members-only groups: everything is 404 to anonymous visitors and outsiders (pages that need
sign-in redirect to the sign-in page exactly as they would for a group that does not exist).
Public groups: editor pages are 403 to members, convenor pages to editors.
"""

import pytest
from django.urls import reverse

from hub.groups.models import Membership
from hub.standards import services
from hub.standards.models import Adoption
from hub.standards.selectors import latest_version
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory
from tests.standards.conftest import make_members_only

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "editor", "convenor"]
RANK = {"anonymous": 0, "outsider": 1, "member": 2, "editor": 3, "convenor": 4}


@pytest.fixture
def world(standard, roles):
    version = latest_version(standard)
    thread = services.thread_open(
        version=version, anchor="overview-1", author=roles["member"], body="A comment"
    )
    pending = MembershipFactory(
        group=roles["group"], user=UserFactory(), state=Membership.State.PENDING
    )
    adoption = Adoption.objects.create(
        standard=standard,
        version=version,
        council=roles["member"].profile.council,
        declared_by=roles["member"],
    )
    member_row = Membership.objects.get(group=roles["group"], user=roles["member"])
    return {
        "standard": standard,
        "version": version,
        "thread": thread,
        "pending": pending,
        "adoption": adoption,
        "member_row": member_row,
        **roles,
    }


def urls(w):
    """(method, url, minimum role for success, need sign-in) for every route."""
    s, g = w["standard"].slug, w["group"].slug
    n = w["version"].number
    t = w["thread"].pk
    return [
        ("get", reverse("groups:list"), "anonymous", False),
        ("get", reverse("groups:detail", args=[g]), "anonymous", False),
        ("get", reverse("groups:members", args=[g]), "anonymous", False),
        ("get", reverse("groups:edit", args=[g]), "convenor", True),
        ("post", reverse("groups:join", args=[g]), "outsider", True),
        ("post", reverse("groups:request_decide", args=[g, w["pending"].pk]), "convenor", True),
        ("post", reverse("groups:role", args=[g, w["member_row"].pk]), "convenor", True),
        ("get", reverse("standards:list"), "anonymous", False),
        ("get", reverse("standards:create", args=[g]), "editor", True),
        ("get", reverse("standards:detail", args=[s]), "anonymous", False),
        ("get", reverse("standards:settings", args=[s]), "editor", True),
        ("get", reverse("standards:edit", args=[s]), "editor", True),
        ("get", reverse("standards:publish", args=[s]), "editor", True),
        ("get", reverse("standards:status", args=[s]), "convenor", True),
        ("post", reverse("standards:follow", args=[s]), "outsider", True),
        ("get", reverse("standards:feed", args=[s]), "anonymous", False),
        ("get", reverse("standards:version", args=[s, n]), "anonymous", False),
        ("get", reverse("standards:export", args=[s, n, "md"]), "anonymous", False),
        ("get", reverse("standards:export", args=[s, n, "html"]), "anonymous", False),
        ("get", reverse("standards:export", args=[s, n, "json"]), "anonymous", False),
        ("get", reverse("standards:comment", args=[s, n, "overview-1"]), "outsider", True),
        ("get", reverse("standards:diff_choose", args=[s]) + f"?from={n}&to={n}", "anonymous", False),
        ("get", reverse("standards:diff", args=[s, n, n]), "anonymous", False),
        ("get", reverse("standards:threads", args=[s]), "anonymous", False),
        ("get", reverse("standards:thread", args=[s, t]), "anonymous", False),
        ("post", reverse("standards:thread_reply", args=[s, t]), "member", True),
        ("post", reverse("standards:thread_decide", args=[s, t]), "editor", True),
        ("post", reverse("standards:thread_anchor", args=[s, t]), "editor", True),
        ("get", reverse("standards:consultation", args=[s]), "anonymous", False),
        ("get", reverse("standards:consultation_response", args=[s]), "anonymous", False),
        ("get", reverse("standards:consultation_response_csv", args=[s]), "anonymous", False),
        ("get", reverse("standards:adoptions", args=[s]), "anonymous", False),
        ("post", reverse("standards:adoption_withdraw", args=[s, w["adoption"].pk]), "convenor", True),
        # Last: these change who is in the group.
        ("post", reverse("groups:leave", args=[g]), "member", True),
        ("post", reverse("groups:remove", args=[g, w["member_row"].pk]), "convenor", True),
    ]  # fmt: skip


def _client(client, world, role):
    if role != "anonymous":
        client.force_login(world[role])
    return client


POST_DATA = {"body": "Reply text", "decision": "resolve", "response": "Fine", "anchor": "overview-1",
             "role": "member", "reason": "Testing", "following": "1"}  # fmt: skip


def _request(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, POST_DATA)


@pytest.mark.parametrize("role", ROLES)
def test_members_only_group_is_invisible_to_outsiders(client, world, role):
    make_members_only(world["group"])
    client = _client(client, world, role)
    for method, url, minimum, needs_sign_in in urls(world):
        if url in {reverse("groups:list"), reverse("standards:list")}:
            continue
        response = _request(client, method, url)
        if role == "anonymous" and needs_sign_in and response.status_code != 404:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif role in {"anonymous", "outsider"}:
            assert response.status_code == 404, (role, method, url, response.status_code)
        elif not ("/groups/" in url and RANK[role] < RANK[minimum]):
            # Members see everything (group management pages are 404 to non-convenors).
            assert response.status_code != 404, (role, method, url)


@pytest.mark.parametrize("role", ROLES)
def test_members_only_group_is_absent_from_lists_for_outsiders(client, world, role):
    make_members_only(world["group"])
    client = _client(client, world, role)
    visible = RANK[role] >= RANK["member"]
    for url, needle in [
        (reverse("groups:list"), world["group"].name),
        (reverse("standards:list"), world["standard"].title),
    ]:
        assert (needle in client.get(url).content.decode()) == visible, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_pages(client, world, role):
    client = _client(client, world, role)
    for method, url, minimum, needs_sign_in in urls(world):
        response = _request(client, method, url)
        allowed = RANK[role] >= RANK[minimum]
        if role == "anonymous" and needs_sign_in:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif allowed:
            assert response.status_code in {200, 302}, (role, method, url, response.status_code)
        elif "/groups/" in url:
            # Group management pages are not offered to non-convenors at all.
            assert response.status_code in {302, 403, 404}, (
                role,
                method,
                url,
                response.status_code,
            )
            if response.status_code == 302:
                assert response["Location"] != url
        else:
            assert response.status_code in {403, 404} or (
                method == "post" and response.status_code in {302, 400}
            ), (role, method, url, response.status_code)


def test_members_who_are_not_editors_cannot_decide_or_move(client, world):
    client.force_login(world["member"])
    t = world["thread"]
    url = reverse("standards:thread_decide", args=[world["standard"].slug, t.pk])
    assert client.post(url, POST_DATA).status_code == 403
    t.refresh_from_db()
    assert t.state == "open"
