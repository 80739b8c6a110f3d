"""Chat that feels like chat (issue 11, item 7), in Chromium against daphne and real Redis.

A channel opens at its newest message with the composer in view, with and without JavaScript;
history loads upward in place (and pages back without JavaScript); edit and delete happen in
place; ``@handle`` links to the profile; a live-inserted message is the same markup a reload
shows; no "0" badge, and a deleted unread message takes its channel's badge down.
"""

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hub.discussions.models import Channel, Message
from hub.discussions.services import channel_create
from tests.browser.fixtures import axe_serious_violations, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _history(channel: Channel, author, count: int) -> None:
    """``count`` stored messages (not through the rate-limited service: setup, not behaviour)."""
    now = timezone.now()
    Message.objects.bulk_create(
        Message(channel=channel, sequence=n, changed_seq=n, author=author, body=f"History {n}")
        for n in range(1, count + 1)
    )
    Channel.objects.filter(pk=channel.pk).update(last_sequence=count, last_message_at=now)


def _open(page, server, slug: str) -> None:
    page.goto(f"{server.url}/channels/{slug}/")
    page.wait_for_function("() => window.hubChat && window.hubChat.open")


def _seqs(page) -> list[int]:
    return page.eval_on_selector_all(
        "#messages [data-seq]", "els => els.map(e => Number(e.dataset.seq))"
    )


def _markup(page, seq: int) -> str:
    """A message's markup, with the per-render CSRF token and layout whitespace evened out."""
    html = page.eval_on_selector(f"#m{seq}", "el => el.outerHTML")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r"\s+", " ", html)


def test_channel_opens_at_the_newest_message_and_history_loads_upward(
    live_server_asgi, browser_context_factory, playwright_browser
):
    server = live_server_asgi
    person = UserFactory(profile__display_name="Erin Event", profile__handle="erin")
    channel = channel_create(name="Keynote", kind="public", created_by=person, slug="keynote")
    _history(channel, person, 120)

    page = browser_context_factory().new_page()
    sign_in(page, server, person.email, PASSWORD)
    _open(page, server, "keynote")
    # The newest message and the composer are on screen; the oldest pages are not loaded.
    expect(page.locator("#m120")).to_be_in_viewport()
    expect(page.get_by_role("textbox", name="Message", exact=True)).to_be_in_viewport()
    assert _seqs(page) == list(range(71, 121))
    expect(page.locator("[data-sidebar] [data-unread-badge]")).to_have_count(0)

    # Scrolling up loads older messages above, in place, down to the first.
    address = page.url
    for _ in range(10):
        page.eval_on_selector("[data-scroller]", "box => box.scrollBy(0, -1e6)")
        if _seqs(page)[0] == 1:
            break
        page.wait_for_timeout(200)  # the user scrolls again a moment later
    expect(page.locator("#m1")).to_be_attached()
    assert _seqs(page) == list(range(1, 121))
    assert page.url == address
    expect(page.locator("[data-older]")).to_have_count(0)

    # A new message lands at the bottom, in view.
    page.get_by_role("textbox", name="Message", exact=True).fill("Welcome to the keynote")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#m121")).to_be_in_viewport()
    assert axe_serious_violations(page) == [], json.dumps(axe_serious_violations(page))

    # Without JavaScript: the same page opens at the newest message and pages back by links.
    context = playwright_browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        sign_in(plain, server, person.email, PASSWORD)
        plain.goto(f"{server.url}/channels/keynote/")
        expect(plain.locator("#m121")).to_be_in_viewport()
        expect(plain.locator("#m71")).not_to_be_in_viewport()
        plain.get_by_role("link", name="Older messages").click()
        assert plain.url.endswith("?before=72")
        assert _seqs(plain) == list(range(22, 72))
    finally:
        context.close()


