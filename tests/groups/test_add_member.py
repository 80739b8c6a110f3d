"""Convenors add members by handle: the only way into a members-only group."""

import pytest
from django.urls import reverse

from hub.groups import services
from hub.groups.models import Membership, WorkingGroup
from hub.groups.selectors import group_is_visible_to
from hub.notifications.models import Notification
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[WorkingGroup.Visibility.PUBLIC, WorkingGroup.Visibility.MEMBERS])
def group(request):
    return WorkingGroupFactory(visibility=request.param)


@pytest.fixture
def people(group):
    people = {"outsider": UserFactory()}
    for role in ("convenor", "editor", "member"):
        people[role] = MembershipFactory(group=group, role=role).user
    return people


def _add_url(group) -> str:
    return reverse("groups:member_add", args=[group.slug])


def test_convenor_adds_a_member_who_is_told_and_can_then_see_the_group(
    client, group, people, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(profile__handle="jo-bloggs", profile__display_name="Jo Bloggs")
    client.force_login(people["convenor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_add_url(group), {"handle": "@Jo-Bloggs", "role": "editor"})
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:members", args=[group.slug])
    membership = Membership.objects.get(group=group, user=newcomer)
    assert (membership.state, membership.role) == ("active", "editor")
    notification = Notification.objects.get(recipient=newcomer)
    assert notification.kind == "groups.member_added"
    assert notification.url == group.get_absolute_url()
    assert notification.actor == people["convenor"]
    assert group.name in notification.text
    assert group_is_visible_to(group, newcomer)
    client.force_login(newcomer)
    assert client.get(group.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ["outsider", "member", "editor"])
def test_only_convenors_can_add_members(client, group, people, role):
    newcomer = UserFactory()
    client.force_login(people[role])
    response = client.post(_add_url(group), {"handle": newcomer.profile.handle, "role": "member"})
    # Non-convenors never see management pages; outsiders of members-only groups see nothing.
    assert response.status_code == 404
    page = client.get(reverse("groups:members", args=[group.slug]))
    if role == "outsider" and not group.is_public:
        assert page.status_code == 404
    else:
        assert page.status_code == 200 and "data-add-member" not in page.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()
    with pytest.raises(services.GroupPermissionDenied):
        services.group_member_add(group=group, actor=people[role], user=newcomer, role="member")
    assert not Notification.objects.filter(recipient=newcomer).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, group):
    response = client.post(_add_url(group), {"handle": "anyone", "role": "member"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_convenor_sees_the_add_form(client, group, people):
    client.force_login(people["convenor"])
    html = client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "data-add-member" in html and 'name="handle"' in html


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("", "Enter the handle of the person to add"),
        ("nobody-here", "There is no one on the hub with the handle nobody-here"),
        ("x" * 40, "Handles are 30 characters or fewer"),
    ],
)
def test_bad_handles_are_explained_and_input_kept(client, group, people, handle, message):
    client.force_login(people["convenor"])
    response = client.post(_add_url(group), {"handle": handle, "role": "editor"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and message in html
    assert 'href="#id_handle"' in html
    if handle:
        assert f'value="{handle}"' in html
    assert Membership.objects.filter(group=group).count() == 3


def test_existing_members_cannot_be_added_again(client, group, people):
    client.force_login(people["convenor"])
    member = people["member"]
    response = client.post(_add_url(group), {"handle": member.profile.handle, "role": "editor"})
    assert response.status_code == 400
    assert f"{member} is already a member of this group" in response.content.decode()
    assert Membership.objects.get(group=group, user=member).role == "member"
    with pytest.raises(services.GroupError, match="already a member"):
        services.group_member_add(group=group, actor=people["convenor"], user=member, role="editor")


def test_adding_someone_who_asked_to_join_approves_them(group, people):
    requester = UserFactory()
    pending = MembershipFactory(group=group, user=requester, state="pending")
    services.group_member_add(group=group, actor=people["convenor"], user=requester, role="member")
    pending.refresh_from_db()
    assert pending.state == "active"


def test_an_unknown_role_is_refused(client, group, people):
    newcomer = UserFactory()
    client.force_login(people["convenor"])
    response = client.post(_add_url(group), {"handle": newcomer.profile.handle, "role": "owner"})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    with pytest.raises(services.GroupError):
        services.group_member_add(group=group, actor=people["convenor"], user=newcomer, role="x")
    assert not Membership.objects.filter(user=newcomer).exists()
