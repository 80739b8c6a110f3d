"""The home page lists standards open for consultation, closing soonest first."""

from django.utils.translation import gettext

from hub.standards.selectors import standards_in_consultation


def open_consultations(request, obj=None):
    standards = standards_in_consultation(request.user, limit=5)
    if not standards:
        return None
    return {
        "template": "standards/home_section.html",
        "title": gettext("Open consultations"),
        "standards": standards,
    }


SECTIONS = [open_consultations]
