"""The rules of calls for backing: who pledges, what amounts, all-or-nothing settlement, audit."""

import contextlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from hub.notifications.models import Notification
from hub.pledges import services
from hub.pledges.models import BackingCall, CallState, PledgeEvent, PledgeState
from hub.pledges.selectors import call_progress
from hub.pledges.services import PledgeError, call_open, pledge_set, pledge_withdraw
from tests.factories import CouncilFactory, ModeratorFactory
from tests.pledges.factories import BackingCallFactory, pass_deadline, verified_member
from tests.sharing.factories import ProjectFactory, member_of

pytestmark = pytest.mark.django_db
IN_A_MONTH = timezone.localdate() + timedelta(days=30)


def open_call(project, user, **overrides):
    fields = {
        "target_pounds": 30_000, "target_days": None, "min_councils": None,
        "deadline": IN_A_MONTH, "backer_benefits": "The code, under an open licence.",
    }  # fmt: skip
    fields.update(overrides)
    return call_open(project=project, user=user, **fields)


def test_the_lead_opens_a_call_and_it_is_audited():
    project = ProjectFactory()
    call = open_call(project, project.lead, target_days=40, min_councils=3)
    assert call.state == CallState.OPEN and call.closes_on == IN_A_MONTH
    event = PledgeEvent.objects.get(call=call)
    assert event.action == "call.opened" and event.actor == project.lead
    assert (event.amount_pounds, event.staff_days) == (30_000, 40)


@pytest.mark.parametrize(
    "who, allowed",
    [("lead", True), ("verified_owner", True), ("unverified_owner", False),
     ("outsider", False), ("moderator", True)],
)  # fmt: skip
def test_who_may_open_a_call(who, allowed):
    project = ProjectFactory()
    user = {
        "lead": lambda: project.lead,
        "verified_owner": lambda: verified_member(project.owner_council),
        "unverified_owner": lambda: member_of(project.owner_council),
        "outsider": lambda: verified_member(CouncilFactory()),
        "moderator": lambda: ModeratorFactory(),
    }[who]()
    if allowed:
        assert open_call(project, user).pk
    else:
        with pytest.raises(PledgeError, match="owners"):
            open_call(project, user)


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"target_pounds": None}, "target_pounds", "money target, a staff days target, or both"),
        ({"target_pounds": -5}, "target_pounds", "positive"),
        ({"target_pounds": 10_000_001}, "target_pounds", "10,000,000 or less"),
        ({"target_days": 10_001}, "target_days", "10,000 or less"),
        ({"min_councils": 0}, "min_councils", "between 1 and 400"),
        ({"deadline": timezone.localdate()}, "deadline", "in the future"),
        ({"deadline": timezone.localdate() + timedelta(days=400)}, "deadline", "within a year"),
        ({"backer_benefits": "  "}, "backer_benefits", "what backers get"),
    ],
)
def test_call_targets_are_validated_with_clear_errors(overrides, field, message):
    project = ProjectFactory()
    with pytest.raises(PledgeError, match=message) as caught:
        open_call(project, project.lead, **overrides)
    assert caught.value.field == field
    assert not BackingCall.objects.exists()


def test_one_open_call_per_project():
    project = ProjectFactory()
    open_call(project, project.lead)
    with pytest.raises(PledgeError, match="already has an open call"):
        open_call(project, project.lead)


def test_only_verified_members_pledge_for_their_council():
    call = BackingCallFactory()
    unverified = member_of(CouncilFactory())
    with pytest.raises(PledgeError, match="verified email"):
        pledge_set(call=call, user=unverified, amount_pounds=100, staff_days=None)
    owner = verified_member(call.project.owner_council)
    with pytest.raises(PledgeError, match="owns this project"):
        pledge_set(call=call, user=owner, amount_pounds=100, staff_days=None)
    backer = verified_member(CouncilFactory())
    pledge = pledge_set(call=call, user=backer, amount_pounds=5_000, staff_days=None)
    assert pledge.council == backer.profile.council and pledge.state == PledgeState.ACTIVE


@pytest.mark.parametrize(
    "pounds, days, field, message",
    [
        (-1, None, "amount_pounds", "positive"),
        (5_000_001, None, "amount_pounds", "5,000,000 or less"),
        (None, 5, "staff_days", "money only"),
        (0, None, "amount_pounds", "greater than 0"),
    ],
)
def test_pledge_amounts_are_validated(pounds, days, field, message):
    call = BackingCallFactory()
    with pytest.raises(PledgeError, match=message) as caught:
        pledge_set(
            call=call, user=verified_member(CouncilFactory()), amount_pounds=pounds, staff_days=days
        )
    assert caught.value.field == field


