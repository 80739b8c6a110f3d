"""Rendered Markdown is stored by content (hub.core.rendering) on every page that renders many
bodies: posts and comments, a standard version's blocks and a channel's messages are rendered
once, then read back in one round trip (issue 15: first renders after a change)."""

import uuid

import pytest
from django.core.cache import cache

from hub.core.rendering import _key
from hub.discussions.services import channel_create, message_post
from hub.standards import services as standards
from hub.standards.selectors import latest_version, version_blocks
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    settings.PAGE_CACHE_URL_NAMES = frozenset()  # the page itself is rendered on each request
    settings.DISCUSSIONS_SEND_RATE = "10000/m"


def _stored(text: str) -> str | None:
    return cache.get(_key("markdown", text))


def test_a_standard_versions_blocks_are_rendered_once_then_read_from_the_cache(client):
    word = uuid.uuid4().hex  # content no earlier run has stored
    editor = UserFactory()
    group = WorkingGroupFactory()
    MembershipFactory(group=group, user=editor, role="convenor")
    body = (
        f"# Standard {{#overview}}\n\nIntro **{word}**.\n\n## Bins {{#bins}}\n\nBlue bins {word}.\n"
    )
    standard = StandardFactory(group=group, draft_body=body)
    standards.standard_version_publish(standard=standard, editor=editor)
    version = latest_version(standard)
    paragraphs = [b.text for b in version_blocks(version) if word in b.text]
    assert paragraphs and all(_stored(text) is None for text in paragraphs)

    first = client.get(version.get_absolute_url())
    assert all(_stored(text) for text in paragraphs)
    assert f"<strong>{word}</strong>" in _stored(paragraphs[0])

    cache.set(_key("markdown", paragraphs[0]), f"<p>from the cache {word}</p>")
    again = client.get(version.get_absolute_url())
    assert first.status_code == again.status_code == 200
    assert f"from the cache {word}" in again.content.decode()  # not rendered a second time


def test_a_channels_messages_are_rendered_once_then_read_from_the_cache(client):
    word = uuid.uuid4().hex
    member = UserFactory()
    channel = channel_create(name=f"Bins {word[:8]}", created_by=member)
    bodies = [f"Message **{word}** {n}" for n in range(3)]
    for body in bodies:
        message_post(channel=channel, author=member, body=body)
    client.force_login(member)

    client.get(channel.get_absolute_url())
    assert all(f"<strong>{word}</strong>" in _stored(body) for body in bodies)

    cache.set(_key("markdown", bodies[0]), f"<p>from the cache {word}</p>")
    page = client.get(channel.get_absolute_url()).content.decode()
    assert f"from the cache {word}" in page
