"""Choosing English or Cymraeg: the switcher, remembering the choice, lang and hreflang."""

import datetime as dt

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
SKIP_LINK_CY = "Neidio i'r prif gynnwys"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_signed_out_reader_starts_in_english_with_a_link_to_cymraeg(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="en-GB"' in html
    assert "Skip to main content" in html
    # The switcher is a plain link (no form, no JavaScript), in the language it offers.
    assert 'href="/?lang=cy" hreflang="cy" lang="cy"' in html
    assert "Newid yr iaith i\u2019r Gymraeg" in html
    assert COOKIE not in response.cookies  # nobody chose: the page stays cacheable
    assert response["Content-Language"] == "en-GB"


def test_the_switcher_link_shows_welsh_and_remembers_it_in_a_cookie(client, db):
    response = client.get("/councils/?lang=cy")
    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert SKIP_LINK_CY in html
    assert response.cookies[COOKIE].value == "cy"
    assert response.cookies[COOKIE]["samesite"] == "Lax"
    # Later pages, without ?lang=, stay in Welsh; the switcher now offers English.
    html = client.get("/").content.decode()
    assert '<html lang="cy"' in html
    assert 'href="/?lang=en" hreflang="en-GB" lang="en-GB"' in html
    response = client.get("/?lang=en")
    assert '<html lang="en-GB"' in response.content.decode()
    assert response.cookies[COOKIE].value == "en-gb"
    assert '<html lang="en-GB"' in client.get("/").content.decode()


def test_switching_keeps_the_rest_of_the_query(client, db):
    html = client.get("/search/?q=bins&page=2").content.decode()
    assert 'href="/search/?lang=cy&amp;page=2&amp;q=bins"' in html


def test_unknown_language_is_ignored(client, db):
    response = client.get("/?lang=fr")
    assert '<html lang="en-GB"' in response.content.decode()
    client.cookies[COOKIE] = "xx"
    assert '<html lang="en-GB"' in client.get("/").content.decode()


def test_public_page_cache_keeps_one_copy_per_language(client, db):
    assert client.get("/").headers["X-Page-Cache"] == "miss"
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    client.cookies[COOKIE] = "cy"
    first = client.get("/")
    assert first.headers["X-Page-Cache"] == "miss"
    assert SKIP_LINK_CY in first.content.decode()
    again = client.get("/")
    assert again.headers["X-Page-Cache"] == "hit"
    assert SKIP_LINK_CY in again.content.decode()


def test_hreflang_alternates_name_both_languages(client, db):
    html = client.get("/councils/").content.decode()
    site = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="en-GB" href="{site}/councils/?lang=en">' in html
    assert f'<link rel="alternate" hreflang="cy" href="{site}/councils/?lang=cy">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/councils/">' in html


def test_a_member_who_switches_keeps_welsh_on_every_device(client, db):
    member = UserFactory()
    assert member.language == ""
    client.force_login(member)
    client.get("/?lang=cy")
    member.refresh_from_db()
    assert member.language == "cy"
    # Another browser, no cookie: signing in applies the member's setting.
    other = client_class()
    response = other.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "cy"
    other.cookies.pop(COOKIE)
    assert '<html lang="cy"' in other.get("/").content.decode()
    # Signing out keeps the language for the signed-out pages (the cookie).
    other.post(reverse("account_logout"))
    assert '<html lang="cy"' in other.get("/").content.decode()


def test_a_members_setting_wins_over_a_cookie_left_by_someone_else(client, db):
    member = UserFactory()
    member.language = "en-gb"
    member.save()
    client.cookies[COOKIE] = "cy"
    client.force_login(member)
    response = client.get("/")
    assert '<html lang="en-GB"' in response.content.decode()
    assert response.cookies[COOKIE].value == "en-gb"


def test_signing_up_in_welsh_makes_welsh_the_new_members_language(client, db):
    client.cookies[COOKIE] = "cy"
    response = client.post(
        reverse("account_signup"),
        {"email": "newydd@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.get(email="newydd@example.org").language == "cy"


def test_dates_and_numbers_are_welsh(db):
    template = Template(
        '{% load humanize %}{{ day|date:"j F Y" }} {{ day|date:"l" }} {{ n|intcomma }}'
    )
    context = Context({"day": dt.date(2026, 12, 4), "n": 1234567})
    with translation.override("cy"):
        assert template.render(context) == "4 Rhagfyr 2026 Dydd Gwener 1,234,567"
    with translation.override("en-gb"):
        assert template.render(context) == "4 December 2026 Friday 1,234,567"


def test_javascript_catalogue_is_served_per_language(client, db):
    response = client.get("/jsi18n/cy/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Awgrymiadau" in body
    # Welsh's six plural forms reach the browser.
    assert "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5" in body
    assert "Awgrymiadau" not in client.get("/jsi18n/en-gb/").content.decode()
    assert client.get("/jsi18n/fr/").status_code == 404
    html = client.get("/?lang=cy").content.decode()
    assert '<script src="/jsi18n/cy/"></script>' in html


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_our_welsh_catalogues_use_the_six_plural_forms(domain):
    import gettext

    path = settings.LOCALE_PATHS[0] / "cy" / "LC_MESSAGES" / f"{domain}.mo"
    with open(path, "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    forms = {n: catalogue.plural(n) for n in (0, 1, 2, 3, 4, 6, 11, 100)}
    assert forms == {0: 0, 1: 1, 2: 2, 3: 3, 4: 5, 6: 4, 11: 5, 100: 5}


def client_class():
    from django.test import Client

    return Client()


def test_account_settings_saves_the_language_with_a_form(client, db):
    member = UserFactory()
    client.force_login(member)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="language" type="radio" value="cy"' in page
    response = client.post(reverse("accounts:settings"), {"language": "cy"}, follow=True)
    member.refresh_from_db()
    assert member.language == "cy"
    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert "Mae eich iaith wedi" in html
    bad = client.post(reverse("accounts:settings"), {"language": "fr"})
    assert bad.status_code == 200
    member.refresh_from_db()
    assert member.language == "cy"
