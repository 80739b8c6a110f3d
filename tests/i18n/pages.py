"""The pages the Welsh checks render, by area (tests/i18n/test_pseudo_locale.py, test_browser_cy.py).

An area's pages are checked once its name is in ``ENABLED_AREAS``: add your area's pages to
``PAGES`` (a path built from the ``world`` fixture's objects, signed in or not), wrap and
translate its strings, then add the area to ``ENABLED_AREAS`` (docs/i18n.md says how).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

# Areas whose every interface string is translated; their pages must show no English.
ENABLED_AREAS = {"core", "accounts", "allauth", "councils", "search", "notifications", "follows"}


@dataclass(frozen=True)
class Page:
    area: str
    name: str
    path: Callable[[object], str]  # world -> path (with any query string)
    signed_in: bool = False
    staff: bool = False
    post: dict | None = field(default=None)  # form data: check the page showing its errors
    # Other areas whose sections the page shows (a council page shows projects, posts...):
    # the page is checked once they are enabled too.
    needs: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.area}:{self.name}"


PAGES = [
    # core
    Page("core", "home", lambda w: reverse("home")),
    # Signed in, the home page shows sections of several areas.
    Page(
        "core",
        "home signed in",
        lambda w: reverse("home"),
        signed_in=True,
        needs=("follows", "pledges", "standards", "sharing", "blog"),
    ),
    Page("core", "accessibility", lambda w: reverse("accessibility")),
    Page("core", "not found", lambda w: "/no-such-page/"),
    # accounts
    Page("accounts", "people", lambda w: reverse("accounts:people")),
    Page("accounts", "people filtered", lambda w: reverse("accounts:people") + "?q=zzz"),
    Page(
        "accounts",
        "profile",
        lambda w: w.member.profile.get_absolute_url(),
        needs=("blog", "sharing"),
    ),
    Page(
        "accounts",
        "own profile",
        lambda w: w.member.profile.get_absolute_url(),
        signed_in=True,
        needs=("blog", "sharing"),
    ),
    Page("accounts", "edit profile", lambda w: reverse("accounts:edit"), signed_in=True),
    Page(
        "accounts",
        "edit profile errors",
        lambda w: reverse("accounts:edit"),
        signed_in=True,
        post={"display_name": "", "handle": "Not A Handle!", "github": "bad name"},
    ),
    Page("accounts", "settings", lambda w: reverse("accounts:settings"), signed_in=True),
    # allauth
    Page("allauth", "sign in", lambda w: reverse("account_login")),
    Page(
        "allauth",
        "sign in errors",
        lambda w: reverse("account_login"),
        post={"login": "nobody@example.org", "password": "wrong"},
    ),
    Page("allauth", "sign up", lambda w: reverse("account_signup")),
    Page(
        "allauth",
        "sign up errors",
        lambda w: reverse("account_signup"),
        post={"email": "not-an-address", "password1": "a", "password2": "b"},
    ),
    Page("allauth", "reset password", lambda w: reverse("account_reset_password")),
    Page("allauth", "sign-in code", lambda w: reverse("account_request_login_code")),
    Page("allauth", "email addresses", lambda w: reverse("account_email"), signed_in=True),
    Page(
        "allauth", "change password", lambda w: reverse("account_change_password"), signed_in=True
    ),
    Page("allauth", "sign out", lambda w: reverse("account_logout"), signed_in=True),
    # councils
    Page("councils", "directory", lambda w: reverse("councils:list")),
    Page(
        "councils",
        "council",
        lambda w: w.council.get_absolute_url(),
        needs=("sharing", "blog", "standards", "pledges"),
    ),
    Page(
        "councils",
        "council signed in",
        lambda w: w.council.get_absolute_url(),
        signed_in=True,
        needs=("sharing", "blog", "standards", "pledges"),
    ),
    # search
    Page("search", "search", lambda w: reverse("search:search")),
    Page("search", "results", lambda w: reverse("search:search") + "?q=" + w.query),
    Page("search", "no results", lambda w: reverse("search:search") + "?q=zzzqqq"),
    Page("search", "unmet", lambda w: reverse("search:unmet"), signed_in=True, staff=True),
    # notifications
    Page("notifications", "list", lambda w: reverse("notifications:list"), signed_in=True),
    # One radio group per event kind: every area's kind labels.
    Page(
        "notifications",
        "email",
        lambda w: reverse("notifications:preferences"),
        signed_in=True,
        needs=("blog", "discussions", "pledges", "sharing", "standards", "groups"),
    ),
    # follows
    Page("follows", "following", lambda w: reverse("follows:following"), signed_in=True),
]


def enabled_pages() -> list[Page]:
    return [
        page for page in PAGES if page.area in ENABLED_AREAS and set(page.needs) <= ENABLED_AREAS
    ]
