"""The hub's own brand: its font on every element (never a serif fallback), its name and
colour in the header, no GOV.UK crown or GDS Transport, no content outside a landmark."""

import pytest

from tests.blog.factories import CommentFactory, PostFactory
from tests.browser.fixtures import dump, sign_in
from tests.factories import CouncilFactory, ModeratorFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "correct horse battery staple"

# Every rendered element's computed font, with a readable description of the element.
FONTS_JS = """() => Array.from(document.querySelectorAll('body, body *'))
  .filter(e => !['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'BR'].includes(e.tagName)
               && !(e instanceof SVGElement))
  .map(e => [e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
             ? '.' + e.className.trim().split(/\\s+/).join('.') : ''),
             getComputedStyle(e).fontFamily])"""


def _not_the_hubs_font(fonts: list[list[str]]) -> list[list[str]]:
    wrong = []
    for element, family in fonts:
        names = [name.strip().strip('"').lower() for name in family.split(",")]
        if names[-1] == "monospace" and element.split(".")[0] in {"code", "pre", "kbd", "samp"}:
            continue
        if names[0] != "system-ui" or names[-1] != "sans-serif" or "gds transport" in names:
            wrong.append([element, family])
    return wrong


def test_every_element_uses_the_hubs_font_and_brand(page, live_server_asgi):
    server = live_server_asgi
    council = CouncilFactory()
    post = PostFactory(title="Branded post", body="Some `code` and **bold** text.")
    post.councils.add(council)
    CommentFactory(post=post)
    moderator = ModeratorFactory()
    paths = ["/", "/blog/", post.get_absolute_url(), "/councils/", council.get_absolute_url(),
             "/search/?q=bins", "/accounts/login/", "/standards/", "/groups/", "/services/"]  # fmt: skip
    signed_in = ["/blog/write/", "/channels/", "/notifications/", "/moderation/", "/profile/edit/"]
    for path in paths:
        page.goto(f"{server.url}{path}")
        wrong = _not_the_hubs_font(page.evaluate(FONTS_JS))
        assert wrong == [], f"{path}: {dump(wrong[:10])}"
    sign_in(page, server, moderator.email, PASSWORD)
    for path in [*signed_in, post.get_absolute_url()]:
        page.goto(f"{server.url}{path}")
        wrong = _not_the_hubs_font(page.evaluate(FONTS_JS))
        assert wrong == [], f"{path} (signed in): {dump(wrong[:10])}"

    page.goto(f"{server.url}/blog/")
    header = page.locator(".govuk-generic-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 98, 94)"
    assert "LocalGov Hub" in header.inner_text()
    crown = page.evaluate(
        """() => Array.from(document.querySelectorAll('*')).filter(e => {
             const s = getComputedStyle(e, '::before');
             return /crest|crown/.test(s.backgroundImage + s.maskImage
                                      + getComputedStyle(e).backgroundImage);
           }).length"""
    )
    assert crown == 0
    css = page.evaluate(
        "() => Array.from(document.styleSheets).flatMap(s => Array.from(s.cssRules))"
        ".map(r => r.cssText).join('\\n')"
    )
    assert "GDS Transport" not in css


def test_no_content_outside_a_landmark(page, live_server_asgi):
    from axe_playwright_python.sync_playwright import Axe

    server = live_server_asgi
    post = PostFactory()
    for path in ["/", "/blog/", post.get_absolute_url(), "/councils/", "/search/?q=bins"]:
        page.goto(f"{server.url}{path}")
        results = Axe().run(page, options={"runOnly": ["region"]})
        violations = results.response.get("violations", [])
        assert violations == [], f"{path}: {dump(violations)}"
