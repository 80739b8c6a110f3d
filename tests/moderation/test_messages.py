"""Chat messages through the one moderation seam: flag, hide (author told why), tombstone in
pages, frames, the API and search, the hidden list, restore."""

import random
import string

import pytest
from django.urls import reverse

from hub.discussions.selectors import message_payload
from hub.discussions.services import message_post
from hub.moderation.models import Decision
from hub.moderation.registry import registered
from hub.moderation.services import content_hide, content_restore, flag_create
from hub.notifications.models import Notification
from search.api import search
from search.backends import get_backend
from search.indexing import drain
from tests.discussions.factories import ChannelFactory
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_send_rate(settings):
    settings.DISCUSSIONS_SEND_RATE = "10000/m"
    settings.PAGE_CACHE_URL_NAMES = frozenset()


def test_each_kind_of_content_is_declared_once_by_the_app_that_owns_it():
    assert {
        "blog.post",
        "blog.comment",
        "discussions.message",
    } <= set(registered())


def test_a_hidden_chat_message_is_a_tombstone_for_everyone_but_its_author_and_moderators(
    client, django_capture_on_commit_callbacks
):
    author, reader, reporter = UserFactory(), UserFactory(), UserFactory()
    moderator = ModeratorFactory()
    channel = ChannelFactory()
    message = message_post(channel=channel, author=author, body="Buy cheap watches")
    flag_create(reporter=reporter, target=message, reason="Spam")
    client.force_login(moderator)
    assert f"Message 1 in #{channel.slug}" in client.get(reverse("moderation:queue")).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation:review", args=["discussions.message", message.pk]),
            {"action": "hide", "note": "Advertising"},
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.is_hidden
    payload = message_payload(message)
    assert payload["hidden"] and payload["body"] == "" and payload["html"] == ""
    assert payload["author"] is None
    decision = Decision.objects.get(object_id=message.pk, action="hide")
    assert decision.moderator == moderator and decision.note == "Advertising"

    client.force_login(reader)
    page = client.get(channel.get_absolute_url()).text
    assert "Buy cheap watches" not in page and "was hidden by a moderator" in page
    api = client.get(f"/api/v1/channels/{channel.slug}/messages").json()["items"][0]
    assert api["hidden"] and api["body"] == "" and api["author"] is None
    client.force_login(author)
    assert "Buy cheap watches" in client.get(channel.get_absolute_url()).text
    notice = Notification.objects.get(recipient=author, kind="moderation.decision_made")
    assert "hid your message" in notice.text and "Advertising" in notice.text
    assert not Notification.objects.filter(kind="moderation.decision_made").exclude(
        recipient=author
    )

    client.force_login(moderator)
    hidden = client.get(reverse("moderation:hidden")).text
    assert f"Message {message.sequence} in #{channel.slug}" in hidden and "Advertising" in hidden
    with django_capture_on_commit_callbacks(execute=True):
        content_restore(moderator=moderator, target=message, note="It was a joke")
    client.force_login(reader)
    assert "Buy cheap watches" in client.get(channel.get_absolute_url()).text
    assert Notification.objects.filter(
        recipient=author, kind="moderation.decision_made", text__contains="restored"
    )
    client.force_login(moderator)
    assert "Nothing is hidden." in client.get(reverse("moderation:hidden")).text


def found(word: str, user) -> list[str]:
    """Search as ``user`` after the outbox is drained: the hits' addresses."""
    backend = get_backend()
    drain(backend)
    if hasattr(backend, "refresh"):
        backend.refresh()
    return [hit.url for hit in search(query=word, user=user, with_facets=False).hits]


def test_a_hidden_message_leaves_search():
    author, reader, moderator = UserFactory(), UserFactory(), ModeratorFactory()
    channel = ChannelFactory()
    word = "zanzibar" + "".join(random.choices(string.ascii_lowercase, k=10))
    message = message_post(channel=channel, author=author, body=f"{word} recycling")
    assert len(found(word, reader)) == 1
    content_hide(moderator=moderator, target=message, note="Spam")
    assert found(word, reader) == []
    content_restore(moderator=moderator, target=message, note="Fine after all")
    assert len(found(word, reader)) == 1


def test_the_hidden_list_is_for_moderators_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("moderation:hidden")).status_code == 404
    client.logout()
    assert client.get(reverse("moderation:hidden")).status_code == 302
