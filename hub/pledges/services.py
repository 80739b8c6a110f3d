"""Writes for calls for backing and pledges. Every change writes a ``PledgeEvent`` (the audit).

Settlement is all or nothing and idempotent: ``calls_settle_due`` locks each due call, re-reads
its state and settles it at most once, so two schedulers, a retry, or a page view that settles
a call at the same moment never double-notify or flip a result.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from hub.follows.services import follow_set
from hub.notifications.events import emit
from hub.pledges import selectors
from hub.pledges.models import (
    MAX_MIN_COUNCILS,
    MAX_PLEDGE_DAYS,
    MAX_PLEDGE_POUNDS,
    MAX_TARGET_DAYS,
    MAX_TARGET_POUNDS,
    BackingCall,
    CallState,
    Pledge,
    PledgeEvent,
    PledgeState,
)

logger = logging.getLogger(__name__)
MAX_DEADLINE_DAYS = 366


class PledgeError(Exception):
    """A rule stopped the action. ``message`` is fit to show; ``field`` names the form field."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def _check_amount(value: int | None, *, field: str, what: str, maximum: int) -> int:
    value = value or 0
    if value < 0:
        raise PledgeError(
            gettext("%(what)s must be a positive number") % {"what": what}, field=field
        )
    if value > maximum:
        raise PledgeError(
            gettext("%(what)s must be %(maximum)s or less")
            % {"what": what, "maximum": format(maximum, ",")},
            field=field,
        )
    return value


def deadline_from_date(day: date) -> datetime:
    """A deadline date means "until the end of that day", UK time."""
    return datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )


@transaction.atomic
def call_open(
    *,
    project,
    user: User,
    target_pounds: int | None,
    target_days: int | None,
    min_councils: int | None,
    deadline: date,
    backer_benefits: str,
) -> BackingCall:
    """Open a call for backing on the project. One open call per project at a time."""
    if not selectors.call_can_open(project, user):
        raise PledgeError(
            gettext("Only the project's owners can ask for backing."), code="forbidden"
        )
    target_pounds = _check_amount(
        target_pounds,
        field="target_pounds",
        what=gettext("The money target"),
        maximum=MAX_TARGET_POUNDS,
    )
    target_days = _check_amount(
        target_days,
        field="target_days",
        what=gettext("The staff days target"),
        maximum=MAX_TARGET_DAYS,
    )
    if not target_pounds and not target_days:
        raise PledgeError(
            gettext("Enter a money target, a staff days target, or both"), field="target_pounds"
        )
    if min_councils is not None and not 1 <= min_councils <= MAX_MIN_COUNCILS:
        raise PledgeError(
            gettext("The minimum number of councils must be between 1 and %(MAX_MIN_COUNCILS)s")
            % {"MAX_MIN_COUNCILS": MAX_MIN_COUNCILS},
            field="min_councils",
        )
    today = timezone.localdate()
    if deadline <= today:
        raise PledgeError(gettext("The deadline must be in the future"), field="deadline")
    if deadline > today + timedelta(days=MAX_DEADLINE_DAYS):
        raise PledgeError(gettext("The deadline must be within a year"), field="deadline")
    if not backer_benefits.strip():
        raise PledgeError(gettext("Say what backers get"), field="backer_benefits")
    # Lock the project's calls so two owners opening at once cannot both succeed.
    if (
        BackingCall.objects.select_for_update()
        .filter(project=project, state=CallState.OPEN)
        .exists()
    ):
        raise PledgeError(
            gettext("This project already has an open call for backing."), code="exists"
        )
    call = BackingCall.objects.create(
        project=project,
        target_pounds=target_pounds or None,
        target_days=target_days or None,
        min_councils=min_councils,
        deadline=deadline_from_date(deadline),
        backer_benefits=backer_benefits.strip(),
        opened_by=user,
    )
    PledgeEvent.objects.create(
        call=call,
        actor=user,
        action=PledgeEvent.Action.CALL_OPENED,
        amount_pounds=target_pounds,
        staff_days=target_days,
        detail=gettext("minimum councils: %(none)s; deadline %(deadline)s")
        % {"none": min_councils or "none", "deadline": format(deadline, "%Y-%m-%d")},
    )
    emit("pledges.call_opened", actor=user, call=call.pk)
    return call


def _locked_open_call(call: BackingCall) -> BackingCall:
    """Re-read the call under a row lock; refuse if it is settled or past its deadline."""
    locked = BackingCall.objects.select_for_update().get(pk=call.pk)
    if not selectors.call_is_open(locked):
        raise PledgeError(
            gettext("The deadline has passed: pledges can no longer change."), code="closed"
        )
    return locked


