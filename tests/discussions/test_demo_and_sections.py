"""Demo channels are believable and idempotent; the home page shows where people are talking."""

import random

import pytest
from django.test import Client

from hub.discussions import services
from hub.discussions.demo import seed
from hub.discussions.models import Channel, Message
from tests.discussions.factories import MembershipFactory, WorkingGroupFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_adds_a_group_channel():
    people = UserFactory.create_batch(6)
    group = WorkingGroupFactory()
    for person in people[:3]:
        MembershipFactory(group=group, user=person)
    lines = []
    seed(rng=random.Random(1), log=lines.append)
    slugs = set(Channel.objects.values_list("slug", flat=True))
    assert {"bins-and-waste", "content-design", "hub-feedback", f"{group.slug}-chat"} <= slugs
    count = Message.objects.count()
    assert count > 10
    assert Channel.objects.get(slug=f"{group.slug}-chat").kind == Channel.Kind.GROUP
    seed(rng=random.Random(2), log=lines.append)
    assert Message.objects.count() == count
    assert "0 public channels" in lines[-1]


def test_home_page_lists_active_channels_the_member_can_see(roles, django_assert_max_num_queries):
    services.message_post(channel=roles["public"], author=roles["author"], body="hello all")
    services.message_post(channel=roles["private"], author=roles["author"], body="psst")
    client = Client()
    client.force_login(roles["outsider"])
    with django_assert_max_num_queries(25):
        page = client.get("/").content.decode()
    assert f"#{roles['public'].slug}" in page and f"#{roles['private'].slug}" not in page
    invitee = Client()
    invitee.force_login(roles["invitee"])
    assert f"#{roles['private'].slug}" in invitee.get("/").content.decode()
    assert "Talking now" not in Client().get("/").content.decode()
