"""A member's email address is shown to nobody but themselves and staff.

Members without a display name are named by their handle, or "a member" without one, on
pages, feeds, search hits, WebSocket frames and notifications (issue 10, finding 1).
"""

import pytest
from django.urls import reverse

from accounts.models import Profile
from hub.blog.models import Post
from hub.discussions import selectors as chat_selectors
from hub.discussions import services as chat_services
from hub.groups.models import Membership, WorkingGroup
from tests.blog.factories import PostFactory
from tests.discussions.factories import ChannelFactory, MembershipFactory, WorkingGroupFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handle_only(db):
    """A member who chose a handle but no display name."""
    return UserFactory(email="handle.only@example.org", profile__display_name="")


@pytest.fixture
def nameless(db):
    """A member with neither a display name nor a handle (a half-finished sign-up)."""
    return UserFactory(email="no.name@example.org", profile__display_name="", profile__handle=None)


def test_a_member_is_named_by_name_then_handle_then_a_member(member, handle_only, nameless):
    assert str(member) == member.profile.display_name
    assert str(handle_only) == handle_only.profile.handle
    assert str(nameless) == "a member"
    Profile.objects.filter(user=nameless).delete()
    nameless.refresh_from_db()
    assert str(nameless) == "a member"
    assert "@" not in handle_only.profile.public_name


def test_public_group_pages_never_show_a_members_email(client, handle_only, nameless):
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.PUBLIC)
    for user in (handle_only, nameless):
        MembershipFactory(group=group, user=user, role=Membership.Role.MEMBER)
    for url in (
        reverse("groups:detail", args=[group.slug]),
        reverse("groups:members", args=[group.slug]),
    ):
        page = client.get(url).content.decode()
        assert handle_only.profile.handle in page
        assert "example.org" not in page, url


def test_channel_pages_and_frames_never_show_another_members_email(
    client, member, handle_only, nameless
):
    channel = ChannelFactory()
    for author in (handle_only, nameless):
        chat_services.message_post(channel=channel, author=author, body=f"hello from {author.pk}")
    client.force_login(member)
    page = client.get(reverse("discussions:detail", args=[channel.slug])).content.decode()
    assert "hello from" in page and handle_only.profile.handle in page
    assert "example.org" not in page
    for message in channel.messages.all():
        payload = chat_selectors.message_payload(message)
        assert "example.org" not in str(payload)
    names = {chat_selectors.message_payload(m)["author"]["name"] for m in channel.messages.all()}
    assert names == {handle_only.profile.handle, "a member"}


def test_feeds_and_blog_pages_name_the_author_by_handle(client, handle_only):
    post = PostFactory(author=handle_only, title="Bins", body="About bin rounds.")
    assert post.status == Post.Status.PUBLISHED
    for url in (
        reverse("blog:feed"),
        reverse("author_blog_feed", args=[handle_only.profile.handle]),
        reverse("author_blog", args=[handle_only.profile.handle]),
        post.get_absolute_url(),
        reverse("blog:list"),
    ):
        body = client.get(url).content.decode()
        assert "handle.only@" not in body, url
        assert handle_only.profile.handle in body, url
