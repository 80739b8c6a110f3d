"""The signed-in home page's "From what you follow" section."""

from hub.follows.activity import activity_for


def following_activity(request, *args) -> dict | None:
    if not request.user.is_authenticated:
        return None
    return {
        "template": "follows/home_section.html",
        "items": activity_for(user=request.user, limit=15),
    }


SECTIONS = [following_activity]
