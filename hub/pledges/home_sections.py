"""The signed-in home page: projects on the services you follow that are looking for backers."""

from hub.follows.selectors import follows_of
from hub.pledges.selectors import calls_for_services


def looking_for_backers(request, *args) -> dict | None:
    if not request.user.is_authenticated:
        return None
    service_ids = {
        int(pk) for pk in follows_of(user=request.user).get("service", set()) if pk.isdigit()
    }
    calls = calls_for_services(service_ids)
    if not calls:
        return None
    return {"template": "pledges/home_section.html", "calls": calls}


SECTIONS = [looking_for_backers]
