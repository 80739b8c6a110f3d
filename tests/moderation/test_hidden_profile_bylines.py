"""A profile hidden by a moderator answers 404, so no byline links to it: the post, a comment,
a chat message, a project's lead, an artefact's contributor, a group's member list and the
author's blog page show the name without a link. Restored, the links come back."""

import pytest

from hub.discussions.services import channel_create, message_post
from hub.moderation.services import content_hide, content_restore
from tests.blog.factories import CommentFactory, PostFactory
from tests.factories import ModeratorFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    settings.PAGE_CACHE_URL_NAMES = frozenset()
    settings.DISCUSSIONS_SEND_RATE = "10000/m"


def _pages(person) -> list[str]:
    post = PostFactory(author=person, title="Bin rounds")
    other = PostFactory(title="Garden waste")
    CommentFactory(post=other, author=person, body="We did this too.")
    channel = channel_create(name="Waste", created_by=UserFactory())
    message = message_post(channel=channel, author=person, body="Hello from me")
    project = ProjectFactory(lead=person)
    artefact = ArtefactFactory(contributor=person)
    group = WorkingGroupFactory()
    MembershipFactory(group=group, user=person)
    return [
        post.get_absolute_url(),
        other.get_absolute_url(),
        message.get_absolute_url(),
        project.get_absolute_url(),
        artefact.get_absolute_url(),
        group.get_absolute_url(),
        f"/people/{person.profile.handle}/blog/",
    ]


def test_bylines_of_a_hidden_profile_name_the_person_without_linking_to_the_404(client):
    person = UserFactory(profile__handle="hidden-hal", profile__display_name="Hal Hidden")
    moderator = ModeratorFactory()
    pages = _pages(person)
    link = f'href="{person.profile.get_absolute_url()}"'
    client.force_login(UserFactory())

    def bylines() -> dict[str, tuple[bool, bool]]:
        out = {}
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            body = response.content.decode()
            out[path] = ("Hal Hidden" in body or "@hidden-hal" in body, link in body)
        return out

    assert bylines() == dict.fromkeys(pages, (True, True))  # linked while visible

    content_hide(moderator=moderator, target=person.profile, note="Spam profile")
    assert client.get(person.profile.get_absolute_url()).status_code == 404
    assert bylines() == dict.fromkeys(pages, (True, False))

    content_restore(moderator=moderator, target=person.profile, note="Sorted")
    assert bylines() == dict.fromkeys(pages, (True, True))
