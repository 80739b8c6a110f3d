"""``group_ids_for_member`` asks the database once per user object, and every membership change
made through hub.groups.services is visible to the next call on the same object."""

import pytest
from channels.auth import UserLazyObject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from hub.groups import services
from hub.groups.models import Membership, WorkingGroup
from hub.groups.selectors import (
    CACHE_ATTRIBUTE,
    group_ids_for_member,
    group_is_member,
)
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _queries(function, *args) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        result = function(*args)
    return result, len(queries)


def test_group_ids_are_asked_once_per_user_object():
    member = UserFactory()
    groups = [MembershipFactory(user=member).group for _ in range(3)]
    MembershipFactory(user=member, state=Membership.State.PENDING)

    first, first_cost = _queries(group_ids_for_member, member)
    second, second_cost = _queries(group_ids_for_member, member)
    third, third_cost = _queries(group_ids_for_member, member)

    assert first == second == third == {g.pk for g in groups}
    assert (first_cost, second_cost, third_cost) == (1, 0, 0)
    # Another object for the same person (another request) asks again.
    _, other_cost = _queries(group_ids_for_member, type(member).objects.get(pk=member.pk))
    assert other_cost == 1


def test_callers_cannot_change_the_remembered_ids():
    member = MembershipFactory().user
    ids = group_ids_for_member(member)
    ids.add(999_999)
    assert 999_999 not in group_ids_for_member(member)


def test_anonymous_and_missing_users_hold_no_groups():
    from django.contrib.auth.models import AnonymousUser

    assert _queries(group_ids_for_member, AnonymousUser()) == (set(), 0)
    assert _queries(group_ids_for_member, None) == (set(), 0)


def _convenor_of(group: WorkingGroup):
    convenor = UserFactory()
    MembershipFactory(group=group, user=convenor, role=Membership.Role.CONVENOR)
    return convenor


def test_every_membership_change_is_seen_by_the_next_call_on_the_same_object():
    user = UserFactory()
    assert group_ids_for_member(user) == set()

    created = services.group_create(creator=user, name="Created", purpose="x")
    assert group_ids_for_member(user) == {created.pk}

    open_group = WorkingGroupFactory()
    services.group_join(group=open_group, user=user)
    assert group_ids_for_member(user) == {created.pk, open_group.pk}

    services.group_leave(group=open_group, user=user)
    assert group_ids_for_member(user) == {created.pk}

    approval = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.APPROVAL)
    convenor = _convenor_of(approval)
    request = services.group_join(group=approval, user=user)
    assert group_ids_for_member(user) == {created.pk}  # pending is not a member yet
    request.user = user  # the service forgets the cache of the object it is given
    services.group_request_decide(membership=request, actor=convenor, approve=True)
    assert group_ids_for_member(user) == {created.pk, approval.pk}

    private = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)
    private_convenor = _convenor_of(private)
    membership = services.group_member_add(group=private, actor=private_convenor, user=user)
    assert group_ids_for_member(user) == {created.pk, approval.pk, private.pk}
    assert group_is_member(private, user)

    membership.user = user
    services.membership_remove(membership=membership, actor=private_convenor)
    assert group_ids_for_member(user) == {created.pk, approval.pk}
    assert not group_is_member(private, user)


def test_role_change_is_seen_by_both_people():
    group = WorkingGroupFactory()
    convenor = _convenor_of(group)
    member = UserFactory()
    membership = MembershipFactory(group=group, user=member)
    membership.user = member
    assert group_is_member(group, member) and group_ids_for_member(member) == {group.pk}

    services.membership_set_role(membership=membership, actor=convenor, role="editor")

    assert CACHE_ATTRIBUTE not in member.__dict__
    assert group_ids_for_member(member) == {group.pk}


@pytest.mark.parametrize("wrap", [SimpleLazyObject, "channels"])
def test_cache_lives_on_the_object_callers_hold_so_popping_it_clears_it(wrap):
    """request.user is a SimpleLazyObject and Channels' scope["user"] a UserLazyObject; a
    long-lived socket pops the cache from the object it holds before each permission check."""
    member = UserFactory()
    group = MembershipFactory(user=member).group
    if wrap == "channels":
        user = UserLazyObject()
        user._wrapped = member
    else:
        user = wrap(lambda: member)
    assert group_ids_for_member(user) == {group.pk}

    Membership.objects.filter(user=member).delete()  # e.g. removed in another process
    assert group_ids_for_member(user) == {group.pk}  # same request: remembered
    user.__dict__.pop(CACHE_ATTRIBUTE, None)

    assert group_ids_for_member(user) == set()
    assert not group_is_member(group, user)
