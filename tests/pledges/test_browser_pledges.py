"""In a real browser without JavaScript: open a call, pledge, see progress; axe finds nothing serious."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hub.pledges.models import BackingCall, Pledge
from tests.browser.fixtures import axe_serious_violations, dump, sign_in
from tests.factories import CouncilFactory
from tests.pledges.factories import verified_member
from tests.sharing.factories import ProjectFactory, ServiceTopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_owner_opens_a_call_and_a_council_pledges_without_javascript(
    playwright_browser, live_server_asgi
):
    server = live_server_asgi
    bins = ServiceTopicFactory(name="Bulky waste", slug="bulky-waste")
    project = ProjectFactory(title="Bulky waste booking", services=[bins])
    backer = verified_member(CouncilFactory(name="York", slug="york"))
    no_js = playwright_browser.new_context(java_script_enabled=False)
    try:
        page = no_js.new_page()
        sign_in(page, server, project.lead.email, PASSWORD)
        page.goto(f"{server.url}{project.get_absolute_url()}")
        page.get_by_role("link", name="Ask councils for backing").click()
        page.get_by_label("Money needed, in pounds (optional)").fill("£40,000")
        page.get_by_label("Minimum number of councils (optional)").fill("2")
        page.get_by_label("Deadline").fill((timezone.localdate() + timedelta(days=10)).isoformat())
        page.get_by_label("What backers get").fill("The code, under an open licence.")
        page.get_by_role("button", name="Open the call for backing").click()
        page.get_by_test_id("backing-state").wait_for()
        assert "Looking for backers" in page.get_by_test_id("backing-state").inner_text()
        assert BackingCall.objects.get().target_pounds == 40_000
        no_js.clear_cookies()

        # A verified member of York pledges, makes a mistake, and is told plainly.
        sign_in(page, server, backer.email, PASSWORD)
        page.goto(f"{server.url}{project.get_absolute_url()}")
        page.get_by_role("link", name="Pledge for York").click()
        page.get_by_label("Money, in pounds").fill("-10")
        page.get_by_role("button", name="Make the pledge").click()
        assert (
            "The amount must be a positive number"
            in page.locator(".govuk-error-summary").inner_text()
        )
        page.get_by_label("Money, in pounds").fill("15,000")
        page.get_by_label("Conditions (optional)").fill("Subject to board approval.")
        page.get_by_role("button", name="Make the pledge").click()
        progress = page.get_by_test_id("backing-progress").inner_text()
        assert "£15,000 pledged of £40,000 (37%)" in progress and "1 of at least 2" in progress
        assert Pledge.objects.get().amount_pounds == 15_000
    finally:
        no_js.close()

    # Accessibility of the pages a visitor sees (axe needs scripts, so a normal context).
    with_js = playwright_browser.new_context()
    try:
        page = with_js.new_page()
        sign_in(page, server, backer.email, PASSWORD)
        for path in [
            project.get_absolute_url(),
            "/backing/",
            f"{project.get_absolute_url()}backing/pledge/",
        ]:
            page.goto(f"{server.url}{path}")
            assert axe_serious_violations(page) == [], (path, dump(axe_serious_violations(page)))
    finally:
        with_js.close()
