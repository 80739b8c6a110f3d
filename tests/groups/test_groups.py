"""Working groups: joining, approval, leaving, roles."""

import pytest
from django.urls import reverse

from hub.groups import services
from hub.groups.models import Membership, WorkingGroup
from hub.notifications.models import Notification
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, ServiceTopicFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_creator_becomes_convenor():
    user = UserFactory()
    group = services.group_create(creator=user, name="Clean URLs", purpose="Paths")
    assert group.slug == "clean-urls"
    assert Membership.objects.get(group=group, user=user).role == "convenor"


def test_open_group_joins_at_once_approval_group_asks(django_capture_on_commit_callbacks):
    user = UserFactory()
    assert services.group_join(group=WorkingGroupFactory(), user=user).state == "active"
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.APPROVAL)
    convenor = UserFactory()
    MembershipFactory(group=group, user=convenor, role="convenor")
    with django_capture_on_commit_callbacks(execute=True):
        request = services.group_join(group=group, user=user)
    assert request.state == "pending"
    assert Notification.objects.filter(recipient=convenor, kind="groups.join_requested").exists()
    with pytest.raises(services.GroupPermissionDenied):
        services.group_request_decide(membership=request, actor=user, approve=True)
    services.group_request_decide(membership=request, actor=convenor, approve=True)
    request.refresh_from_db()
    assert request.state == "active"


def test_declined_request_is_removed():
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.APPROVAL)
    convenor = MembershipFactory(group=group, role="convenor").user
    request = services.group_join(group=group, user=UserFactory())
    services.group_request_decide(membership=request, actor=convenor, approve=False)
    assert not Membership.objects.filter(pk=request.pk).exists()


def test_members_only_group_cannot_be_joined_by_outsiders():
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)
    with pytest.raises(services.GroupPermissionDenied):
        services.group_join(group=group, user=UserFactory())


def test_last_convenor_cannot_leave_or_be_demoted():
    group = WorkingGroupFactory()
    convenor = MembershipFactory(group=group, role="convenor")
    with pytest.raises(services.GroupError, match="only convenor"):
        services.group_leave(group=group, user=convenor.user)
    with pytest.raises(services.GroupError, match="at least one convenor"):
        services.membership_set_role(membership=convenor, actor=convenor.user, role="member")
    other = MembershipFactory(group=group)
    services.membership_set_role(membership=other, actor=convenor.user, role="convenor")
    services.group_leave(group=group, user=convenor.user)
    assert not Membership.objects.filter(pk=convenor.pk).exists()


def test_only_convenors_set_roles():
    group = WorkingGroupFactory()
    editor = MembershipFactory(group=group, role="editor")
    member = MembershipFactory(group=group)
    with pytest.raises(services.GroupPermissionDenied):
        services.membership_set_role(membership=member, actor=editor.user, role="editor")


def test_group_page_shows_members_standards_and_join_button(client):
    group = WorkingGroupFactory(name="Waste and bins data")
    MembershipFactory(group=group, role="convenor", user=UserFactory(profile__display_name="Cat"))
    client.force_login(UserFactory())
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Cat" in html and "Join this group" in html and 'id="activity"' in html
    client.post(reverse("groups:join", args=[group.slug]))
    assert "Leave this group" in client.get(group.get_absolute_url()).content.decode()


def test_group_form_keeps_input_and_shows_errors(client):
    client.force_login(UserFactory())
    response = client.post(reverse("groups:create"), {"name": "Bins", "purpose": ""})
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'value="Bins"' in html


def test_convenor_tags_the_group_with_services_in_its_settings(client):
    bins, parking, libraries = (ServiceTopicFactory(name=n) for n in ("Bins", "Parking", "Books"))
    group = WorkingGroupFactory(name="Waste data")
    convenor = MembershipFactory(group=group, role="convenor").user
    client.force_login(convenor)
    edit_url = reverse("groups:edit", args=[group.slug])
    assert 'name="services"' in client.get(edit_url).content.decode()
    form = {
        "name": "Waste data",
        "purpose": "Bin days",
        "visibility": "public",
        "join_policy": "open",
        "services": [bins.pk, parking.pk],
    }
    assert client.post(edit_url, form).status_code == 302
    assert set(group.services.all()) == {bins, parking}
    html = client.get(group.get_absolute_url()).content.decode()
    assert "data-services" in html and "Bins" in html and "Books" not in html
    # The settings page shows the current choices ticked.
    html = client.get(edit_url).content.decode()
    assert f'value="{bins.pk}" checked' in html and f'value="{libraries.pk}" checked' not in html
    form["services"] = [libraries.pk]
    client.post(edit_url, form)
    assert list(group.services.all()) == [libraries]


def test_new_group_can_be_tagged_with_services(client):
    bins = ServiceTopicFactory(name="Bins")
    client.force_login(UserFactory())
    response = client.post(
        reverse("groups:create"),
        {"name": "Bins", "purpose": "Bins", "visibility": "public", "join_policy": "open",
         "services": [bins.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    assert list(WorkingGroup.objects.get(name="Bins").services.all()) == [bins]


def test_unknown_service_is_an_error_not_a_crash(client):
    group = WorkingGroupFactory()
    client.force_login(MembershipFactory(group=group, role="convenor").user)
    response = client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": "G", "purpose": "P", "visibility": "public", "join_policy": "open",
         "services": ["999999"]},
    )  # fmt: skip
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not group.services.exists()
