"""Writes for accounts and profiles."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from accounts.models import Profile, User
from search.outbox import index_authored_by, index_later


def profile_ensure(*, user: User) -> Profile:
    """Return the user's profile, creating an empty one the first time."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def profile_refresh_affiliation(*, profile: Profile) -> bool:
    """Recompute whether the council affiliation is verified, and save it if it changed.

    Verified means one of the member's *verified* email addresses is on the council's web
    domain; anything else is a self-declared affiliation.
    """
    verified = False
    if profile.council_id and profile.council.email_domain:
        emails = EmailAddress.objects.filter(user_id=profile.user_id, verified=True).values_list(
            "email", flat=True
        )
        verified = any(profile.council.owns_email(email) for email in emails)
    if verified != profile.council_verified:
        profile.council_verified = verified
        profile.save(update_fields=["council_verified", "updated_at"])
    return verified


def account_language_set(*, user: User, language: str) -> None:
    """Remember the member's interface and email language (one of ``settings.LANGUAGES``)."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language: {language!r}")
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def profile_update(*, profile: Profile, data: dict, interests: list[str]) -> Profile:
    """Save edited profile fields and interests, then re-check the council affiliation."""
    # As stored: a ModelForm has already copied the new values onto ``profile``.
    before = Profile.objects.filter(pk=profile.pk).first()
    named = (before.public_name, before.handle) if before else None
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    profile.interests.set(interests, clear=True)
    profile_refresh_affiliation(profile=profile)
    index_later(profile)
    if (profile.public_name, profile.handle) != named:
        # Posts, comments, messages and the rest carry the author's name and handle.
        index_authored_by(profile.user_id)
    return profile
