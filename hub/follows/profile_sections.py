"""A Follow button on each practitioner's profile (not on your own)."""


def follow_person(request, profile) -> dict | None:
    if request.user.is_authenticated and request.user.pk == profile.user_id:
        return None
    return {"template": "follows/profile_section.html", "profile": profile}


SECTIONS = [follow_person]
