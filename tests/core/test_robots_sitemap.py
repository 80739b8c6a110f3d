"""robots.txt points crawlers at the sitemap and away from personal pages; the sitemap lists
every kind of public page and nothing members-only, hidden, draft or ended."""

import pytest
from defusedxml import ElementTree

from tests.blog.factories import DraftFactory, PostFactory
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory
from tests.standards.factories import StandardFactory, publish

pytestmark = pytest.mark.django_db
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locs(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {url.findtext(f"{NS}loc") for url in root.iter(f"{NS}url")}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_off_personal_pages(client, settings):
    settings.SITE_URL = "https://hub.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/accounts/", "/moderation/", "/search/", "/channels/", "/admin/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: https://hub.example.org/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # public pages stay crawlable


def test_sitemap_lists_public_pages_only(client, settings):
    settings.SITE_URL = "https://hub.example.org"
    origin = settings.SITE_URL
    post, draft = PostFactory(), DraftFactory()
    hidden_post = PostFactory(is_hidden=True)
    council, ended = CouncilFactory(), CouncilFactory(end_date="2020-03-31")
    public_group = WorkingGroupFactory()
    private_group = WorkingGroupFactory(visibility="members")
    editor = UserFactory()
    standards = {}
    for group in (public_group, private_group):
        MembershipFactory(group=group, user=editor, role="editor")
        standards[group.pk] = StandardFactory(group=group)
        publish(standards[group.pk], editor)
    project, hidden_project = ProjectFactory(), ProjectFactory(is_hidden=True)
    artefact = ArtefactFactory()
    service = ServiceTopicFactory()
    person = UserFactory(profile__handle="visible-person", profile__display_name="Vis Ible")
    hidden_person = UserFactory(profile__handle="hidden-person", profile__display_name="Hid Den")
    hidden_person.profile.is_hidden = True
    hidden_person.profile.save()

    locs = _locs(client)
    expected = [
        "/",
        "/blog/",
        post.get_absolute_url(),
        council.get_absolute_url(),
        public_group.get_absolute_url(),
        standards[public_group.pk].get_absolute_url(),
        standards[public_group.pk].versions.get().get_absolute_url(),
        project.get_absolute_url(),
        artefact.get_absolute_url(),
        service.get_absolute_url(),
        person.profile.get_absolute_url(),
    ]
    for path in expected:
        assert origin + path in locs, path
    for path in (
        draft.get_absolute_url(),
        hidden_post.get_absolute_url(),
        ended.get_absolute_url(),
        private_group.get_absolute_url(),
        standards[private_group.pk].get_absolute_url(),
        standards[private_group.pk].versions.get().get_absolute_url(),
        hidden_project.get_absolute_url(),
        hidden_person.profile.get_absolute_url(),
        "/channels/",
        "/search/",
    ):
        assert origin + path not in locs, path
    # Every listed page really is public.
    client.logout()
    for loc in sorted(locs)[:60]:
        assert client.get(loc.removeprefix(origin)).status_code == 200, loc
