"""Factories for shared work."""

import factory
from factory.django import DjangoModelFactory

from hub.sharing.models import Artefact, ArtefactKind, Phase, Project, ServiceTopic
from tests.factories import CouncilFactory, UserFactory


class ServiceTopicFactory(DjangoModelFactory):
    class Meta:
        model = ServiceTopic
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"T-{n}")
    name = factory.Sequence(lambda n: f"Test service {n}")
    slug = factory.Sequence(lambda n: f"test-service-{n}")
    description = "A service for tests."


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    owner_council = factory.SubFactory(CouncilFactory)
    lead = factory.SubFactory(UserFactory)
    summary = "What we are doing."
    phase = Phase.ALPHA

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)


class ArtefactFactory(DjangoModelFactory):
    class Meta:
        model = Artefact
        skip_postgeneration_save = True

    kind = ArtefactKind.LINK
    title = factory.Sequence(lambda n: f"Artefact {n}")
    slug = factory.Sequence(lambda n: f"artefact-{n}")
    description = "Something useful."
    url = "https://example.org/thing"
    contributor = factory.SubFactory(UserFactory)

    @factory.post_generation
    def councils(self, create, extracted, **kwargs):
        if create:
            self.councils.set(extracted or [CouncilFactory()])

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)


def member_of(council, *, verified: bool = False, **kwargs):
    """A member whose profile names ``council``."""
    return UserFactory(profile__council=council, profile__council_verified=verified, **kwargs)
