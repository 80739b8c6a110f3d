"""axe on every kind of page, signed out and signed in, not only the main ones: no violation of
moderate impact or worse (the "region" finding included), and no element in any font but the
hub's (never a serif fallback)."""

import pytest

from hub.discussions.services import channel_create, message_post
from hub.standards import services as standards_services
from tests.blog.factories import CommentFactory, PostFactory
from tests.browser.fixtures import dump, sign_in
from tests.browser.test_branding import FONTS_JS, _not_the_hubs_font
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory
from tests.standards.factories import BODY_V2, StandardFactory, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
IMPACTS = {"moderate", "serious", "critical"}


def _violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in results.response.get("violations", [])
        if v.get("impact") in IMPACTS
    ]


def _world():
    council = CouncilFactory(name="Borsetshire County Council")
    moderator = ModeratorFactory(
        profile__handle="mo", profile__display_name="Mo Moderator", profile__council=council
    )
    author = UserFactory(profile__handle="ann", profile__display_name="Ann Author")
    post = PostFactory(author=author, title="Bin day pages")
    post.councils.add(council)
    CommentFactory(post=post, body="Thanks, useful.")
    group = WorkingGroupFactory(name="Waste data")
    MembershipFactory(group=group, user=moderator, role="convenor")
    standard = StandardFactory(group=group, title="Bin collection data", slug="bins")
    publish(standard, moderator)
    first = standard.versions.get()
    version = publish(standard, moderator, body=BODY_V2)
    thread = standards_services.thread_open(
        version=version, anchor="collection-days", author=moderator, body="Which bins?"
    )
    service = ServiceTopicFactory(name="Garden waste collection", slug="garden-waste")
    project = ProjectFactory(title="Garden waste sign-up", owner_council=council, lead=author)
    project.services.add(service)
    artefact = ArtefactFactory(title="Sign-up form", contributor=author)
    channel = channel_create(name="General", kind="public", created_by=moderator, slug="general")
    message = message_post(channel=channel, author=author, body="Hello all")
    own_post = PostFactory(author=moderator, title="Moderating well")
    return {
        "signed_out": [
            "/",
            "/blog/",
            post.get_absolute_url(),
            "/people/ann/blog/",
            "/councils/",
            council.get_absolute_url(),
            "/people/",
            "/people/ann/",
            "/groups/",
            group.get_absolute_url(),
            "/standards/",
            standard.get_absolute_url(),
            version.get_absolute_url(),
            thread.get_absolute_url(),
            f"/standards/{standard.slug}/comments/",
            f"/standards/{standard.slug}/consultation/",
            f"/standards/{standard.slug}/diff/{first.number}..{version.number}/",
            f"/standards/{standard.slug}/adoptions/",
            "/services/",
            service.get_absolute_url(),
            "/projects/",
            project.get_absolute_url(),
            "/artefacts/",
            artefact.get_absolute_url(),
            "/backing/",
            "/community/",
            "/accessibility/",
            "/search/?q=bins",
            "/search/",
            "/no-such-page/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/api/",
        ],
        "signed_in": [
            "/",
            "/blog/write/",
            "/blog/settings/",
            post.get_absolute_url(),
            "/profile/edit/",
            "/account/settings/",
            "/notifications/",
            "/notifications/email/",
            "/follow/following/",
            "/channels/",
            channel.get_absolute_url(),
            f"/channels/{channel.slug}/m/{message.sequence}/",
            "/channels/new/",
            "/moderation/",
            "/moderation/hidden/",
            f"/moderation/flag/blog.post/{post.pk}/",
            f"/moderation/review/blog.post/{post.pk}/",
            "/projects/new/",
            "/artefacts/new/",
            "/groups/new/",
            f"{group.get_absolute_url()}members/",
            f"/standards/{standard.slug}/edit/",
            f"{version.get_absolute_url()}comment/collection-days/",
            "/account/tokens/",
            "/webhooks/",
            "/community/dashboard/",
            # Pages added since the first list: editors, settings, sub-pages of every kind.
            "/blog/yours/",
            f"{own_post.get_absolute_url()}edit/",
            "/people/mo/blog/",
            f"{group.get_absolute_url()}edit/",
            f"/standards/new/{group.slug}/",
            f"/standards/{standard.slug}/details/",
            f"/standards/{standard.slug}/edit/schemas/",
            f"{version.get_absolute_url()}validate/",
            f"/standards/{standard.slug}/diff/{first.number}..{version.number}/",
            f"/standards/{standard.slug}/consultation/response/",
            f"{project.get_absolute_url()}edit/",
            f"{project.get_absolute_url()}phase/",
            f"{project.get_absolute_url()}updates/new/",
            f"{project.get_absolute_url()}backing/new/",
            f"{project.get_absolute_url()}backing/history/",
            f"{artefact.get_absolute_url()}edit/",
            f"{channel.get_absolute_url()}settings/",
            "/account/data/",
            "/account/delete/",
            "/accounts/email/",
            "/accounts/password/change/",
            "/backing/",
            "/search/?q=bins",
            "/?lang=cy",
        ],
        "moderator": moderator,
    }


def test_every_kind_of_page_has_no_moderate_or_worse_axe_violation(page, live_server_asgi):
    server = live_server_asgi
    world = _world()
    found, statuses, fonts = {}, {}, {}
    for path in world["signed_out"]:
        response = page.goto(f"{server.url}{path}")
        statuses[path] = response.status
        if violations := _violations(page):
            found[path] = violations
        if wrong := _not_the_hubs_font(page.evaluate(FONTS_JS)):
            fonts[path] = wrong[:5]
    sign_in(page, server, world["moderator"].email, PASSWORD)
    for path in world["signed_in"]:
        response = page.goto(f"{server.url}{path}")
        statuses[f"{path} (signed in)"] = response.status
        if violations := _violations(page):
            found[f"{path} (signed in)"] = violations
        if wrong := _not_the_hubs_font(page.evaluate(FONTS_JS)):
            fonts[f"{path} (signed in)"] = wrong[:5]
    # Each page really is the page it names (not a 404 or an error page in its place).
    assert {p: s for p, s in statuses.items() if s != 200} == {"/no-such-page/": 404}
    assert found == {}, dump(found)
    assert fonts == {}, dump(fonts)
