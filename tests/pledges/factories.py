"""Factories and helpers for calls for backing."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from hub.pledges.models import BackingCall
from tests.factories import CouncilFactory, UserFactory
from tests.sharing.factories import ProjectFactory


class BackingCallFactory(DjangoModelFactory):
    class Meta:
        model = BackingCall

    project = factory.SubFactory(ProjectFactory)
    target_pounds = 30_000
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    backer_benefits = "A seat on the steering group."


def verified_member(council, **kwargs):
    """A member whose verified work email is on the council's domain (so they may pledge)."""
    domain = council.email_domain
    kwargs.setdefault("email", factory.Sequence(lambda n: f"officer{n}@{domain}"))
    return UserFactory(profile__council=council, profile__council_verified=True, **kwargs)


def councils(n: int, **kwargs):
    return [CouncilFactory(**kwargs) for _ in range(n)]


def pass_deadline(call) -> None:
    """Move the deadline into the past, as if the days had gone by."""
    BackingCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()
