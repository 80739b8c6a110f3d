"""The no-JavaScript pages: history with pagination, a plain form to post, 404s for outsiders."""

import pytest
from django.test import Client
from django.urls import reverse

from hub.discussions import services
from hub.discussions.models import Channel, Message, Reaction
from tests.discussions.factories import ChannelFactory, MembershipFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_many(channel, user, n):
    for i in range(n):
        services.message_post(channel=channel, author=user, body=f"message {i + 1}")


@pytest.mark.parametrize(
    ("channel_key", "allowed", "refused"),
    [
        (
            "group_channel",
            ["author", "group_member"],
            ["outsider", "pending", "invitee", "moderator"],
        ),
        ("private", ["author", "invitee"], ["outsider", "group_member", "moderator"]),
        ("public", ["author", "outsider", "moderator"], []),
    ],
)
def test_channel_pages_per_role(roles, channel_key, allowed, refused):
    channel = roles[channel_key]
    services.message_post(channel=channel, author=roles["author"], body="the secret plan")
    urls = [
        reverse("discussions:detail", args=[channel.slug]),
        reverse("discussions:thread", args=[channel.slug, 1]),
        reverse("discussions:keep", args=[channel.slug, 1]),
    ]
    for role in allowed:
        client = _client(roles[role])
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
        assert channel.slug in client.get(reverse("discussions:list")).content.decode()
    for role in refused:
        client = _client(roles[role])
        for url in urls:
            assert client.get(url).status_code == 404, (role, url)
        assert (
            client.post(reverse("discussions:post", args=[channel.slug]), {"body": "x"}).status_code
            == 404
        )
        assert client.post(reverse("discussions:useful", args=[channel.slug, 1])).status_code == 404
        listing = client.get(reverse("discussions:list")).content.decode()
        assert channel.slug not in listing and "the secret plan" not in listing


