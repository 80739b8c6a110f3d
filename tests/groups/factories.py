"""Factories for working groups."""

import factory
from factory.django import DjangoModelFactory

from hub.groups.models import Membership, WorkingGroup
from tests.factories import UserFactory


class WorkingGroupFactory(DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    purpose = "Agree how councils publish things."


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    state = Membership.State.ACTIVE


class ServiceTopicFactory(DjangoModelFactory):
    """A service to tag groups and standards with (codes kept apart from other test areas)."""

    class Meta:
        model = "sharing.ServiceTopic"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"GRP {n}")
    name = factory.Sequence(lambda n: f"Group service {n}")
    slug = factory.Sequence(lambda n: f"group-service-{n}")
