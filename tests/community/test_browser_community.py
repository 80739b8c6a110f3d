"""In a real browser: the dashboard and the public page work without JavaScript and pass axe."""

from pathlib import Path

import pytest

from search.searchlog import record
from tests.blog.factories import PostFactory
from tests.browser.fixtures import axe_serious_violations, dump, sign_in
from tests.community.factories import adopt, published_standard
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_dashboard_and_public_page_without_javascript_and_with_axe(
    playwright_browser, live_server_asgi
):
    server = live_server_asgi
    council = CouncilFactory(name="Leeds", slug="leeds")
    PostFactory(author=UserFactory(profile__council=council))
    record("marmalade wardrobe", backend="database")
    adopt(published_standard(title="Open bin data"), council)
    manager = ModeratorFactory()

    no_js = playwright_browser.new_context(java_script_enabled=False)
    try:
        page = no_js.new_page()
        sign_in(page, server, manager.email, PASSWORD)
        page.goto(f"{server.url}/community/dashboard/")
        page.get_by_label("Council", exact=True).select_option(label="Leeds")
        page.get_by_role("button", name="Show").click()
        assert "Leeds" in page.get_by_test_id("range").inner_text()
        activity = page.get_by_test_id("panel-activity")
        assert activity.get_by_role("img", name="Activity per week").is_visible()
        assert "marmalade wardrobe" in page.get_by_test_id("panel-searches").inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download searches that found nothing (CSV)").click()
        assert "marmalade wardrobe" in Path(download.value.path()).read_text(encoding="utf-8")
    finally:
        no_js.close()

    with_js = playwright_browser.new_context()
    try:
        page = with_js.new_page()
        page.goto(f"{server.url}/community/")
        assert "Open bin data" in page.get_by_test_id("panel-standards").inner_text()
        assert axe_serious_violations(page) == [], dump(axe_serious_violations(page))
        sign_in(page, server, manager.email, PASSWORD)
        page.goto(f"{server.url}/community/dashboard/")
        assert axe_serious_violations(page) == [], dump(axe_serious_violations(page))
    finally:
        with_js.close()