def test_anonymous_visitors_are_sent_to_sign_in(roles):
    response = Client().get(reverse("discussions:detail", args=[roles["public"].slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_posting_with_the_plain_form(roles):
    channel = roles["group_channel"]
    client = _client(roles["group_member"])
    response = client.post(
        reverse("discussions:post", args=[channel.slug]), {"body": "Hello *all*"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#m1")
    page = client.get(reverse("discussions:detail", args=[channel.slug])).content.decode()
    assert "<p>Hello <em>all</em></p>" in page and 'id="m1"' in page


def test_reply_from_the_thread_page(roles):
    channel = roles["public"]
    services.message_post(
        channel=channel, author=roles["author"], body="Anyone using the bins API?"
    )
    client = _client(roles["outsider"])
    response = client.post(
        reverse("discussions:post", args=[channel.slug]), {"body": "We are", "parent": 1}
    )
    assert response["Location"] == reverse("discussions:thread", args=[channel.slug, 1]) + "#m2"
    assert Message.objects.get(sequence=2).parent.sequence == 1


def test_form_errors_keep_what_was_typed(roles, settings):
    settings.DISCUSSIONS_MAX_MESSAGE_CHARS = 10
    client = _client(roles["author"])
    response = client.post(
        reverse("discussions:post", args=[roles["public"].slug]), {"body": "far too long text"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "10 characters or fewer" in page
    assert "far too long text</textarea>" in page
    assert not Message.objects.exists()
    empty = client.post(reverse("discussions:post", args=[roles["public"].slug]), {"body": ""})
    assert "Enter a message" in empty.content.decode()


def test_user_markdown_is_sanitised(roles):
    services.message_post(
        channel=roles["public"],
        author=roles["author"],
        body="<script>alert(1)</script> [x](javascript:alert(1))",
    )
    page = (
        _client(roles["author"])
        .get(reverse("discussions:detail", args=[roles["public"].slug]))
        .content.decode()
    )
    assert "<script>alert(1)" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_posting_needs_a_csrf_token(roles):
    client = Client(enforce_csrf_checks=True)
    client.force_login(roles["author"])
    response = client.post(reverse("discussions:post", args=[roles["public"].slug]), {"body": "hi"})
    assert response.status_code == 403


def test_history_pages_back_and_permalinks_land_around_the_message(roles):
    channel = roles["public"]
    _post_many(channel, roles["author"], 120)
    client = _client(roles["outsider"])
    latest = client.get(reverse("discussions:detail", args=[channel.slug]))
    seqs = [m.sequence for m in latest.context["page"]["messages"]]
    assert seqs == list(range(71, 121)) and latest.context["page"]["older"] == 71
    older = client.get(reverse("discussions:detail", args=[channel.slug]) + "?before=71")
    assert [m.sequence for m in older.context["page"]["messages"]] == list(range(21, 71))
    assert 'href="?before=21"' in older.content.decode()
    around = client.get(reverse("discussions:detail", args=[channel.slug]) + "?around=10")
    assert [m.sequence for m in around.context["page"]["messages"]] == list(range(1, 51))
    assert around.context["page"]["newer"] == 51


def test_viewing_the_latest_page_clears_the_unread_count(roles):
    channel = roles["public"]
    _post_many(channel, roles["author"], 3)
    client = _client(roles["outsider"])
    listing = client.get(reverse("discussions:list"))
    row = next(c for c in listing.context["channels"] if c.pk == channel.pk)
    assert row.unread == 3
    client.get(reverse("discussions:detail", args=[channel.slug]))
    listing = client.get(reverse("discussions:list"))
    assert next(c for c in listing.context["channels"] if c.pk == channel.pk).unread == 0


def test_channel_list_query_count_is_pinned(roles, django_assert_max_num_queries):
    for _ in range(8):
        channel = ChannelFactory()
        _post_many(channel, roles["author"], 2)
    client = _client(roles["author"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("discussions:list"))
    assert len(response.context["channels"]) >= 10


def test_channel_page_query_count_is_pinned(roles, django_assert_max_num_queries):
    channel = roles["public"]
    users = [UserFactory() for _ in range(5)]
    for i in range(50):
        services.message_post(
            channel=channel,
            author=users[i % 5],
            body=f"m {i} @{users[0].profile.handle}",
            parent_sequence=1 if i else None,
        )
    client = _client(roles["outsider"])
    client.get(reverse("discussions:detail", args=[channel.slug]))
    with django_assert_max_num_queries(20):
        client.get(reverse("discussions:detail", args=[channel.slug]))


def test_edit_and_delete_pages(roles):
    channel = roles["public"]
    services.message_post(channel=channel, author=roles["author"], body="first draft")
    edit_url = reverse("discussions:edit", args=[channel.slug, 1])
    delete_url = reverse("discussions:delete", args=[channel.slug, 1])
    assert _client(roles["outsider"]).get(edit_url).status_code == 404
    assert _client(roles["outsider"]).post(delete_url).status_code == 404
    author = _client(roles["author"])
    assert author.post(edit_url, {"body": "second draft"}).status_code == 302
    assert Message.objects.get(sequence=1).body == "second draft"
    assert _client(roles["moderator"]).post(delete_url).status_code == 302
    message = Message.objects.get(sequence=1)
    assert message.is_deleted
    page = author.get(reverse("discussions:detail", args=[channel.slug])).content.decode()
    assert "Message 1 was deleted." in page and "second draft" not in page


def test_useful_button_without_javascript(roles):
    channel = roles["public"]
    services.message_post(channel=channel, author=roles["author"], body="tip")
    _client(roles["outsider"]).post(reverse("discussions:useful", args=[channel.slug, 1]))
    assert Reaction.objects.filter(user=roles["outsider"]).count() == 1


def test_create_channels_of_each_kind(roles):
    client = _client(roles["group_member"])
    response = client.post(
        reverse("discussions:create"),
        {"name": "Bin days", "topic": "Collections", "kind": "public"},
    )
    assert (
        response.status_code == 302
        and Channel.objects.filter(slug="bin-days", kind="public").exists()
    )
    group = roles["group_channel"].group
    client.post(
        reverse("discussions:create"), {"name": "Drafting", "kind": "group", "group": group.pk}
    )
    assert Channel.objects.get(slug="drafting").group == group
    missing = client.post(reverse("discussions:create"), {"name": "Drafting 2", "kind": "group"})
    assert "Choose the working group" in missing.content.decode()
    # Only groups you belong to can be chosen.
    other = MembershipFactory().group
    refused = client.post(
        reverse("discussions:create"), {"name": "Not mine", "kind": "group", "group": other.pk}
    )
    assert refused.status_code == 200 and not Channel.objects.filter(name="Not mine").exists()


def test_private_channel_settings_invite_and_remove(roles):
    private = roles["private"]
    url = reverse("discussions:settings", args=[private.slug])
    assert _client(roles["invitee"]).get(url).status_code == 404
    owner = _client(roles["author"])
    owner.post(url, {"action": "invite", "handle": roles["outsider"].profile.handle})
    assert (
        _client(roles["outsider"])
        .get(reverse("discussions:detail", args=[private.slug]))
        .status_code
        == 200
    )
    member = private.members.get(user=roles["outsider"])
    owner.post(url, {"action": "remove", "member": member.pk})
    assert (
        _client(roles["outsider"])
        .get(reverse("discussions:detail", args=[private.slug]))
        .status_code
        == 404
    )
    bad = owner.post(url, {"action": "invite", "handle": "nobody-here"})
    assert "There is no member with that handle" in bad.content.decode()