@transaction.atomic
def pledge_set(
    *, call: BackingCall, user: User, amount_pounds: int | None, staff_days: int | None,
    conditions: str = "",
) -> Pledge:  # fmt: skip
    """Pledge for the member's verified council, or change its pledge. Until the deadline."""
    council = selectors.pledge_council(user)
    if council is None:
        raise PledgeError(
            gettext(
                "Only members with a verified email address on their council's domain can pledge "
                "for it. Add your council and a work email address to your profile."
            ),
            code="forbidden",
        )
    call = _locked_open_call(call)
    if council.pk == call.project.owner_council_id:
        raise PledgeError(
            gettext("%(name)s owns this project; backing comes from other councils.")
            % {"name": council.name}
        )
    amount_pounds = _check_amount(
        amount_pounds, field="amount_pounds", what=gettext("The amount"), maximum=MAX_PLEDGE_POUNDS
    )
    staff_days = _check_amount(
        staff_days, field="staff_days", what=gettext("Staff days"), maximum=MAX_PLEDGE_DAYS
    )
    if amount_pounds and not call.target_pounds:
        raise PledgeError(gettext("This call asks for staff days only"), field="amount_pounds")
    if staff_days and not call.target_days:
        raise PledgeError(gettext("This call asks for money only"), field="staff_days")
    if not amount_pounds and not staff_days:
        field = "amount_pounds" if call.target_pounds else "staff_days"
        raise PledgeError(
            gettext("Enter an amount of money or staff days greater than 0"), field=field
        )
    conditions = conditions.strip()
    pledge = Pledge.objects.filter(call=call, council=council).first()
    if pledge is None:
        pledge = Pledge.objects.create(
            call=call, council=council, pledged_by=user, amount_pounds=amount_pounds,
            staff_days=staff_days, conditions=conditions,
        )  # fmt: skip
        action = PledgeEvent.Action.PLEDGED
    else:
        action = (
            PledgeEvent.Action.PLEDGED
            if pledge.state == PledgeState.WITHDRAWN
            else PledgeEvent.Action.CHANGED
        )
        pledge.pledged_by = user
        pledge.amount_pounds = amount_pounds
        pledge.staff_days = staff_days
        pledge.conditions = conditions
        pledge.state = PledgeState.ACTIVE
        pledge.save(
            update_fields=[
                "pledged_by", "amount_pounds", "staff_days", "conditions", "state", "updated_at",
            ]
        )  # fmt: skip
    PledgeEvent.objects.create(
        call=call, pledge=pledge, actor=user, action=action, amount_pounds=amount_pounds,
        staff_days=staff_days, detail=f"{council.name}; conditions: {conditions[:400] or 'none'}",
    )  # fmt: skip
    follow_set(user=user, target_type="project", target_id=call.project_id, following=True)
    changed = action == PledgeEvent.Action.CHANGED
    emit(
        "pledges.pledge_changed" if changed else "pledges.pledge_made", actor=user, pledge=pledge.pk
    )
    return pledge


@transaction.atomic
def pledge_withdraw(*, call: BackingCall, user: User) -> Pledge:
    """Withdraw the member's council's pledge (kept, marked withdrawn). Until the deadline."""
    council = selectors.pledge_council(user)
    if council is None:
        raise PledgeError(
            gettext("Only verified members of a council can withdraw its pledge."), code="forbidden"
        )
    call = _locked_open_call(call)
    pledge = Pledge.objects.filter(call=call, council=council, state=PledgeState.ACTIVE).first()
    if pledge is None:
        raise PledgeError(
            gettext("%(name)s has no pledge to withdraw.") % {"name": council.name}, code="missing"
        )
    pledge.state = PledgeState.WITHDRAWN
    pledge.pledged_by = user
    pledge.save(update_fields=["state", "pledged_by", "updated_at"])
    PledgeEvent.objects.create(
        call=call, pledge=pledge, actor=user, action=PledgeEvent.Action.WITHDRAWN,
        detail=council.name,
    )  # fmt: skip
    return pledge


def call_settle(*, call_id: int, now: datetime | None = None) -> str | None:
    """Settle one call if it is open and due. Returns the new state, or None if nothing to do."""
    now = now or timezone.now()
    with transaction.atomic():
        call = (
            BackingCall.objects.select_for_update()
            .select_related("project")
            .filter(pk=call_id, state=CallState.OPEN, deadline__lte=now)
            .first()
        )
        if call is None:
            return None  # settled already, or not due: idempotent
        progress = selectors.call_progress(call)
        backed = progress.met
        call.state = CallState.BACKED if backed else CallState.NOT_BACKED
        call.settled_at = now
        call.save(update_fields=["state", "settled_at"])
        pledges = call.pledges.filter(state=PledgeState.ACTIVE)
        pledges.update(
            state=PledgeState.COMMITTED if backed else PledgeState.LAPSED, updated_at=now
        )
        record = PledgeEvent.objects.create(
            call=call,
            action=PledgeEvent.Action.BACKED if backed else PledgeEvent.Action.NOT_BACKED,
            amount_pounds=progress.pounds,
            staff_days=progress.days,
            detail=f"{progress.councils} councils",
        )
        emit(
            "pledges.call_backed" if backed else "pledges.call_not_backed",
            call=call.pk,
            record=record.pk,
        )
    return call.state


def calls_settle_due(*, now: datetime | None = None) -> dict[str, int]:
    """Settle every call whose deadline has passed; safe to run as often as you like."""
    now = now or timezone.now()
    counts = {CallState.BACKED.value: 0, CallState.NOT_BACKED.value: 0}
    for call_id in list(selectors.calls_due(now=now).values_list("pk", flat=True)):
        state = call_settle(call_id=call_id, now=now)
        if state:
            counts[state] += 1
            logger.info("call for backing %s settled: %s", call_id, state)
    return counts
