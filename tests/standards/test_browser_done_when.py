"""The issue's "done when": draft, consult, comment, reply and accept, publish 0.2 with the
thread carried forward, diff, adopt, and a council's declaration on the standard page."""

import datetime

import pytest
from django.utils import timezone

from hub.groups.models import Membership
from tests.browser.fixtures import axe_serious_violations, sign_in
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"

DRAFT = """# Bin collection data {#overview}

This standard says how councils publish bin collection days.

## Collection days {#collection-days}

Each property has a collection day for each bin type.

## Bin types {#bin-types}

Councils list every bin type they collect.
"""


def test_editor_consults_practitioner_comments_and_council_adopts(
    browser_context_factory, live_server_asgi, playwright_browser
):
    server = live_server_asgi
    group = WorkingGroupFactory(name="Waste and bins data", slug="waste-and-bins")
    editor = UserFactory(profile__council=CouncilFactory(name="Leeds"))
    MembershipFactory(group=group, user=editor, role=Membership.Role.CONVENOR)
    adur = CouncilFactory(name="Adur", nation="England")
    practitioner = UserFactory(profile__council=adur, profile__display_name="Pat Adur")

    editor_page = browser_context_factory().new_page()
    sign_in(editor_page, server, editor.email, PASSWORD)
    editor_page.goto(f"{server.url}/groups/waste-and-bins/")
    editor_page.get_by_role("link", name="Start a standard").click()
    editor_page.get_by_label("Title").fill("Bin collection data standard")
    editor_page.get_by_label("Summary").fill("How councils publish bin days as open data.")
    editor_page.get_by_role("button", name="Start the standard").click()
    editor_page.get_by_label("Draft").fill(DRAFT)
    editor_page.get_by_role("button", name="Save and review for publishing").click()
    editor_page.get_by_role("heading", name="Publish a version").wait_for()
    editor_page.get_by_role("button", name="Publish version").click()
    assert editor_page.locator("[data-version]").inner_text() == "Version 0.1"
    assert editor_page.locator("#collection-days-1").is_visible()

    editor_page.get_by_role("link", name="Change status").click()
    editor_page.get_by_label("In consultation").check()
    closes = timezone.localdate() + datetime.timedelta(days=30)
    editor_page.get_by_label("Consultation closing date").fill(closes.isoformat())
    editor_page.get_by_label("Why").fill("Ready for every council to comment.")
    editor_page.get_by_role("button", name="Change status").click()
    editor_page.get_by_role("heading", name="Consultation open").wait_for()
    standard_url = editor_page.url

    # A practitioner from another council comments on one paragraph, without JavaScript.
    context = playwright_browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, server, practitioner.email, PASSWORD)
        page.goto(standard_url)
        page.locator("#collection-days-1").get_by_role(
            "link", name="Comment on this paragraph"
        ).click()
        page.get_by_label("Your comment").fill("Say which bin types: add garden waste.")
        page.get_by_role("button", name="Add comment").click()
        page.get_by_text("Say which bin types").wait_for()
        thread_url = page.url
    finally:
        context.close()

    # The editor replies and accepts.
    editor_page.goto(thread_url)
    editor_page.get_by_label("Your reply").fill("Good point, we will add it.")
    editor_page.get_by_role("button", name="Post reply").click()
    editor_page.get_by_text("Good point, we will add it.").wait_for()
    editor_page.get_by_label("Accept: the text will change").check()
    editor_page.get_by_label("The editors' response").fill(
        "Added garden waste in the next version."
    )
    editor_page.get_by_role("button", name="Record decision").click()
    assert editor_page.locator("[data-thread-state]").inner_text() == "Accepted"

    # Version 0.2: the thread carries forward and shows as addressed.
    editor_page.goto(standard_url.rstrip("/") + "/edit/")
    editor_page.get_by_label("Draft").fill(
        DRAFT.replace("for each bin type.", "for each bin type, including garden waste.")
    )
    editor_page.get_by_role("button", name="Save and review for publishing").click()
    assert (
        "1 decided comment will be recorded as addressed"
        in editor_page.locator("[data-publish-threads]").inner_text()
    )
    editor_page.get_by_label("What changed").fill("Garden waste.")
    editor_page.get_by_role("button", name="Publish version").click()
    assert editor_page.locator("[data-version]").inner_text() == "Version 0.2"
    block = editor_page.locator("#collection-days-1")
    assert "garden waste" in block.inner_text()
    assert block.locator("[data-addressed-in]").inner_text() == "Addressed in 0.2"

    # The diff shows the change.
    editor_page.get_by_role("link", name="changes from 0.1 to 0.2").click()
    assert editor_page.url.endswith("/diff/0.1..0.2/")
    inline = editor_page.locator("[data-diff-layout=inline] [data-diff-anchor=collection-days-1]")
    assert inline.locator("ins").inner_text() == ", including garden waste"
    editor_page.get_by_role("link", name="Show side by side").click()
    assert editor_page.locator("[data-diff-layout=side] ins").count() >= 1

    # The convenor adopts the standard; a council declares adoption.
    editor_page.goto(standard_url.rstrip("/") + "/status/")
    editor_page.get_by_label("Adopted").check()
    editor_page.get_by_label("Why").fill("Agreed after the consultation.")
    editor_page.get_by_role("button", name="Change status").click()
    assert editor_page.locator("[data-status]").first.inner_text() == "Adopted"

    page = browser_context_factory().new_page()
    sign_in(page, server, practitioner.email, PASSWORD)
    page.goto(standard_url.rstrip("/") + "/adoptions/")
    page.get_by_label("Evidence link (optional)").fill("https://www.adur-worthing.gov.uk/bins/")
    page.get_by_role("button", name="Add to the register").click()
    adopters = page.locator("[data-adopting-councils]")
    assert "Adur: adopted version 0.2" in adopters.inner_text()
    assert "1 adopted, 0 implementing" in page.locator("[data-adoption-total]").inner_text()
    assert axe_serious_violations(page) == []
    page.goto(thread_url)
    assert axe_serious_violations(page) == []
