"""Profiles are flaggable and hideable through hub.moderation (declared once).

A hidden profile's page answers 404 to everyone but its owner and moderators; it leaves the
people directory, council pages, service pages, search and the JSON API. Bylines on what the
person wrote still name them (what they wrote is moderated on its own).
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from accounts.selectors import profile_is_visible_to
from hub.moderation.registry import Moderatable
from search.outbox import index_later

MODERATABLE = [
    Moderatable(
        model=Profile,
        noun=_("profile"),
        title=lambda profile: profile.public_name,
        url=lambda profile: profile.get_absolute_url() if profile.handle else "/profile/",
        author_id=lambda profile: profile.user_id,
        excerpt=lambda profile: " ".join(filter(None, [profile.job_title, profile.bio]))[:300],
        after_change=lambda profile: index_later(profile),
        visible_to=profile_is_visible_to,
        queryset=lambda: Profile.objects.select_related("user", "council"),
    )
]