def test_edit_delete_in_place_mentions_and_live_markup_matches_the_page(
    live_server_asgi, browser_context_factory
):
    server = live_server_asgi
    alice = UserFactory(profile__display_name="Alice Ahmed", profile__handle="alice")
    bob = UserFactory(profile__display_name="Bob Brown", profile__handle="bob")
    channel_create(name="General", kind="public", created_by=alice, slug="general")
    a = browser_context_factory().new_page()
    b = browser_context_factory().new_page()
    sign_in(a, server, alice.email, PASSWORD)
    sign_in(b, server, bob.email, PASSWORD)
    _open(a, server, "general")
    _open(b, server, "general")

    a.get_by_role("textbox", name="Message", exact=True).fill(
        "Hi @bob, see **this** (not @nobody-here)"
    )
    a.get_by_role("button", name="Send").click()
    expect(b.locator("#m1")).to_contain_text("see this")
    # @handle links to the profile, live; an unknown handle stays text.
    expect(b.locator("#m1 [data-body] a", has_text="@bob")).to_have_attribute(
        "href", "/people/bob/"
    )
    expect(b.locator("#m1 [data-body] a")).to_have_count(1)
    # Bob replies (a thread reply) and marks Alice's message useful: both arrive live.
    b.evaluate(
        "() => window.hubChat.request({type: 'send', channel: 'general', body: 'Thanks @alice',"
        " parent: 1})"
    )
    expect(a.locator("#m2")).to_contain_text("replying to message 1")
    b.locator("#m1 button[data-useful]").click()
    expect(a.locator("#m1 [data-useful-count]")).to_have_text("1")
    expect(b.locator("#m1 [data-useful-count]")).to_have_text("1")

    # Each page's live markup is exactly what a reload renders (own and others' messages).
    live = {name: [_markup(p, 1), _markup(p, 2)] for name, p in (("alice", a), ("bob", b))}
    expect(a.locator('#m1 [data-action="edit"]')).to_be_visible()
    expect(b.locator('#m1 [data-action="edit"]')).to_have_count(0)
    expect(b.locator('#m1 [data-action="delete"]')).to_have_count(0)
    for name, p in (("alice", a), ("bob", b)):
        _open(p, server, "general")
        assert [_markup(p, 1), _markup(p, 2)] == live[name], name

    # Edit in place: no page load; Bob sees the change live.
    address = a.url
    a.locator('#m1 [data-action="edit"]').click()
    editor = a.get_by_label("Edit your message")
    expect(editor).to_have_value("Hi @bob, see **this** (not @nobody-here)")
    expect(editor).to_be_focused()
    assert axe_serious_violations(a) == [], json.dumps(axe_serious_violations(a))
    editor.fill("")
    a.get_by_role("button", name="Save message").click()
    expect(a.locator("#m1 .govuk-error-message")).to_contain_text("Enter a message")
    editor.fill("Hi @bob, see **that**")
    a.get_by_role("button", name="Save message").click()
    expect(a.locator("#m1 [data-body]")).to_have_text("Hi @bob, see that")
    expect(b.locator("#m1")).to_contain_text("(edited)")
    expect(b.locator("#m1 [data-body]")).to_have_text("Hi @bob, see that")
    expect(a.locator("#m1 [data-inline-edit]")).to_have_count(0)
    expect(a.locator('#m1 [data-action="edit"]')).to_be_focused()

    # Cancel leaves the message as it was.
    a.locator('#m1 [data-action="delete"]').click()
    a.get_by_role("button", name="Cancel").click()
    expect(a.locator("#m1 [data-body]")).to_have_text("Hi @bob, see that")

    # Delete in place, after confirming.
    a.locator('#m1 [data-action="delete"]').click()
    expect(a.get_by_role("button", name="Delete message")).to_be_focused()
    a.get_by_role("button", name="Delete message").click()
    expect(a.locator("#m1")).to_have_text("Message 1 was deleted.")
    expect(b.locator("#m1")).to_have_text("Message 1 was deleted.")
    assert a.url == address
    assert axe_serious_violations(b) == [], json.dumps(axe_serious_violations(b))


def test_no_zero_badge_and_a_deleted_unread_message_lowers_the_badge(
    live_server_asgi, browser_context_factory
):
    server = live_server_asgi
    alice = UserFactory(profile__display_name="Alice Ahmed", profile__handle="alice2")
    bob = UserFactory(profile__display_name="Bob Brown", profile__handle="bob2")
    channel_create(name="General", kind="public", created_by=alice, slug="general-2")
    channel_create(name="Random", kind="public", created_by=alice, slug="random-2")
    a = browser_context_factory().new_page()
    b = browser_context_factory().new_page()
    sign_in(a, server, alice.email, PASSWORD)
    sign_in(b, server, bob.email, PASSWORD)
    _open(a, server, "random-2")
    _open(b, server, "general-2")

    # Nothing unread: no badge anywhere, in particular no "0" on the channel being read.
    random_badge = b.locator('[data-sidebar] [data-channel="random-2"] [data-unread-badge]')
    expect(random_badge).to_be_hidden()
    expect(
        b.locator('[data-sidebar] [data-channel="general-2"] [data-unread-badge]')
    ).to_have_count(0)
    b.get_by_role("textbox", name="Message", exact=True).fill("My own message does not count")
    b.get_by_role("button", name="Send").click()
    expect(b.locator("#m1")).to_be_visible()
    expect(b.locator(".hub-badge:visible")).to_have_count(0)

    for seq, body in enumerate(("First in random", "Second in random", "Third in random"), 1):
        a.get_by_role("textbox", name="Message", exact=True).fill(body)
        a.get_by_role("button", name="Send").click()
        expect(a.locator(f"#m{seq}")).to_be_visible()
    expect(random_badge).to_have_text("3")
    expect(random_badge).to_be_visible()

    a.evaluate("() => window.hubChat.request({type: 'delete', channel: 'random-2', seq: 2})")
    expect(random_badge).to_have_text("2")
    a.evaluate("() => window.hubChat.request({type: 'delete', channel: 'random-2', seq: 1})")
    a.evaluate("() => window.hubChat.request({type: 'delete', channel: 'random-2', seq: 3})")
    expect(random_badge).to_be_hidden()
    # And after a reload the server agrees.
    _open(b, server, "general-2")
    expect(random_badge).to_be_hidden()
