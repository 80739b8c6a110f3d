"""The council page's shared work: its projects, artefacts, collaborations and what it reuses."""

from hub.sharing.selectors import council_shared_work


def shared_work(request, council) -> dict:
    return {
        "template": "sharing/council_section.html",
        "council": council,
        **council_shared_work(council),
    }


SECTIONS = [shared_work]
