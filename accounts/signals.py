"""Keep the verified affiliation in step with the member's verified email addresses."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed, email_confirmed, email_removed
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Profile, User
from accounts.services import profile_refresh_affiliation


@receiver(post_save, sender=User)
def on_superuser_created(sender, instance: User, created: bool, raw: bool = False, **kwargs):
    """``createsuperuser`` accounts can sign in at once: whoever ran it on the server vouches
    for the address, and there may be no mail server yet to confirm it with."""
    if created and instance.is_superuser and instance.email and not raw:
        EmailAddress.objects.get_or_create(
            user=instance,
            email=instance.email.lower(),
            defaults={"verified": True, "primary": True},
        )


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
