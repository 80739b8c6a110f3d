"""Pledges' events (declared once; hub/notifications delivers them)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.follows.selectors import follower_ids
from hub.notifications.kinds import EventKind
from hub.pledges.models import BackingCall, Pledge, PledgeEvent, PledgeState


def _call(data: dict) -> dict | None:
    call = BackingCall.objects.select_related("project").filter(pk=data.get("call")).first()
    return {"call": call, "project": call.project} if call else None


def _pledge(data: dict) -> dict | None:
    pledge = (
        Pledge.objects.select_related("call__project", "council").filter(pk=data.get("pledge"))
        .first()
    )  # fmt: skip
    return {"pledge": pledge, "project": pledge.call.project} if pledge else None


def _settled(data: dict) -> dict | None:
    context = _call(data)
    record = PledgeEvent.objects.filter(pk=data.get("record")).first()
    if context is None or record is None:
        return None
    return {**context, "record": record}


def _watchers(context: dict) -> list[int]:
    return follower_ids(target_type="project", target_id=context["project"].pk)


def _everyone_concerned(context: dict) -> list[int]:
    """Backers whose pledges were settled, the project's watchers and its lead."""
    backers = (
        context["call"]
        .pledges.filter(state__in=[PledgeState.COMMITTED, PledgeState.LAPSED])
        .values_list("pledged_by_id", flat=True)
    )
    return [*backers, *_watchers(context), context["project"].lead_id]


def _scopes(context: dict) -> list[str]:
    project = context["project"]
    return [f"project:{project.pk}", f"council:{project.owner_council_id}"]


def _payload(context: dict) -> dict:
    project = context["project"]
    return {"project": {"id": project.pk, "title": project.title}}


def _project_url(context: dict) -> str:
    return context["project"].get_absolute_url()


COMMON = {"group": _("Pledges"), "url": _project_url, "scopes": _scopes, "payload": _payload}

KINDS = [
    EventKind(
        name="pledges.call_opened",
        label=_("Calls for backing on projects you watch"),
        load=_call,
        recipients=_watchers,
        text=lambda c: gettext("%(title)s is looking for backers") % {"title": c["project"].title},
        **COMMON,
    ),
    EventKind(
        name="pledges.pledge_made",
        label=_("Pledges to projects you lead"),
        load=_pledge,
        recipients=lambda c: [c["project"].lead_id],
        text=lambda c: (
            gettext("%(name)s pledged to %(title)s")
            % {"name": c["pledge"].council.name, "title": c["project"].title}
        ),
        email_default="instant",
        **COMMON,
    ),
    EventKind(
        name="pledges.pledge_changed",
        label=_("Changed pledges to projects you lead"),
        load=_pledge,
        recipients=lambda c: [c["project"].lead_id],
        text=lambda c: (
            gettext("%(name)s changed its pledge to %(title)s")
            % {"name": c["pledge"].council.name, "title": c["project"].title}
        ),
        email_default="instant",
        **COMMON,
    ),
    EventKind(
        name="pledges.call_backed",
        label=_("Projects you back or watch being backed"),
        load=_settled,
        recipients=_everyone_concerned,
        text=lambda c: (
            gettext(
                "%(title)s is backed: %(detail)s committed £%(amount_pounds)s and %(staff_days)s staff days"
            )
            % {
                "title": c["project"].title,
                "detail": c["record"].detail,
                "amount_pounds": format(c["record"].amount_pounds, ","),
                "staff_days": format(c["record"].staff_days, ","),
            }
        ),
        email_default="instant",
        **COMMON,
    ),
    EventKind(
        name="pledges.call_not_backed",
        label=_("Projects you back or watch not being backed"),
        load=_settled,
        recipients=_everyone_concerned,
        text=lambda c: (
            gettext("%(title)s was not backed by its deadline; pledges have lapsed")
            % {"title": c["project"].title}
        ),
        email_default="instant",
        **COMMON,
    ),
]
