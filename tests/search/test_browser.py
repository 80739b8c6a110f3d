"""The search page and header search box in a real browser, against the running backend.

The server is a forked daphne process using the test settings' backend (Elasticsearch when
``ELASTICSEARCH_URL`` is set, else the database), so these tests use that backend as it is
configured, empty it first, and drain the outbox the services wrote before searching.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connections

from search.backends import get_backend
from search.indexing import drain
from search.models import SearchLog
from tests.browser.fixtures import axe_serious_violations, sign_in
from tests.factories import UserFactory
from tests.search.factories import community

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
QUESTION = "how do other councils handle recyclng colection?"


def _outside_the_event_loop(function):
    """Run ``function`` in a plain thread: Playwright keeps an event loop in this one, where the
    chat services' after-commit broadcasts (``async_to_sync``) would refuse to run."""

    def run():
        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def indexed():
    """The recycling community (tests.search.factories.community), searchable by the server."""
    backend = get_backend()
    backend.clear()
    made = _outside_the_event_loop(community)
    stats = drain(backend, include_waiting=True)
    assert not stats.failed, stats.errors
    backend.refresh()
    made["newcomer"] = UserFactory(profile__display_name="Nia Newcomer")
    yield made
    backend.clear()


@pytest.fixture
def no_js_page(playwright_browser):
    """A page with JavaScript turned off: the search must work exactly the same."""
    context = playwright_browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _result_titles(page) -> list[str]:
    return page.locator("#search-results ol h2 a").all_inner_texts()


def test_search_without_javascript_from_header_box_to_facets_to_the_exact_place(
    no_js_page, live_server_asgi, indexed
):
    page, server = no_js_page, live_server_asgi
    sign_in(page, server, indexed["newcomer"].email, PASSWORD)

    page.goto(f"{server.url}/")
    page.get_by_role("searchbox", name="Search LocalGov Hub").fill(QUESTION)
    page.get_by_role("searchbox", name="Search LocalGov Hub").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))

    assert page.locator("#search-results [role=status]").inner_text().startswith("7 results")
    assert "Unitary recycling contract" in _result_titles(page)
    assert page.locator("#did-you-mean").inner_text().startswith("Did you mean")

    page.get_by_label(re.compile(r"^Non-metropolitan district \(6\)$")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"council_type=NMD"))

    assert page.locator("#search-results [role=status]").inner_text().startswith("6 results")
    titles = _result_titles(page)
    assert "Unitary recycling contract" not in titles
    assert "Reducing missed bin collections" in titles
    assert any(t.startswith("#waste-and-recycling:") for t in titles)  # the chat message
    assert not any("contract terms" in t or t.startswith("#waste-leads") for t in titles)
    assert page.get_by_label(re.compile(r"^Non-metropolitan district")).is_checked()
    results_url = page.url
    assert parse_qs(urlsplit(results_url).query)["council_type"] == ["NMD"]

    # A standard paragraph: the version page, scrolled to the section's anchor.
    section = page.locator("#search-results ol h2 a", has_text="Missed collections")
    # Result links go through the click counter, which redirects to the result itself.
    section_href = parse_qs(urlsplit(section.get_attribute("href")).query)["to"][0]
    section.click()
    page.wait_for_url(re.compile(re.escape(section_href.split("#")[0])))
    anchor = section_href.split("#")[1]
    assert urlsplit(page.url).fragment == anchor
    assert SearchLog.objects.filter(clicks=1).count() == 1
    assert page.locator(f"[id='{anchor}']").is_visible()
    assert "Missed collections" in page.locator(f"[id='{anchor}']").inner_text()
    assert page.get_by_text("Residents report a missed recycling collection").is_visible()

    # A chat message: the channel page around it, scrolled to the message.
    page.goto(results_url)
    message = indexed["messages"]["public"]
    page.locator("#search-results ol h2 a", has_text="#waste-and-recycling:").click()
    page.wait_for_url(re.compile(r"around="))
    assert page.url.endswith(message.get_absolute_url())
    assert "recycling collection" in page.locator(f"#m{message.sequence}").inner_text()

    # A post.
    page.goto(results_url)
    page.get_by_role("link", name="Reducing missed bin collections").click()
    page.wait_for_url(f"{server.url}{indexed['posts']['missed'].get_absolute_url()}")
    assert page.get_by_role("heading", name="Reducing missed bin collections").is_visible()


def test_search_results_page_has_no_serious_accessibility_violations(
    page, live_server_asgi, indexed
):
    server = live_server_asgi
    sign_in(page, server, indexed["newcomer"].email, PASSWORD)

    page.goto(f"{server.url}/search/?q=recycling+collection&council_type=NMD")
    page.locator("#search-results ol li").first.wait_for()

    assert page.locator("#search-results ol li").count() >= 5
    assert axe_serious_violations(page) == []

    # One search box on the results page (the header's is left out), with suggestions open.
    assert page.locator("#header-search").count() == 0
    box = page.get_by_role("combobox", name=re.compile("^Search posts, standards"))
    box.fill("")  # it shows the current query
    box.press_sequentially("recycling col")
    page.locator("#search-q-suggestions [role=option]").first.wait_for()
    assert axe_serious_violations(page) == []
    assert page.dialogs == []


def test_header_autocomplete_suggests_and_is_chosen_with_the_keyboard(
    page, live_server_asgi, indexed
):
    server = live_server_asgi
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{server.url}/councils/")
    box = page.get_by_role("combobox", name="Search LocalGov Hub")
    listbox = page.locator("#header-search-suggestions")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-controls") == "header-search-suggestions"
    assert listbox.get_attribute("role") == "listbox"

    box.press_sequentially("recycling col")
    options = listbox.locator("[role=option]")
    options.first.wait_for()

    texts = options.all_inner_texts()
    assert any(t.startswith("Recycling collection data") for t in texts)
    assert not any("contract terms" in t for t in texts)  # a members-only group's standard
    assert box.get_attribute("aria-expanded") == "true"
    # Styled by its own stylesheet (CSP: no inline styles), positioned under the box.
    assert listbox.evaluate("e => getComputedStyle(e).position") == "absolute"
    assert not [line for line in console if "Content Security Policy" in line]
    status = page.locator("#header-search-suggestions-status")
    assert status.get_attribute("aria-live") == "polite"
    assert re.fullmatch(
        rf"{len(texts)} suggestions? available\. Use up and down arrows to choose\.",
        status.inner_text(),
    )

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "header-search-suggestions-0"
    assert options.nth(0).get_attribute("aria-selected") == "true"
    if len(texts) > 1:
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == "header-search-suggestions-1"
        box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == "header-search-suggestions-0"
    assert page.evaluate("document.activeElement.id") == "header-search"  # focus stays put

    box.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None

    box.press("ArrowDown")  # reopens on the first suggestion
    assert box.get_attribute("aria-expanded") == "true"
    chosen = options.nth(0).locator(".hub-autocomplete__title").inner_text()
    box.press("Enter")

    page.wait_for_url(re.compile(r"/standards/recycling-collection-data/"))
    assert chosen.startswith("Recycling collection data")
    assert page.dialogs == []


def test_header_box_enter_without_a_suggestion_still_submits_the_search(
    page, live_server_asgi, indexed
):
    server = live_server_asgi
    page.goto(f"{server.url}/")
    box = page.get_by_role("combobox", name="Search LocalGov Hub")
    box.press_sequentially("recycling col")
    page.locator("#header-search-suggestions [role=option]").first.wait_for()

    box.press("Enter")

    page.wait_for_url(re.compile(r"/search/\?q=recycling\+col"))
    assert page.locator("#search-results ol li").count() >= 1
