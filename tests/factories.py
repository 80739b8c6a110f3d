"""factory_boy factories for the foundation models. Feature areas add their own modules."""

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from accounts.models import Profile, User
from hub.councils.models import Council, CouncilType, Nation


class CouncilFactory(DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"T{n:03d}")
    gss_code = factory.Sequence(lambda n: f"E0{n:07d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    council_type = CouncilType.DISTRICT
    nation = Nation.ENGLAND
    region = "South East"
    website = factory.LazyAttribute(lambda o: f"https://www.{o.slug}.gov.uk")


class UserFactory(DjangoModelFactory):
    """A member with a verified primary email and a complete profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def email_verified(self, create, extracted, **kwargs):
        if create:
            verified = True if extracted is None else extracted
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=verified
            )

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if not create:
            return
        kwargs.setdefault("display_name", f"Person {self.pk}")
        kwargs.setdefault("handle", f"person-{self.pk}")
        interests = kwargs.pop("interests", [])
        profile, _ = Profile.objects.update_or_create(user=self, defaults=kwargs)
        if interests:
            profile.interests.set(interests)
        self.profile = profile


class ModeratorFactory(UserFactory):
    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group

            group, _ = Group.objects.get_or_create(name="Moderators")
            self.groups.add(group)
