"""Message cards: ``@handle`` links, and one template for the page and the live frames."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from hub.discussions import selectors, services
from hub.discussions.cards import card_languages, link_mentions, message_html, render_cards
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "ann": UserFactory(profile__handle="ann"),
        "gone": UserFactory(profile__handle="gone", is_active=False),
    }


def test_handles_of_active_members_link_to_their_profiles(people):
    html = str(message_html("Hi @ann and @gone and @nobody, mail ann@example.org"))
    assert '<a class="govuk-link" href="/people/ann/">@ann</a>' in html
    assert "@gone" in html and "/people/gone/" not in html  # deactivated: plain text
    assert "@nobody" in html and "/people/nobody/" not in html
    assert "ann@example.org" in html and '/people/ann/">@ann</a>@example' not in html


def test_mentions_in_code_and_links_stay_as_typed(people):
    html = str(message_html("`@ann` and [see @ann](https://example.org) and\n\n    @ann"))
    assert "/people/ann/" not in html


def test_linking_leaves_markup_and_escaping_alone(people):
    html = "<p>&lt;b&gt; @ann &amp; <em>@ann</em></p>"
    linked = link_mentions(html)
    assert linked.count('href="/people/ann/"') == 2
    assert "&lt;b&gt;" in linked and "&amp;" in linked


def test_live_card_is_the_page_template_with_both_actions_and_no_token(roles, people):
    channel = roles["public"]
    services.message_post(channel=channel, author=roles["author"], body="Hello @ann")
    message = selectors.message_by_pk(channel.messages.get().pk)
    payload = selectors.message_payload(message)
    assert list(payload["cards"]) == card_languages() == ["en-gb", "cy"]
    card = payload["cards"]["en-gb"]
    assert 'id="m1"' in card and f'data-author="{roles["author"].pk}"' in card
    assert 'data-action="edit"' in card and 'data-action="delete"' in card
    assert "csrfmiddlewaretoken" not in card
    assert 'href="/people/ann/">@ann</a>' in card and payload["html"] in card

    # The page shows the same message with the viewer's own actions and a token.
    client = Client()
    client.force_login(roles["outsider"])
    page = client.get(reverse("discussions:detail", args=[channel.slug])).content.decode()
    assert 'href="/people/ann/">@ann</a>' in page
    assert 'data-action="edit"' not in page and "csrfmiddlewaretoken" in page


def test_cards_follow_the_sites_declared_languages(roles, settings):
    from django.conf import global_settings

    channel = roles["public"]
    services.message_post(channel=channel, author=roles["author"], body="Shwmae")
    message = selectors.message_by_pk(channel.messages.get().pk)
    assert list(render_cards(message)) == ["en-gb", "cy"]
    settings.LANGUAGES = global_settings.LANGUAGES  # a site that never chose: just its own
    assert list(render_cards(message)) == ["en-gb"]


def test_no_unread_badge_for_the_channel_being_read(roles):
    other = roles["group_channel"]
    services.message_post(channel=roles["public"], author=roles["author"], body="x")
    client = Client()
    client.force_login(roles["group_member"])
    page = client.get(reverse("discussions:detail", args=[other.slug])).content.decode()
    current = page.split(f'data-channel="{other.slug}"', 1)[1].split("</li>", 1)[0]
    assert "data-unread-badge" not in current
    public = page.split(f'data-channel="{roles["public"].slug}"', 1)[1].split("</li>", 1)[0]
    assert '<span data-unread-badge class="hub-badge">1</span>' in public


def test_each_socket_gets_the_frame_with_its_own_languages_card(roles):
    from hub.discussions import events, fanout
    from hub.discussions.session import Session

    services.message_post(channel=roles["public"], author=roles["author"], body="Shwmae")
    payload = selectors.message_payload(selectors.message_by_pk(roles["public"].messages.get().pk))
    assert list(payload["cards"]) == ["en-gb", "cy"]  # the site's two languages
    header, frames = fanout.unpack(events.change_event(payload))
    assert header["langs"] == ["en-gb", "cy"]
    for language in ("cy", "en-gb"):
        session = Session(send=None, load_after=None, language=language, hub=object())
        frame = json.loads(session._in_my_language(frames))
        assert list(frame["message"]["cards"]) == [language]
        assert frame["seq"] == 1 and frame["type"] == "message"
