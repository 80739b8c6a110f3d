"""The main pages in Welsh in a real browser: lang="cy" on the page, axe-core finds no
serious or critical problem, and the header's switcher works with JavaScript on."""

import pytest
from django.conf import settings

from tests.browser.fixtures import axe_serious_violations, dump, sign_in
from tests.i18n.pages import enabled_pages

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "correct horse battery staple"


def _check(page, server, path: str) -> None:
    page.goto(f"{server.url}{path}")
    assert page.evaluate("document.documentElement.lang") == "cy", path
    problems = axe_serious_violations(page)
    assert problems == [], f"{path}: {dump(problems)}"


def test_main_pages_in_welsh_pass_axe(page, live_server_asgi, world):
    server = live_server_asgi
    pages = [p for p in enabled_pages() if p.post is None and not p.staff and p.browser]
    welsh = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "cy", "url": server.url}]
    page.context.add_cookies(welsh)
    for item in [p for p in pages if not p.signed_in]:
        _check(page, server, item.path(world))
    page.context.clear_cookies()
    sign_in(page, server, world.member.email, PASSWORD)  # the form in English
    page.context.add_cookies(welsh)
    for item in [p for p in pages if p.signed_in]:
        _check(page, server, item.path(world))


def test_the_switcher_changes_language_and_remembers_it(page, live_server_asgi, world):
    server = live_server_asgi
    sign_in(page, server, world.member.email, PASSWORD)
    page.goto(f"{server.url}/councils/")
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    page.locator("[data-language-link='cy']").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.get_by_role("link", name="Neidio i'r prif gynnwys").count() == 1
    # JavaScript strings come from the Welsh catalogue too.
    assert page.evaluate("gettext('Suggestions')") == "Awgrymiadau"
    page.goto(f"{server.url}/")
    assert page.evaluate("document.documentElement.lang") == "cy"
    world.member.refresh_from_db()
    assert world.member.language == "cy"
    page.locator("[data-language-link='en-gb']").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "en-GB"
