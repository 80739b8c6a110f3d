"""Personal access tokens: made on the settings page, shown once, stored hashed, scoped,
expiring, revocable, never accepted in URLs."""

import datetime
import hashlib
import re

import pytest
from django.utils import timezone

from hub.api.models import PersonalAccessToken
from hub.api.services import token_revoke
from tests.api.conftest import ApiClient, make_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_member_creates_a_token_on_the_settings_page_and_sees_it_once(client):
    user = UserFactory()
    client.force_login(user)
    assert "/account/tokens/" in client.get("/account/settings/").content.decode()
    response = client.post(
        "/account/tokens/",
        {
            "name": "Council website",
            "scopes": ["standards:read", "blog:write"],
            "expires_in_days": 30,
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = re.search(r"data-token-value>(lgh_[\w-]+)<", response.content.decode()).group(1)
    token = PersonalAccessToken.objects.get(user=user)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(PersonalAccessToken.objects.filter(pk=token.pk).values().get())
    assert token.scopes == ["blog:write", "standards:read"]
    assert timezone.now() + datetime.timedelta(days=29) < token.expires_at
    again = client.get("/account/tokens/").content.decode()
    assert raw not in again and token.prefix in again and "Never used" in again
    ApiClient(raw).get("/api/v1/councils")
    assert "Last used" in client.get("/account/tokens/").content.decode()


def test_the_settings_page_refuses_a_token_without_scopes(client):
    client.force_login(UserFactory())
    response = client.post("/account/tokens/", {"name": "x", "expires_in_days": 30})
    assert "Choose at least one area" in response.content.decode()
    assert not PersonalAccessToken.objects.exists()


def test_revoked_expired_and_wrong_tokens_get_401_in_the_error_shape(client):
    user = UserFactory()
    raw = make_token(user)
    assert ApiClient(raw).get("/api/v1/groups").status_code == 200
    client.force_login(user)
    token = PersonalAccessToken.objects.get(user=user)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    response = ApiClient(raw).get("/api/v1/groups")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
    assert set(response.json()) == {"code", "message", "fields"}

    expired = make_token(user)
    PersonalAccessToken.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert ApiClient(expired).get("/api/v1/groups").status_code == 401
    assert ApiClient("lgh_not-a-real-token").get("/api/v1/groups").status_code == 401
    basic = ApiClient().get("/api/v1/groups", headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401


def test_someone_else_cannot_revoke_my_token(client):
    owner, other = UserFactory(), UserFactory()
    make_token(owner)
    token = PersonalAccessToken.objects.get(user=owner)
    client.force_login(other)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(PermissionError):
        token_revoke(token=token, user=other)
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("param", ["token", "access_token", "api_key"])
def test_a_token_in_the_url_is_refused_even_when_valid(param):
    raw = make_token(UserFactory())
    response = ApiClient().get(f"/api/v1/councils?{param}={raw}")
    assert response.status_code == 400
    assert response.json()["code"] == "token_in_url"


def test_scopes_limit_areas_and_writing(world):
    read_standards = ApiClient(make_token(world["member"], ["standards:read"]))
    assert read_standards.get("/api/v1/standards/closed-standard").status_code == 200
    assert read_standards.get("/api/v1/posts").status_code == 403
    assert read_standards.get("/api/v1/councils").status_code == 200  # public directory
    reply = read_standards.post_json(
        f"/api/v1/standards/closed-standard/threads/{world['thread'].pk}/replies", {"body": "Hi"}
    )
    assert reply.status_code == 403
    assert reply.json()["code"] == "insufficient_scope"
    writer = ApiClient(make_token(world["member"], ["standards:write"]))
    reply = writer.post_json(
        f"/api/v1/standards/closed-standard/threads/{world['thread'].pk}/replies", {"body": "Hi"}
    )
    assert reply.status_code == 201


def test_session_writes_need_the_csrf_token(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["member"])
    path = f"/api/v1/standards/closed-standard/threads/{world['thread'].pk}/replies"
    refused = browser.post(path, {"body": "Hi"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    browser.get("/account/tokens/")  # sets the CSRF cookie, like any page
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        path, {"body": "Hi"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201
    assert browser.get("/api/v1/standards/closed-standard").status_code == 200
