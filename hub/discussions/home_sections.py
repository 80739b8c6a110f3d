"""The home page shows signed-in members the channels where people are talking now."""

from django.utils.translation import gettext

from hub.discussions.selectors import channels_active


def active_channels_section(request):
    if not request.user.is_authenticated:
        return None
    channels = channels_active(request.user, limit=5)
    if not channels:
        return None
    return {
        "template": "discussions/sections/home_channels.html",
        "title": gettext("Talking now"),
        "channels": channels,
    }


SECTIONS = [active_channels_section]
