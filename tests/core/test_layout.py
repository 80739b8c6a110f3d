"""The layout every page shares (templates/base.html and templates/core/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_unread_badge_shows_the_count_from_one_query(client):
    member = UserFactory()
    for n in range(2):
        Notification.objects.create(recipient=member, kind="test", text=f"Note {n}")
    client.force_login(member)

    with CaptureQueriesContext(connection) as queries:
        content = client.get(reverse("accessibility")).content.decode()

    assert '<span class="hub-badge" data-unread-notifications>2<' in content
    counts = [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1


def test_no_badge_without_unread_notifications(client):
    client.force_login(UserFactory())
    assert "data-unread-notifications" not in client.get(reverse("accessibility")).content.decode()
