"""Stored API reads (hub/api/readcache.py): a caller's repeated read needs no database, and
nothing they may no longer see, no revoked or expired token, no limit is ever skipped."""

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.api import readcache
from hub.api.models import PersonalAccessToken
from hub.api.services import token_revoke
from hub.blog.services import post_create
from hub.core.pagecache import member_pages_changed
from tests.api.conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/posts"


def _warm(client, path=POSTS):
    """The first read checks the token in full and remembers it; the second is stored."""
    client.get(path)
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_a_token_callers_repeated_read_is_answered_without_the_database(world):
    post_create(author=world["member"], title="Bins", body="Hello", status="published")
    client = ApiClient(make_token(world["member"]))
    stored = _warm(client)
    assert stored[readcache.HIT_HEADER] == "miss"
    client.get(POSTS)  # the first hit records the token's use (once a minute)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(POSTS)
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert hit[readcache.HIT_HEADER] == "hit"
    assert hit.content == stored.content and hit["ETag"] == stored["ETag"]
    assert hit["Vary"] == "Authorization, Cookie"


def test_if_none_match_on_a_stored_read_is_304(world):
    client = ApiClient(make_token(world["member"]))
    etag = _warm(client)["ETag"]
    response = client.get(POSTS, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response["ETag"] == etag


def test_a_write_is_seen_at_once(world):
    client = ApiClient(make_token(world["member"]))
    _warm(client)
    created = client.post_json(POSTS, {"title": "New post", "status": "published", "body": "Hi"})
    assert created.status_code == 201, created.content
    titles = [p["title"] for p in client.get(POSTS).json()["items"]]
    assert "New post" in titles
    post_create(author=world["editor"], title="From the page", body="x", status="published")
    assert "From the page" in [p["title"] for p in client.get(POSTS).json()["items"]]


def test_copies_are_never_shared_between_callers(world):
    path = "/api/v1/standards/closed-standard"
    member = ApiClient(make_token(world["member"]))
    assert _warm(member, path).json()["slug"] == "closed-standard"
    for client in (ApiClient(make_token(world["outsider"])), ApiClient()):
        client.get(path)
        response = client.get(path)
        assert response.status_code == 404
        assert readcache.HIT_HEADER not in response


def test_anonymous_callers_share_the_public_copy(world):
    ApiClient().get(POSTS)
    assert ApiClient().get(POSTS)[readcache.HIT_HEADER] == "hit"


def test_a_revoked_token_gets_401_at_once(world):
    raw = make_token(world["member"])
    client = ApiClient(raw)
    _warm(client)
    token = PersonalAccessToken.objects.get(user=world["member"])
    token_revoke(token=token, user=world["member"])
    response = client.get(POSTS)
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"


def test_an_expired_token_gets_401_even_with_a_stored_read(world, monkeypatch):
    client = ApiClient(make_token(world["member"], days=7))
    _warm(client)
    assert client.get(POSTS)[readcache.HIT_HEADER] == "hit"
    # Eight days later:
    PersonalAccessToken.objects.update(expires_at=PersonalAccessToken.objects.get().created_at)
    monkeypatch.setattr(readcache, "_now", lambda: time.time() + 8 * 86400)
    assert client.get(POSTS).status_code == 401


def test_hits_count_against_the_rate_limit(world, settings):
    settings.API_RATE_LIMITS = {"read": "4/m", "write": "60/m"}
    client = ApiClient(make_token(world["member"]))
    _warm(client)
    statuses = [client.get(POSTS).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_last_use_is_still_recorded(world):
    client = ApiClient(make_token(world["member"]))
    _warm(client)
    PersonalAccessToken.objects.update(last_used_at=None)
    assert client.get(POSTS)[readcache.HIT_HEADER] == "hit"
    assert PersonalAccessToken.objects.get().last_used_at is not None


def test_per_member_changes_drop_the_members_copies(world):
    """Unread counts change without a content write; the channels app says so."""
    client = ApiClient(make_token(world["member"]))
    _warm(client, "/api/v1/channels")
    member_pages_changed([world["member"].pk])
    assert client.get("/api/v1/channels")[readcache.HIT_HEADER] == "miss"
    assert client.get("/api/v1/channels")[readcache.HIT_HEADER] == "hit"  # stored afresh


def test_session_callers_are_always_answered_afresh(world):
    client = Client()
    client.force_login(world["member"])
    for _ in range(3):
        response = client.get(POSTS)
        assert response.status_code == 200 and readcache.HIT_HEADER not in response


def test_the_cache_can_be_turned_off(world, settings):
    settings.API_CACHE_SECONDS = 0
    client = ApiClient(make_token(world["member"]))
    for _ in range(3):
        assert readcache.HIT_HEADER not in client.get(POSTS)