def test_a_pledge_is_changed_and_withdrawn_until_the_deadline_and_every_step_is_audited():
    call = BackingCallFactory(target_days=20)
    backer = verified_member(CouncilFactory())
    pledge_set(call=call, user=backer, amount_pounds=1_000, staff_days=None)
    pledge_set(
        call=call, user=backer, amount_pounds=2_000, staff_days=5, conditions="Board approval"
    )
    assert call_progress(call).pounds == 2_000 and call_progress(call).days == 5
    pledge_withdraw(call=call, user=backer)
    assert call_progress(call).councils == 0
    pledge_set(call=call, user=backer, amount_pounds=3_000, staff_days=None)
    actions = list(call.events.values_list("action", "amount_pounds"))
    assert actions == [
        ("pledge.made", 1_000), ("pledge.changed", 2_000), ("pledge.withdrawn", 0), ("pledge.made", 3_000)
    ]  # fmt: skip
    pass_deadline(call)
    with pytest.raises(PledgeError, match="deadline has passed"):
        pledge_set(call=call, user=backer, amount_pounds=9_000, staff_days=None)
    with pytest.raises(PledgeError, match="deadline has passed"):
        pledge_withdraw(call=call, user=backer)


def test_not_backed_when_a_target_is_missed_pledges_lapse_and_people_are_told(
    django_capture_on_commit_callbacks,
):
    call = BackingCallFactory(target_pounds=10_000, min_councils=3)
    backers = [verified_member(CouncilFactory()) for _ in range(2)]
    for backer in backers:
        pledge_set(call=call, user=backer, amount_pounds=8_000, staff_days=None)
    pass_deadline(call)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.calls_settle_due() == {"backed": 0, "not_backed": 1}
    call.refresh_from_db()
    assert call.state == CallState.NOT_BACKED
    assert set(call.pledges.values_list("state", flat=True)) == {PledgeState.LAPSED}
    for backer in backers:
        assert Notification.objects.filter(
            recipient=backer, kind="pledges.call_not_backed"
        ).exists()


def test_settlement_is_idempotent(django_capture_on_commit_callbacks):
    call = BackingCallFactory(target_pounds=1_000)
    backer = verified_member(CouncilFactory())
    pledge_set(call=call, user=backer, amount_pounds=1_000, staff_days=None)
    pass_deadline(call)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("settle_pledges")
        call_command("settle_pledges")
        assert services.call_settle(call_id=call.pk) is None
    assert call.events.filter(action="call.backed").count() == 1
    assert Notification.objects.filter(recipient=backer, kind="pledges.call_backed").count() == 1


def test_calls_not_yet_due_are_left_alone():
    call = BackingCallFactory()
    pledge_set(
        call=call, user=verified_member(CouncilFactory()), amount_pounds=50_000, staff_days=None
    )
    assert services.calls_settle_due() == {"backed": 0, "not_backed": 0}
    call.refresh_from_db()
    assert call.state == CallState.OPEN


def test_no_notification_when_the_pledge_rolls_back(django_capture_on_commit_callbacks):
    call = BackingCallFactory()
    backer = verified_member(CouncilFactory())
    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        pledge_set(call=call, user=backer, amount_pounds=300, staff_days=None)
        raise RuntimeError("the surrounding work failed")
    assert not call.pledges.exists()
    assert not Notification.objects.filter(kind="pledges.pledge_made").exists()
    with django_capture_on_commit_callbacks(execute=True):
        pledge_set(call=call, user=backer, amount_pounds=300, staff_days=None)
    assert Notification.objects.filter(
        recipient=call.project.lead, kind="pledges.pledge_made"
    ).exists()


def test_the_job_queue_settles_due_calls_every_few_minutes():
    from hub.jobs.queue import HUEY
    from hub.pledges import tasks

    assert "pledges_settle_due" in {task.name for task in HUEY._registry.periodic_tasks}
    call = BackingCallFactory(target_pounds=1_000)
    pledge_set(
        call=call, user=verified_member(CouncilFactory()), amount_pounds=1_000, staff_days=None
    )
    pass_deadline(call)
    assert tasks.pledges_settle_due.call_local() == {"backed": 1, "not_backed": 0}
    assert tasks.pledges_settle_due.call_local() == {"backed": 0, "not_backed": 0}
