"""Working groups' events (declared once; hub/notifications delivers them)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.groups.models import Membership, WorkingGroup
from hub.notifications.kinds import EventKind


def _membership(data: dict) -> dict | None:
    membership = (
        Membership.objects.select_related("group", "user__profile")
        .filter(pk=data.get("membership"))
        .first()
    )
    if membership is None:
        return None  # withdrawn, declined or removed since
    return {"membership": membership, "group": membership.group}


def _declined(data: dict) -> dict | None:
    group = WorkingGroup.objects.filter(pk=data.get("group")).first()
    return {"group": group, "member_id": data.get("member")} if group else None


def _convenor_ids(context: dict) -> list[int]:
    return list(
        context["group"]
        .memberships.filter(role=Membership.Role.CONVENOR, state=Membership.State.ACTIVE)
        .values_list("user_id", flat=True)
    )


def _scopes(context: dict) -> list[str]:
    return [f"group:{context['group'].pk}"]


def _payload(context: dict) -> dict:
    return {"group": {"id": context["group"].pk, "name": context["group"].name}}


KINDS = [
    EventKind(
        name="groups.join_requested",
        label=_("Requests to join groups you convene"),
        group=_("Working groups"),
        load=lambda d: (
            c
            if (c := _membership(d)) and c["membership"].state == Membership.State.PENDING
            else None
        ),
        recipients=_convenor_ids,
        text=lambda c: (
            gettext("%(user)s asked to join %(name)s")
            % {"user": c["membership"].user, "name": c["group"].name}
        ),
        url=lambda c: c["group"].get_absolute_url() + "members/",
        email_default="instant",
        audience_only=True,
        scopes=_scopes,
        payload=_payload,
    ),
    EventKind(
        name="groups.join_approved",
        label=_("Your requests to join being approved"),
        group=_("Working groups"),
        load=_membership,
        recipients=lambda c: [c["membership"].user_id],
        text=lambda c: gettext("You are now a member of %(name)s") % {"name": c["group"].name},
        url=lambda c: c["group"].get_absolute_url(),
        email_default="instant",
    ),
    EventKind(
        name="groups.join_declined",
        label=_("Your requests to join being declined"),
        group=_("Working groups"),
        load=_declined,
        recipients=lambda c: [c["member_id"]],
        text=lambda c: (
            gettext("Your request to join %(name)s was declined") % {"name": c["group"].name}
        ),
        # They cannot see a members-only group they were refused: send them to the list.
        url=lambda c: (
            c["group"].get_absolute_url() if c["group"].is_public else reverse("groups:list")
        ),
        email_default="instant",
    ),
    EventKind(
        name="groups.member_added",
        label=_("Being added to a group"),
        group=_("Working groups"),
        load=_membership,
        recipients=lambda c: [c["membership"].user_id],
        text=lambda c: (
            gettext("%(convenor)s added you to %(name)s as %(role)s")
            % {
                "convenor": c["actor"] or gettext("A convenor"),
                "name": c["group"].name,
                "role": c["membership"].get_role_display().lower(),
            }
        ),
        url=lambda c: c["group"].get_absolute_url(),
        email_default="instant",
    ),
]
