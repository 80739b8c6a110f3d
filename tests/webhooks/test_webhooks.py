"""Signed webhooks: a loopback receiver verifies deliveries; failures retry with back-off for
24 hours, then the webhook is turned off and its owner told; only what the owner can see."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from hub.blog import services as blog
from hub.discussions import services as chat
from hub.discussions.models import Channel, ChannelMember
from hub.webhooks import services
from hub.webhooks.models import Delivery, Webhook
from tests.blog.factories import PostFactory
from tests.factories import CouncilFactory, UserFactory
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.SAFE_FETCH_ALLOW_LOOPBACK = True  # the receiver listens on 127.0.0.1


def _council_hook(owner, council, url, **extra) -> Webhook:
    return services.webhook_create(
        owner=owner,
        url=url,
        scope_type="council",
        scope_id=council.pk,
        scope_name=council.name,
        kinds=extra.get("kinds", []),
    )


def _comment_on_council_post(django_capture_on_commit_callbacks, council):
    post = PostFactory()
    post.councils.add(council)
    with django_capture_on_commit_callbacks(execute=True):
        blog.comment_create(post=post, author=UserFactory(), body="Useful, thanks")
    return post


def test_a_receiver_verifies_the_signature_of_a_delivery(django_capture_on_commit_callbacks):
    council, owner = CouncilFactory(), UserFactory()
    secrets = {}
    with Receiver(lambda headers: secrets["secret"]) as receiver:
        hook = _council_hook(owner, council, receiver.url)
        secrets["secret"] = hook.secret
        post = _comment_on_council_post(django_capture_on_commit_callbacks, council)
    [call] = receiver.received
    assert call["verified"] is True
    assert call["headers"]["X-Hub-Event"] == "blog.comment_posted"
    assert call["body"]["kind"] == "blog.comment_posted"
    assert call["body"]["data"]["post"] == {"id": post.pk, "title": post.title}
    assert call["body"]["url"].startswith("http")
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.response_status == 200
    assert delivery.response_ms is not None and delivery.attempts == 1


def test_a_tampered_body_does_not_verify():
    from hub.webhooks.signing import sign, verify

    signature = sign("whsec_x", 1_700_000_000, b'{"a":1}')
    assert verify("whsec_x", "1700000000", b'{"a":1}', signature, now=1_700_000_010)
    assert not verify("whsec_x", "1700000000", b'{"a":2}', signature, now=1_700_000_010)
    assert not verify("whsec_y", "1700000000", b'{"a":1}', signature, now=1_700_000_010)
    assert not verify("whsec_x", "1700000000", b'{"a":1}', signature, now=1_700_009_999)


def test_a_failing_receiver_is_retried_with_back_off_then_turned_off(
    django_capture_on_commit_callbacks,
):
    council, owner = CouncilFactory(), UserFactory()
    with Receiver(lambda headers: "", status=500) as receiver:
        hook = _council_hook(owner, council, receiver.url)
        _comment_on_council_post(django_capture_on_commit_callbacks, council)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            "pending",
            1,
            500,
        )
        start = delivery.created_at
        assert services.delivery_attempt(delivery.pk, now=start + timedelta(minutes=1)) == 60
        assert services.delivery_attempt(delivery.pk, now=start + timedelta(minutes=3)) == 120
        with django_capture_on_commit_callbacks(execute=True):
            finished = services.delivery_attempt(
                delivery.pk, now=start + timedelta(hours=24, seconds=1)
            )
        assert finished is None
    assert len(receiver.received) == 4
    delivery.refresh_from_db()
    hook.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.error
    assert not hook.is_active and "24 hours" in hook.disabled_reason
    [email] = mail.outbox
    assert email.to == [owner.email] and "turned off" in email.subject
    assert reverse("webhooks:detail", args=[hook.pk]) in email.body


def test_a_turned_off_webhook_receives_nothing(django_capture_on_commit_callbacks):
    council, owner = CouncilFactory(), UserFactory()
    hook = _council_hook(owner, council, "https://receiver.example.org/hook")
    Webhook.objects.filter(pk=hook.pk).update(is_active=False)
    _comment_on_council_post(django_capture_on_commit_callbacks, council)
    assert not Delivery.objects.exists()


def test_only_chosen_kinds_are_delivered(django_capture_on_commit_callbacks):
    council, owner = CouncilFactory(), UserFactory()
    _council_hook(owner, council, "https://receiver.example.org/hook", kinds=["blog.reply_posted"])
    _comment_on_council_post(django_capture_on_commit_callbacks, council)
    assert not Delivery.objects.exists()


def test_an_owner_who_left_a_private_channel_gets_no_deliveries_about_it(
    django_capture_on_commit_callbacks,
):
    owner, author, mentioned = UserFactory(), UserFactory(), UserFactory()
    channel = Channel.objects.create(
        name="Secret", slug="secret-hooks", kind=Channel.Kind.PRIVATE, created_by=author
    )
    for person in (owner, author, mentioned):
        ChannelMember.objects.create(channel=channel, user=person)
    services.webhook_create(
        owner=owner,
        url="https://receiver.example.org/hook",
        scope_type="channel",
        scope_id=channel.pk,
        scope_name=channel.name,
        kinds=[],
    )
    ChannelMember.objects.filter(user=owner).delete()
    with django_capture_on_commit_callbacks(execute=True):
        chat.message_post(channel=channel, author=author, body=f"@{mentioned.profile.handle} hi")
    assert not Delivery.objects.exists()


def test_members_create_webhooks_only_for_what_they_can_see(member_client, member):
    author = UserFactory()
    channel = Channel.objects.create(
        name="Secret", slug="secret-form", kind=Channel.Kind.PRIVATE, created_by=author
    )
    ChannelMember.objects.create(channel=channel, user=author)
    url = reverse("webhooks:list")
    refused = member_client.post(
        url,
        {"url": "https://receiver.example.org/h", "scope_type": "channel", "slug": channel.slug},
    )
    assert refused.status_code == 200 and "nothing you can see" in refused.content.decode()
    council = CouncilFactory()
    created = member_client.post(
        url,
        {"url": "https://receiver.example.org/h", "scope_type": "council", "slug": council.slug},
    )
    hook = Webhook.objects.get(owner=member)
    assert created.status_code == 302 and hook.scope == f"council:{council.pk}"
    page = member_client.get(reverse("webhooks:detail", args=[hook.pk]))
    assert hook.secret in page.content.decode()


def test_a_private_address_is_refused_and_others_webhooks_are_not_found(member_client):
    council = CouncilFactory()
    response = member_client.post(
        reverse("webhooks:list"),
        {"url": "ftp://receiver.example.org/h", "scope_type": "council", "slug": council.slug},
    )
    assert response.status_code == 200 and not Webhook.objects.exists()
    other = services.webhook_create(
        owner=UserFactory(),
        url="https://receiver.example.org/h",
        scope_type="council",
        scope_id=council.pk,
        scope_name=council.name,
        kinds=[],
    )
    assert member_client.get(reverse("webhooks:detail", args=[other.pk])).status_code == 404


def test_the_delivery_log_shows_status_and_response_time(
    client, django_capture_on_commit_callbacks
):
    council, owner = CouncilFactory(), UserFactory()
    with Receiver(lambda headers: "") as receiver:
        hook = _council_hook(owner, council, receiver.url)
        _comment_on_council_post(django_capture_on_commit_callbacks, council)
    client.force_login(owner)
    page = client.get(reverse("webhooks:detail", args=[hook.pk])).content.decode()
    assert "Delivered" in page and " ms" in page and "blog.comment_posted" in page


def test_requests_to_join_reach_only_convenors_webhooks(django_capture_on_commit_callbacks):
    """A join request names the person asking; on the site only convenors see it, so a member
    watching the (public) group by webhook must not receive it, now or on a retry."""
    from hub.groups import services as groups
    from hub.groups.models import Membership, WorkingGroup
    from tests.groups.factories import MembershipFactory, WorkingGroupFactory

    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.APPROVAL)
    convenor, watcher, asker = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(group=group, user=convenor, role=Membership.Role.CONVENOR)
    hooks = {
        person: services.webhook_create(
            owner=person,
            url="https://receiver.example.org/hook",
            scope_type="group",
            scope_id=group.pk,
            scope_name=group.name,
            kinds=[],
        )
        for person in (convenor, watcher)
    }
    with django_capture_on_commit_callbacks(execute=True):
        groups.group_join(group=group, user=asker)
    delivered = Delivery.objects.filter(event__kind="groups.join_requested")
    assert {d.webhook_id for d in delivered} == {hooks[convenor].pk}

    # A convenor who steps down before a retry hears no more of it.
    delivery = delivered.get()
    Membership.objects.filter(user=convenor).update(role=Membership.Role.MEMBER)
    assert services.payload_for(delivery) is None
