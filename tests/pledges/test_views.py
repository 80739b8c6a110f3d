"""Calls for backing through the pages: the done-when story, permissions, errors, lists, pins."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hub.follows.services import follow_set
from hub.notifications.models import Notification
from hub.pledges.models import BackingCall, CallState, PledgeEvent
from tests.factories import CouncilFactory, UserFactory
from tests.pledges.factories import BackingCallFactory, pass_deadline, verified_member
from tests.sharing.factories import ProjectFactory, ServiceTopicFactory, member_of

pytestmark = pytest.mark.django_db
DEADLINE = (timezone.localdate() + timedelta(days=21)).isoformat()


def test_done_when_three_councils_back_a_project_and_it_shows_everywhere(
    client, django_capture_on_commit_callbacks
):
    owner_council = CouncilFactory(name="Leeds")
    project = ProjectFactory(owner_council=owner_council, title="Shared bin booking")
    owner = project.lead
    watcher = UserFactory()
    follow_set(user=watcher, target_type="project", target_id=project.pk, following=True)

    # The project owner opens a call for backing.
    client.force_login(owner)
    response = client.post(
        reverse("pledges:call_new", args=[project.slug]),
        {"target_pounds": "£30,000", "target_days": "30", "min_councils": "3",
         "deadline": DEADLINE, "backer_benefits": "A seat on the steering group."},
    )  # fmt: skip
    assert response.status_code == 302
    call = BackingCall.objects.get(project=project)

    # Members of three councils pledge.
    backers = []
    with django_capture_on_commit_callbacks(execute=True):
        for name, pounds, days in [
            ("York", "10000", "10"),
            ("Hull", "12,000", "10"),
            ("Bath", "8000", "15"),
        ]:
            backer = verified_member(CouncilFactory(name=name, slug=name.lower()))
            backers.append(backer)
            client.force_login(backer)
            response = client.post(
                reverse("pledges:pledge", args=[project.slug]),
                {"amount_pounds": pounds, "staff_days": days, "conditions": ""},
            )
            assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(project.get_absolute_url()).content.decode()
    assert "£30,000 pledged of £30,000 (100%)" in page and "35 of 30 days (116%)" in page
    assert "3 of at least 3" in page

    # The deadline passes; the scheduler's job settles the call.
    pass_deadline(call)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("settle_pledges")
    call.refresh_from_db()
    assert call.state == CallState.BACKED

    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="backing-state">Backed' in page and "Commitments" in page
    for backer in backers:
        council = backer.profile.council
        council_page = client.get(council.get_absolute_url()).content.decode()
        assert 'data-testid="commitments"' in council_page
        assert "Shared bin booking" in council_page
        assert Notification.objects.filter(recipient=backer, kind="pledges.call_backed").exists()
    assert Notification.objects.filter(recipient=watcher, kind="pledges.call_backed").exists()
    assert Notification.objects.filter(recipient=owner, kind="pledges.call_backed").exists()
    assert list(call.events.values_list("action", flat=True)) == [
        "call.opened", "pledge.made", "pledge.made", "pledge.made", "call.backed"
    ]  # fmt: skip


def test_after_the_deadline_the_page_shows_pledges_closed_and_reading_it_changes_nothing(client):
    call = BackingCallFactory(target_pounds=1_000)
    backer = verified_member(CouncilFactory())
    client.force_login(backer)
    client.post(reverse("pledges:pledge", args=[call.project.slug]), {"amount_pounds": "50"})
    pass_deadline(call)
    page = client.get(call.project.get_absolute_url()).content.decode()
    assert 'data-testid="backing-state">Closed: counting' in page
    assert "Change the pledge" not in page and "Withdraw the pledge" not in page
    call.refresh_from_db()
    assert call.state == CallState.OPEN  # GET never settles: the job queue does


@pytest.mark.parametrize(
    "role, status",
    [("anonymous", 302), ("outsider", 404), ("unverified_owner", 404), ("lead", 200)],
)
def test_who_may_open_the_call_form(client, role, status):
    project = ProjectFactory()
    users = {
        "outsider": lambda: verified_member(CouncilFactory()),
        "unverified_owner": lambda: member_of(project.owner_council),
        "lead": lambda: project.lead,
    }
    if role in users:
        client.force_login(users[role]())
    assert client.get(reverse("pledges:call_new", args=[project.slug])).status_code == status


def test_audit_page_is_for_owners_only(client):
    call = BackingCallFactory()
    url = reverse("pledges:history", args=[call.project.slug])
    assert client.get(url).status_code == 404
    client.force_login(verified_member(CouncilFactory()))
    assert client.get(url).status_code == 404
    client.force_login(call.project.lead)
    assert client.get(url).status_code == 200


def test_hostile_amounts_get_clear_errors_not_500s(client):
    call = BackingCallFactory(target_days=10)
    client.force_login(verified_member(CouncilFactory()))
    url = reverse("pledges:pledge", args=[call.project.slug])
    for pounds, message in [
        ("-500", "The amount must be a positive number"),
        ("lots", "The amount must be a whole number"),
        ("99999999999999", "The amount must be 5,000,000 or less"),
        ("1e9", "The amount must be a whole number"),
    ]:
        response = client.post(url, {"amount_pounds": pounds, "staff_days": ""})
        assert response.status_code == 200
        assert message in response.content.decode(), pounds
    assert not call.pledges.exists()


def test_unverified_member_is_told_how_to_pledge(client):
    call = BackingCallFactory()
    client.force_login(member_of(CouncilFactory()))
    response = client.get(reverse("pledges:pledge", args=[call.project.slug]))
    assert "verified email address on their council" in response.content.decode()
    response = client.post(
        reverse("pledges:pledge", args=[call.project.slug]), {"amount_pounds": "10"}
    )
    assert "verified email address" in response.content.decode()
    assert not call.pledges.exists()


def test_withdraw_through_the_page(client):
    call = BackingCallFactory()
    backer = verified_member(CouncilFactory())
    client.force_login(backer)
    client.post(reverse("pledges:pledge", args=[call.project.slug]), {"amount_pounds": "500"})
    page = client.get(call.project.get_absolute_url()).content.decode()
    assert 'data-testid="own-pledge"' in page
    client.post(reverse("pledges:withdraw", args=[call.project.slug]))
    assert call.pledges.get().state == "withdrawn"
    assert PledgeEvent.objects.filter(action="pledge.withdrawn", actor=backer).exists()


def test_looking_for_backers_filters_by_service_and_nation(client, django_assert_max_num_queries):
    bins = ServiceTopicFactory(name="Bins", slug="bins")
    english = BackingCallFactory(project=ProjectFactory(title="English bins", services=[bins]))
    BackingCallFactory(
        project=ProjectFactory(title="Welsh parking", owner_council=CouncilFactory(nation="Wales"))
    )
    for _ in range(10):
        BackingCallFactory()
    closed = BackingCallFactory(project=ProjectFactory(title="Past call"))
    pass_deadline(closed)
    with django_assert_max_num_queries(3):  # filter choices, count, the page of calls
        page = client.get(reverse("pledges:list")).content.decode()
    assert "English bins" in page and "Welsh parking" in page and "Past call" not in page
    page = client.get(reverse("pledges:list"), {"service": "bins"}).content.decode()
    assert "English bins" in page and "Welsh parking" not in page
    page = client.get(reverse("pledges:list"), {"nation": "Wales"}).content.decode()
    assert "Welsh parking" in page and "English bins" not in page
    assert (
        english.project.get_absolute_url() in client.get(reverse("pledges:list")).content.decode()
    )


def test_home_page_shows_calls_on_followed_services(client):
    bins = ServiceTopicFactory(name="Bins", slug="bins")
    BackingCallFactory(project=ProjectFactory(title="Shared bin booking", services=[bins]))
    BackingCallFactory(project=ProjectFactory(title="Unrelated parking"))
    member = UserFactory()
    client.force_login(member)
    assert 'data-testid="home-backing"' not in client.get("/").content.decode()
    follow_set(user=member, target_type="service", target_id=bins.pk, following=True)
    page = client.get("/").content.decode()
    assert "Shared bin booking" in page and "Unrelated parking" not in page


def test_project_page_query_count_with_a_call_is_pinned(client, django_assert_max_num_queries):
    call = BackingCallFactory()
    for _ in range(8):
        client.force_login(verified_member(CouncilFactory()))
        client.post(reverse("pledges:pledge", args=[call.project.slug]), {"amount_pounds": "100"})
    client.logout()
    # The project page's own queries plus the backing section's: none per pledge.
    with django_assert_max_num_queries(12):
        response = client.get(call.project.get_absolute_url())
    assert response.content.decode().count("£100<") == 8
