"""The account and profile in a member's download (deletion scrubs them itself: see
``accounts.lifecycle.deletion``)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from accounts.lifecycle.registry import rows
from accounts.models import Profile


def export(user) -> dict:
    profile = Profile.objects.filter(user=user).select_related("council").first()
    return {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "profile": None
        if profile is None
        else {
            "display_name": profile.display_name,
            "handle": profile.handle,
            "job_title": profile.job_title,
            "council": profile.council.name if profile.council else None,
            "council_verified": profile.council_verified,
            "bio": profile.bio,
            "interests": sorted(profile.interests.names()),
            "website": profile.website,
            "github": profile.github,
            "mastodon": profile.mastodon,
            "linkedin": profile.linkedin,
        },
        "email_addresses": rows(
            EmailAddress.objects.filter(user=user), "email", "verified", "primary"
        ),
        "connected_accounts": rows(
            SocialAccount.objects.filter(user=user), "provider", "date_joined", "last_login"
        ),
    }
