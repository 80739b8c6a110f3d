"""Keep the verified affiliation in step with the member's verified email addresses."""

from allauth.account.signals import email_changed, email_confirmed, email_removed
from django.dispatch import receiver

from accounts.models import Profile
from accounts.services import profile_refresh_affiliation


def _refresh_for(user) -> None:
    profile = Profile.objects.filter(user=user).select_related("council").first()
    if profile is not None:
        profile_refresh_affiliation(profile=profile)


@receiver(email_confirmed)
def on_email_confirmed(request, email_address, **kwargs) -> None:
    _refresh_for(email_address.user)


@receiver(email_changed)
def on_email_changed(request, user, from_email_address, to_email_address, **kwargs) -> None:
    _refresh_for(user)


@receiver(email_removed)
def on_email_removed(request, user, email_address, **kwargs) -> None:
    _refresh_for(user)
