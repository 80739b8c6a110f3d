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
ENABLED_AREAS = {
    "core",
    "accounts",
    "allauth",
    "councils",
    "search",
    "notifications",
    "follows",
    # part B
    "blog",
    "moderation",
    "groups",
    "standards",
    "discussions",
    "sharing",
    "pledges",
    "community",
    "webhooks",
    "api",
}


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
    # False: not opened in the browser test (the page sends the browser to another site).
    browser: bool = True

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
    # blog
    Page("blog", "posts", lambda w: reverse("blog:list")),
    Page("blog", "post", lambda w: w.post.get_absolute_url()),
    Page("blog", "post signed in", lambda w: w.post.get_absolute_url(), signed_in=True),
    Page("blog", "author blog", lambda w: reverse("author_blog", args=[w.member.profile.handle])),
    Page("blog", "write", lambda w: reverse("blog:new"), signed_in=True),
    Page("blog", "write errors", lambda w: reverse("blog:new"), signed_in=True, post={"title": ""}),
    Page("blog", "your posts", lambda w: reverse("blog:mine"), signed_in=True),
    Page("blog", "blog settings", lambda w: reverse("blog:settings"), signed_in=True),
    Page(
        "blog",
        "delete post",
        lambda w: reverse("blog:delete", args=[w.member.profile.handle, w.post.slug]),
        signed_in=True,
    ),
    # moderation
    Page("moderation", "queue", lambda w: reverse("moderation:queue"), signed_in=True, staff=True),
    Page(
        "moderation",
        "flag",
        lambda w: reverse("moderation:flag", args=["blog.post", w.post.pk]),
        signed_in=True,
        staff=True,
    ),
    Page(
        "moderation",
        "review",
        lambda w: reverse("moderation:review", args=["blog.post", w.post.pk]),
        signed_in=True,
        staff=True,
    ),
    # groups
    Page("groups", "groups", lambda w: reverse("groups:list")),
    Page("groups", "group", lambda w: w.group.get_absolute_url()),
    Page("groups", "group convenor", lambda w: w.group.get_absolute_url(), signed_in=True),
    Page(
        "groups",
        "members",
        lambda w: reverse("groups:members", args=[w.group.slug]),
        signed_in=True,
    ),
    Page("groups", "new group", lambda w: reverse("groups:create"), signed_in=True),
    Page(
        "groups",
        "edit group",
        lambda w: reverse("groups:edit", args=[w.group.slug]),
        signed_in=True,
    ),
    # standards
    Page("standards", "standards", lambda w: reverse("standards:list")),
    Page("standards", "standard", lambda w: w.standard.get_absolute_url()),
    Page("standards", "standard editor", lambda w: w.standard.get_absolute_url(), signed_in=True),
    Page(
        "standards",
        "edit draft",
        lambda w: reverse("standards:edit", args=[w.standard.slug]),
        signed_in=True,
    ),
    Page(
        "standards",
        "publish",
        lambda w: reverse("standards:publish", args=[w.standard.slug]),
        signed_in=True,
    ),
    Page(
        "standards",
        "status",
        lambda w: reverse("standards:status", args=[w.standard.slug]),
        signed_in=True,
    ),
    Page(
        "standards",
        "details",
        lambda w: reverse("standards:settings", args=[w.standard.slug]),
        signed_in=True,
    ),
    Page(
        "standards",
        "schemas",
        lambda w: reverse("standards:parts", args=[w.standard.slug]),
        signed_in=True,
    ),
    Page("standards", "comments", lambda w: reverse("standards:threads", args=[w.standard.slug])),
    Page("standards", "comment", lambda w: w.thread.get_absolute_url(), signed_in=True),
    Page(
        "standards",
        "consultation",
        lambda w: reverse("standards:consultation", args=[w.standard.slug]),
    ),
    Page(
        "standards",
        "consultation response",
        lambda w: reverse("standards:consultation_response", args=[w.standard.slug]),
    ),
    Page(
        "standards",
        "adoptions",
        lambda w: reverse("standards:adoptions", args=[w.standard.slug]),
        signed_in=True,
    ),
    Page(
        "standards",
        "validator",
        lambda w: reverse("standards:validator", args=[w.standard.slug, w.version.number]),
    ),
    Page(
        "standards", "compare", lambda w: reverse("standards:diff_choose", args=[w.standard.slug])
    ),
    Page(
        "standards",
        "new comment",
        lambda w: reverse(
            "standards:comment", args=[w.standard.slug, w.version.number, "collection-days"]
        ),
        signed_in=True,
    ),
    # discussions
    Page("discussions", "channels", lambda w: reverse("discussions:list"), signed_in=True),
    Page("discussions", "channel", lambda w: w.channel.get_absolute_url(), signed_in=True),
    Page("discussions", "new channel", lambda w: reverse("discussions:create"), signed_in=True),
    Page(
        "discussions",
        "thread",
        lambda w: reverse("discussions:thread", args=[w.channel.slug, w.message.sequence]),
        signed_in=True,
    ),
    Page(
        "discussions",
        "keep thread",
        lambda w: reverse("discussions:keep", args=[w.channel.slug, w.message.sequence]),
        signed_in=True,
    ),
    Page(
        "discussions",
        "edit message",
        lambda w: reverse("discussions:edit", args=[w.channel.slug, w.message.sequence]),
        signed_in=True,
    ),
    # sharing
    Page("sharing", "services", lambda w: reverse("sharing:services")),
    Page("sharing", "service", lambda w: reverse("sharing:service", args=[w.topic.slug])),
    Page("sharing", "projects", lambda w: reverse("sharing:projects")),
    Page("sharing", "project", lambda w: w.project.get_absolute_url()),
    Page("sharing", "project lead", lambda w: w.project.get_absolute_url(), signed_in=True),
    Page("sharing", "new project", lambda w: reverse("sharing:project_new"), signed_in=True),
    Page(
        "sharing",
        "phase",
        lambda w: reverse("sharing:project_phase", args=[w.project.slug]),
        signed_in=True,
    ),
    Page("sharing", "artefacts", lambda w: reverse("sharing:artefacts")),
    Page("sharing", "artefact", lambda w: w.artefact.get_absolute_url()),
    Page("sharing", "new artefact", lambda w: reverse("sharing:artefact_new"), signed_in=True),
    # pledges
    Page("pledges", "looking for backers", lambda w: reverse("pledges:list")),
    Page(
        "pledges",
        "history",
        lambda w: reverse("pledges:history", args=[w.project.slug]),
        signed_in=True,
    ),
    Page(
        "pledges",
        "new call",
        lambda w: reverse("pledges:call_new", args=[w.project.slug]),
        signed_in=True,
    ),
    # community
    Page("community", "state", lambda w: reverse("community:state")),
    Page(
        "community",
        "dashboard",
        lambda w: reverse("community:dashboard"),
        signed_in=True,
        staff=True,
    ),
    # webhooks
    Page("webhooks", "webhooks", lambda w: reverse("webhooks:list"), signed_in=True),
    Page(
        "webhooks",
        "webhook",
        lambda w: reverse("webhooks:detail", args=[w.webhook.pk]),
        signed_in=True,
    ),
    # api
    Page("api", "reference", lambda w: reverse("api_reference")),
    Page("api", "tokens", lambda w: reverse("api_tokens"), signed_in=True),
]


from tests.i18n.pages_more import MORE_PAGES  # noqa: E402 (it imports Page from here)

PAGES += MORE_PAGES


def enabled_pages() -> list[Page]:
    return [
        page for page in PAGES if page.area in ENABLED_AREAS and set(page.needs) <= ENABLED_AREAS
    ]
