"""A newcomer signs up, verifies their email, finishes their profile and appears on their council."""

import re

import pytest

from tests.browser.conftest import axe_serious_violations, dump
from tests.factories import CouncilFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verification_link(server, address: str) -> str:
    for message in reversed(server.sent_emails()):
        if message["To"] == address:
            body = (
                message.get_payload(decode=True)
                if not message.is_multipart()
                else (message.get_payload(0).get_payload(decode=True))
            )
            match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body.decode())
            if match:
                return match.group(0)
    raise AssertionError(f"no verification email to {address}")


def test_newcomer_signs_up_verifies_and_appears_on_council_page(page, live_server_asgi):
    server = live_server_asgi
    council = CouncilFactory(name="Adur", slug="adur", website="https://www.adur-worthing.gov.uk")
    address = "sam.jones@adur-worthing.gov.uk"

    page.goto(f"{server.url}/accounts/signup/")
    page.get_by_label("Email").fill(address)
    page.get_by_label("Password", exact=True).fill("a long and unguessable secret")
    page.get_by_label("Password (again)").fill("a long and unguessable secret")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    link = _verification_link(server, address).replace("http://testserver", server.url)
    link = re.sub(r"^https?://[^/]+", server.url, link)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("heading", name="Finish your profile").wait_for()
    page.get_by_label("Your name").fill("Sam Jones")
    page.get_by_label("Handle").fill("sam-jones")
    page.get_by_label("Job title").fill("Digital lead")
    page.get_by_label("Council").select_option(label="Adur")
    page.get_by_label("Interests").fill("bin collections, open data")
    page.get_by_role("button", name="Save profile").click()

    page.get_by_role("heading", name="Sam Jones").wait_for()
    assert page.locator("[data-affiliation=verified]").inner_text().strip() == "Verified, Adur"

    page.goto(f"{server.url}{council.get_absolute_url()}")
    assert page.get_by_role("link", name="Sam Jones").is_visible()
    assert page.dialogs == []


def test_profile_form_errors_keep_what_was_typed(page, live_server_asgi):
    server = live_server_asgi
    UserFactory(profile__handle="taken")
    user = UserFactory(profile__handle=None, profile__display_name="")
    from tests.browser.conftest import sign_in

    sign_in(page, server, user.email, "correct horse battery staple")
    page.goto(f"{server.url}/profile/edit/")
    page.get_by_label("Your name").fill("Kim")
    page.get_by_label("Handle").fill("taken")
    page.get_by_label("Job title").fill("x" * 121)
    page.get_by_role("button", name="Save profile").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "That handle is taken" in summary.inner_text()
    assert "at most 120 characters" in summary.inner_text()
    assert page.get_by_label("Your name").input_value() == "Kim"
    assert page.get_by_label("Job title").input_value() == "x" * 121


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/login/", "/accounts/signup/", "/people/", "/councils/", "/councils/adur/",
     "/people/pat/"],
)  # fmt: skip
def test_main_pages_have_no_serious_accessibility_violations(page, live_server_asgi, path):
    CouncilFactory(name="Adur", slug="adur")
    UserFactory(profile__handle="pat", profile__display_name="Pat", profile__bio="**Hello**")
    page.goto(f"{live_server_asgi.url}{path}")
    violations = axe_serious_violations(page)
    assert violations == [], dump(violations)


def test_header_search_fits_a_phone_screen(page, live_server_asgi):
    """WCAG 1.4.10 reflow: at 320 CSS pixels nothing scrolls sideways and Search stays visible."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server_asgi.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator(".hub-header-search button").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 320
