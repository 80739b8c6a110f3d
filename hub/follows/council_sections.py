"""A Follow button on each council page."""


def follow_council(request, council) -> dict:
    return {"template": "follows/council_section.html", "council": council}


SECTIONS = [follow_council]
