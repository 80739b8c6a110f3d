"""Choosing several of many without Ctrl or Cmd: the service picker over the full LGSL (942
services, generated here) and the council picker, with GOV.UK's accessible-autocomplete, and
plain GOV.UK checkboxes without JavaScript."""

import pytest
from playwright.sync_api import expect

from hub.blog.models import Post
from hub.sharing.models import ServiceTopic
from tests.browser.fixtures import axe_serious_violations, dump, sign_in
from tests.browser.test_branding import FONTS_JS, _not_the_hubs_font
from tests.factories import CouncilFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
LGSL_SIZE = 942


def _lgsl() -> None:
    """942 services, like the full LGSL: two with names we look for, the rest generated."""
    names = ["Garden waste collection", "Bulky waste collection"]
    names += [f"Local service {n:04d}" for n in range(LGSL_SIZE - len(names))]
    ServiceTopic.objects.bulk_create(
        ServiceTopic(code=f"LGSL-{n}", name=name, slug=f"lgsl-{n}", description="")
        for n, name in enumerate(names)
    )


def test_a_writer_picks_services_and_councils_by_typing(live_server_asgi, browser_context_factory):
    server = live_server_asgi
    _lgsl()
    CouncilFactory(name="Borsetshire County Council")
    CouncilFactory.create_batch(20)  # enough councils to search among (short lists stay plain)
    writer = UserFactory(profile__handle="writer", profile__display_name="Wendy Writer")
    page = browser_context_factory().new_page()
    sign_in(page, server, writer.email, PASSWORD)
    page.goto(f"{server.url}/blog/write/")
    page.wait_for_selector(".hub-chooser--enhanced")

    # Nothing to Ctrl-click: no multi-select anywhere, and the 942 boxes are tucked away.
    assert page.locator("select[multiple]").count() == 0
    services = page.locator("[data-hub-chooser]").nth(1)
    assert services.locator("input[type=checkbox]").count() == LGSL_SIZE
    expect(services.locator(".govuk-checkboxes__item:visible")).to_have_count(0)

    search = page.get_by_label("Find a service to add")
    search.fill("garden")
    expect(page.get_by_role("option", name="Garden waste collection")).to_be_visible()
    # The component (its input and open menu) takes the hub's font like everything else.
    assert _not_the_hubs_font(page.evaluate(FONTS_JS)) == []
    page.get_by_role("option", name="Garden waste collection").click()
    search.fill("bulky")
    expect(page.get_by_role("option", name="Bulky waste collection")).to_be_visible()
    # Keyboard only: down to the option, Enter to choose it (focus moves as the component says).
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(services.get_by_label("Garden waste collection")).to_be_checked()
    expect(services.get_by_label("Bulky waste collection")).to_be_checked()
    expect(services.locator(".govuk-checkboxes__item:visible")).to_have_count(2)
    # Unticking one takes it out again.
    services.get_by_label("Bulky waste collection").uncheck()

    page.get_by_label("Find a council to add").fill("borset")
    page.get_by_role("option", name="Borsetshire County Council").click()

    violations = axe_serious_violations(page)
    assert violations == [], dump(violations)

    page.get_by_label("Title").fill("Composting pilots")
    page.get_by_label("Post", exact=True).fill("What we learned.")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    post = Post.objects.get(title="Composting pilots")
    assert [s.name for s in post.services.all()] == ["Garden waste collection"]
    assert [c.name for c in post.councils.all()] == ["Borsetshire County Council"]


def test_without_javascript_the_choosers_are_plain_checkboxes(live_server_asgi, playwright_browser):
    server = live_server_asgi
    _lgsl()
    writer = UserFactory(profile__handle="writer2", profile__display_name="Walt Writer")
    context = playwright_browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, server, writer.email, PASSWORD)
        page.goto(f"{server.url}/blog/write/")
        assert page.locator("select[multiple]").count() == 0
        page.get_by_label("Garden waste collection").check()
        page.get_by_label("Title").fill("No script needed")
        page.get_by_label("Post", exact=True).fill("Checkboxes work.")
        page.get_by_role("button", name="Publish").click()
        page.wait_for_load_state()
        post = Post.objects.get(title="No script needed")
        assert [s.name for s in post.services.all()] == ["Garden waste collection"]
    finally:
        context.close()


def test_a_short_list_stays_plain_checkboxes(live_server_asgi, browser_context_factory):
    server = live_server_asgi
    for n in range(3):
        ServiceTopic.objects.create(code=f"S-{n}", name=f"Short service {n}", slug=f"short-{n}")
    writer = UserFactory(profile__handle="writer3", profile__display_name="Wyn Writer")
    page = browser_context_factory().new_page()
    sign_in(page, server, writer.email, PASSWORD)
    page.goto(f"{server.url}/blog/write/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_label("Short service 1")).to_be_visible()
    expect(page.get_by_label("Find a service to add")).to_have_count(0)
