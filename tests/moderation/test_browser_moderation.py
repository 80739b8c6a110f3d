"""A moderator hides a chat message in one browser; a reader's open channel page tombstones it
live, and the moderator restores it from the list of hidden content."""

import pytest
from playwright.sync_api import expect

from hub.discussions.services import channel_create, message_post
from tests.browser.fixtures import sign_in
from tests.factories import ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_a_hidden_chat_message_is_tombstoned_live_and_restored(
    live_server_asgi, browser_context_factory
):
    server = live_server_asgi
    author = UserFactory(profile__display_name="Sam Spammer", profile__handle="sam")
    reader = UserFactory(profile__display_name="Rita Reader", profile__handle="rita")
    moderator = ModeratorFactory()
    channel = channel_create(name="General", kind="public", created_by=author, slug="general")
    message = message_post(channel=channel, author=author, body="Cheap watches at example.com")

    read = browser_context_factory().new_page()
    sign_in(read, server, reader.email, PASSWORD)
    read.goto(f"{server.url}/channels/general/")
    read.wait_for_function("() => window.hubChat && window.hubChat.open")
    expect(read.locator("#m1")).to_contain_text("Cheap watches")

    mod = browser_context_factory().new_page()
    sign_in(mod, server, moderator.email, PASSWORD)
    mod.goto(f"{server.url}/moderation/review/discussions.message/{message.pk}/")
    mod.get_by_label("Note").fill("Advertising")
    mod.get_by_role("button", name="Hide message").click()
    expect(mod.get_by_text("The message has been hidden")).to_be_visible()

    # The reader's page changes without a reload: the frame carries no author and no text.
    expect(read.locator("#m1")).to_have_text("Message 1 was hidden by a moderator.")
    expect(read.get_by_text("Cheap watches")).to_have_count(0)
    assert "Cheap watches" not in read.content()

    mod.goto(f"{server.url}/moderation/hidden/")
    mod.get_by_role("link", name="Message 1 in #general").click()
    mod.get_by_label("Note").fill("Not spam after all")
    mod.get_by_role("button", name="Restore message").click()
    expect(read.locator("#m1")).to_contain_text("Cheap watches")
    expect(read.locator("#m1")).to_contain_text("Sam Spammer")
