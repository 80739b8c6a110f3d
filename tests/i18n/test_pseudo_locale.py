"""Every enabled page, rendered under the pseudo-locale, shows no untranslated English.

The pseudo-locale (tests/i18n/pseudo.py) turns every translated string into accented
look-alike letters, so any plain English word left on the page skipped translation: a template
string without {% translate %}, a Python message without gettext, a library string with no
Welsh. Names and content in the ``world`` fixture are pseudo-text too.
"""

import pytest
from django.conf import settings
from django.template import Context, Template

from tests.i18n.pages import enabled_pages
from tests.i18n.pseudo import leaks, missing_welsh, pseudo, pseudo_welsh


def _render(client, world, page):
    if page.signed_in:
        client.force_login(world.staff if page.staff else world.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    path = page.path(world)
    with pseudo_welsh() as fake:
        response = client.post(path, page.post) if page.post is not None else client.get(path)
    return response, fake.asked


# "page" would name the Playwright fixture (and mark these as browser tests): "listed" it is.
@pytest.mark.parametrize("listed", enabled_pages(), ids=str)
def test_page_has_no_untranslated_english(client, world, listed):
    page = listed
    response, asked = _render(client, world, page)
    # 401: allauth's third-party sign-in error page answers with it.
    assert response.status_code in {200, 401, 404}, (page, response.status_code)
    html = response.content.decode()
    assert '<html lang="cy"' in html
    found = leaks(html, world.allowed)
    assert not found, f"{page}: untranslated text\n" + "\n".join(found)
    # ...and every string it asked for has real Welsh (library strings included).
    missing = missing_welsh(asked)
    assert not missing, f"{page}: no Welsh for\n" + "\n".join(missing)


def test_the_check_finds_an_untranslated_string():
    template = Template(
        '{% load i18n %}<p title="{% translate "Sign in" %}">{% translate "Sign in" %}</p>'
        '<p>Left in English</p><p lang="en-GB">An English post</p><p translate="no">GOV.UK</p>'
        '<input type="submit" value="Save">'
    )
    with pseudo_welsh():
        from django.utils import translation

        translation.activate("cy")
        html = template.render(Context())
    found = leaks(html)
    assert pseudo("Sign in") in html
    assert len(found) == 2
    assert "Left in English" in found[0]
    assert "Save" in found[1]
