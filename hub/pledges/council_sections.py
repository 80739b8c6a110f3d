"""The council page's commitments to backed projects, and its pledges still open."""

from hub.pledges.selectors import council_commitments, council_open_pledges


def commitments(request, council) -> dict | None:
    committed = council_commitments(council)
    pledged = council_open_pledges(council)
    if not committed and not pledged:
        return None
    return {
        "template": "pledges/council_section.html",
        "council": council,
        "commitments": committed,
        "open_pledges": pledged,
    }


SECTIONS = [commitments]
