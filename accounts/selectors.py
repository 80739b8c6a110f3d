"""Reads for people."""

from django.db.models import Q, QuerySet

from accounts.models import Profile
from hub.councils.models import Council


def people_list(
    *, council: Council | None = None, interest: str = "", query: str = ""
) -> QuerySet[Profile]:
    """Completed profiles for the directory, with what each row shows prefetched."""
    people = Profile.objects.filter(
        handle__isnull=False, user__is_active=True, is_hidden=False
    ).exclude(display_name="")
    if council is not None:
        people = people.filter(council=council)
    if interest:
        people = people.filter(interests__name__iexact=interest.strip())
    if query:
        people = people.filter(Q(display_name__icontains=query) | Q(job_title__icontains=query))
    return (
        people.select_related("council")
        .prefetch_related("interests")
        .order_by("display_name", "id")
        .distinct()
    )


def profile_is_visible_to(profile: Profile, user) -> bool:
    """Profiles are public unless a moderator hid one: then only its owner and moderators."""
    if not profile.is_hidden:
        return True
    return bool(user is not None and user.is_authenticated) and (
        user.pk == profile.user_id or user.is_moderator
    )


def verified_council(user) -> Council | None:
    """The council the member may act for: the one on their profile, if the affiliation is verified.

    Verified means one of their verified email addresses is on the council's web domain (kept
    up to date by ``profile_refresh_affiliation``); a self-declared council returns None.
    """
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    if profile is None or not profile.council_verified or profile.council_id is None:
        return None
    return profile.council
