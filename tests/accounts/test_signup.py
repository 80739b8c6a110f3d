"""Sign-up with allauth: mandatory verification, duplicates refused, errors in GOV.UK style."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unguessable secret"


def test_signup_sends_verification_and_blocks_login_until_verified(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.logout()
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/profile/edit/")


def test_duplicate_email_is_refused_case_insensitively(client):
    UserFactory(email="Taken@Example.org")
    response = client.post(
        "/accounts/signup/",
        {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "already registered" in body
    assert 'value="taken@example.org"' in body


def test_oversized_email_is_rejected(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "a" * 250 + "@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
def test_failed_sign_in_is_rate_limited(client):
    from django.core.cache import cache

    cache.clear()
    user = UserFactory()
    bodies = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).content
        for _ in range(4)
    ]
    assert b"Too many failed login attempts" not in bodies[0]
    assert b"Too many failed login attempts" in bodies[-1]
    right = {"login": user.email, "password": "correct horse battery staple"}
    assert b"Too many failed login attempts" in client.post("/accounts/login/", right).content
