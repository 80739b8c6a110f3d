"""The project page's "Backing" section: progress, pledges, and what the viewer may do."""

from hub.pledges import selectors
from hub.pledges.models import CallState


def backing(request, project) -> dict | None:
    call = selectors.latest_call(project)
    can_open = selectors.call_can_open(project, request.user)
    if call is None and not can_open:
        return None
    council = selectors.pledge_council(request.user)
    context = {
        "template": "pledges/project_section.html",
        "project": project,
        "call": call,
        "can_open": can_open and (call is None or call.state != CallState.OPEN),
        "can_see_history": can_open,
        "council": council,
    }
    if call is not None:
        own = selectors.pledge_of(call, council)
        context.update(
            progress=selectors.call_progress(call),
            pledges=selectors.call_pledges(call),
            is_open=selectors.call_is_open(call),
            own_pledge=own if own is not None and own.state == "active" else None,
            can_pledge=council is not None and council.pk != project.owner_council_id,
        )
    return context


SECTIONS = [backing]
