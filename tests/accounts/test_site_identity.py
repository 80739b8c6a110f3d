"""Account emails name the hub and its address; createsuperuser accounts sign in at once."""

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unguessable secret"


def test_confirmation_email_names_the_hub_and_the_address_it_was_sent_from(client):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="127.0.0.1:8123",
    )
    message = mail.outbox[0]
    assert "example.com" not in message.subject + message.body
    assert "LocalGov Hub" in message.body
    assert "127.0.0.1:8123" in message.body


def test_createsuperuser_account_signs_in_without_an_email_confirmation(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", "--email", "Admin@Example.org", verbosity=0)
    response = client.post("/accounts/login/", {"login": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert client.get("/profile/edit/").status_code == 200
    assert not mail.outbox


def test_people_who_sign_up_still_confirm_their_email(client):
    User.objects.create_user(email="plain@example.org", password=PASSWORD)
    response = client.post("/accounts/login/", {"login": "plain@example.org", "password": PASSWORD})
    assert "confirm-email" in response["Location"]
