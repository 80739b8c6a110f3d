"""Two people in two browsers talk live in a working-group channel; an outsider cannot get in."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from hub.discussions.services import channel_create
from tests.browser.fixtures import axe_serious_violations, sign_in
from tests.discussions.factories import MembershipFactory, WorkingGroupFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _seqs(page) -> list[int]:
    return page.eval_on_selector_all(
        "#messages [data-seq]", "els => els.map(e => Number(e.dataset.seq))"
    )


def _wait(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_two_people_talk_live_in_a_working_group_channel(live_server_asgi, browser_context_factory):
    server = live_server_asgi
    alice = UserFactory(profile__display_name="Alice Ahmed", profile__handle="alice")
    bob = UserFactory(profile__display_name="Bob Brown", profile__handle="bob")
    carol = UserFactory(profile__display_name="Carol Outsider", profile__handle="carol")
    group = WorkingGroupFactory(name="Waste data standard")
    for person in (alice, bob):
        MembershipFactory(group=group, user=person)
    channel_create(
        name="Waste data", kind="group", group=group, created_by=alice, slug="waste-data"
    )
    channel_create(name="General", kind="public", created_by=carol, slug="general")

    pages = {}
    for name, person in (("alice", alice), ("bob", bob), ("carol", carol)):
        page = browser_context_factory().new_page()
        sign_in(page, server, person.email, PASSWORD)
        pages[name] = page
    a, b, c = pages["alice"], pages["bob"], pages["carol"]

    # The outsider can neither see the channel nor subscribe to it.
    response = c.goto(f"{server.url}/channels/waste-data/")
    assert response.status == 404
    c.goto(f"{server.url}/channels/")
    expect(c.get_by_role("link", name="#general")).to_be_visible()
    expect(c.get_by_text("#waste-data")).to_have_count(0)
    reply = c.evaluate(
        """() => new Promise((resolve) => {
            const ws = new WebSocket(`ws://${location.host}/ws/chat/`);
            ws.onopen = () => ws.send(JSON.stringify({type: "subscribe", id: 1, channels: [{channel: "waste-data", after: 0}]}));
            ws.onmessage = (e) => { const f = JSON.parse(e.data); if (f.id === 1) { ws.close(); resolve(f); } };
            ws.onclose = (e) => resolve({type: "closed", code: e.code});
        })"""
    )
    assert reply["type"] == "error" and reply["code"] == "not_found"

    for page in (a, b):
        page.goto(f"{server.url}/channels/waste-data/")
        page.wait_for_function("() => window.hubChat && window.hubChat.open")
    # Presence: each sees the other is here.
    expect(a.locator("[data-presence-names]")).to_contain_text("Bob Brown")
    expect(b.locator("[data-presence-names]")).to_contain_text("Alice Ahmed")

    # Typing indicator.
    a.get_by_label("Message").press_sequentially("Hello Bob, have you seen the")
    expect(b.locator("[data-typing]")).to_have_text("Alice Ahmed is typing…")
    a.get_by_label("Message").fill("Hello **Bob**, have you seen the new schema?")
    a.get_by_role("button", name="Send").click()
    expect(b.locator("#m1")).to_contain_text("Hello Bob, have you seen the new schema?")
    expect(b.locator("#m1 strong", has_text="Bob")).to_be_visible()
    expect(a.locator("#m1")).to_contain_text("Alice Ahmed")
    expect(a.get_by_label("Message")).to_have_value("")
    b.get_by_label("Message").fill("Yes! @alice it looks good.")
    b.get_by_role("button", name="Send").click()
    expect(a.locator("#m2")).to_contain_text("it looks good")
    assert a.url.endswith("/channels/waste-data/")  # no page load: it was live

    # Unread badge: Carol posts in #general; Bob's sidebar counts it live.
    c.goto(f"{server.url}/channels/general/")
    c.wait_for_function("() => window.hubChat && window.hubChat.open")
    c.get_by_label("Message").fill("Anyone going to the LocalGov Drupal camp?")
    c.get_by_role("button", name="Send").click()
    expect(c.locator("#m1")).to_be_visible()
    badge = b.locator('[data-sidebar] [data-channel="general"] [data-unread-badge]')
    expect(badge).to_have_text("1")
    expect(badge).to_be_visible()

    # A dropped connection catches up exactly.
    a.evaluate("() => window.hubChat.drop()")
    for i in range(3):
        b.evaluate(
            "(body) => window.hubChat.request({type: 'send', channel: 'waste-data', body})",
            f"While you were away {i + 1}",
        )
    expect(a.locator("#m5")).to_contain_text("While you were away 3")
    _wait(lambda: a.evaluate("() => window.hubChat.open"))

    # Changes made while a browser is offline show once it is back: an edit and a delete.
    a.evaluate("() => window.hubChat.pause()")
    _wait(lambda: not a.evaluate("() => window.hubChat.open"))
    b.evaluate(
        "() => window.hubChat.request({type: 'edit', channel: 'waste-data', seq: 2,"
        " body: 'Yes! @alice it looks **great**.'})"
    )
    b.evaluate("() => window.hubChat.request({type: 'delete', channel: 'waste-data', seq: 3})")
    expect(b.locator("#m2")).to_contain_text("it looks great")
    expect(a.locator("#m2")).to_contain_text("it looks good")  # still offline: stale
    a.evaluate("() => window.hubChat.resume()")
    expect(a.locator("#m2")).to_contain_text("it looks great")
    expect(a.locator("#m2")).to_contain_text("(edited)")
    expect(a.locator("#m3")).to_contain_text("Message 3 was deleted.")
    expect(a.locator("#m3")).not_to_contain_text("While you were away 1")
    _wait(lambda: a.evaluate("() => window.hubChat.open"))

    # The edit and the delete took event numbers 6 and 7, so the next message is 8.
    b.get_by_label("Message").fill("And one more, live")
    b.get_by_role("button", name="Send").click()
    expect(a.locator("#m8")).to_be_visible()
    expect(b.locator("#m8")).to_be_visible()  # the sender's own copy comes live too, after its ack
    assert _seqs(a) == [1, 2, 3, 4, 5, 8]
    assert _seqs(b) == [1, 2, 3, 4, 5, 8]
    assert a.evaluate("() => window.hubChat.lastEvent('waste-data')") == 8

    assert axe_serious_violations(a) == [], json.dumps(axe_serious_violations(a))


def test_channel_page_works_without_javascript(
    live_server_asgi, browser_context_factory, playwright_browser
):
    server = live_server_asgi
    person = UserFactory(profile__display_name="Dee NoScript")
    channel_create(name="Bins and waste", kind="public", created_by=person, slug="bins-noscript")
    context = playwright_browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, server, person.email, PASSWORD)
        page.goto(f"{server.url}/channels/bins-noscript/")
        page.get_by_label("Message").fill("Posted without JavaScript")
        page.get_by_role("button", name="Send").click()
        expect(page.locator("#m1")).to_contain_text("Posted without JavaScript")
        assert re.search(r"/channels/bins-noscript/#m1$", page.url)
    finally:
        context.close()
