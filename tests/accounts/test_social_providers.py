"""Google and Microsoft sign-in appear only when their credentials are configured."""

import pytest
from django.test import override_settings

from hub.settings.base import _social_providers

pytestmark = pytest.mark.django_db


def test_no_social_providers_without_credentials(monkeypatch, client):
    for name in ("GOOGLE_CLIENT_ID", "MICROSOFT_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    assert _social_providers() == {}
    body = client.get("/accounts/login/").content.decode()
    assert "/accounts/google/login/" not in body
    assert "/accounts/microsoft/login/" not in body


def test_providers_appear_when_credentials_are_set(monkeypatch, client):
    monkeypatch.setenv("GOOGLE_CLIENT_ID", "google-id")
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "google-secret")
    monkeypatch.setenv("MICROSOFT_CLIENT_ID", "ms-id")
    monkeypatch.setenv("MICROSOFT_CLIENT_SECRET", "ms-secret")
    providers = _social_providers()
    assert providers["google"]["APPS"][0]["client_id"] == "google-id"
    assert providers["microsoft"]["APPS"][0]["settings"]["tenant"] == "organizations"
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        body = client.get("/accounts/login/").content.decode()
    assert "/accounts/google/login/" in body
    assert "/accounts/microsoft/login/" in body
