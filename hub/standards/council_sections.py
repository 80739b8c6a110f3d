"""The council page shows the standards that council has adopted or is implementing."""

from django.utils.translation import gettext

from hub.standards.selectors import standards_adopted_by


def adopted_standards(request, council):
    adoptions = standards_adopted_by(council, request.user)
    if not adoptions:
        return None
    return {
        "template": "standards/council_section.html",
        "title": gettext("Standards"),
        "adoptions": adoptions,
        "council": council,
    }


SECTIONS = [adopted_standards]
