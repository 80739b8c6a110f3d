"""Factories for discussion channels, plus the working groups their channels belong to."""

import factory
from factory.django import DjangoModelFactory

from hub.discussions.models import Channel, ChannelMember
from hub.groups.models import Membership, WorkingGroup
from tests.factories import UserFactory


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Chat test group {n}")
    slug = factory.Sequence(lambda n: f"chat-test-group-{n}")
    purpose = "Testing channels."
    visibility = WorkingGroup.Visibility.MEMBERS


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)
    state = Membership.State.ACTIVE


class ChannelFactory(DjangoModelFactory):
    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"Channel {n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    topic = "Talking about things."
    kind = Channel.Kind.PUBLIC


class GroupChannelFactory(ChannelFactory):
    kind = Channel.Kind.GROUP
    group = factory.SubFactory(WorkingGroupFactory)


class PrivateChannelFactory(ChannelFactory):
    kind = Channel.Kind.PRIVATE


class ChannelMemberFactory(DjangoModelFactory):
    class Meta:
        model = ChannelMember

    channel = factory.SubFactory(PrivateChannelFactory)
    user = factory.SubFactory(UserFactory)
