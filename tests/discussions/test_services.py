"""The rules message_post and friends enforce, whatever calls them (socket or form)."""

import threading

import pytest
from django.db import connection

from hub.discussions import selectors, services
from hub.discussions.models import Message, Reaction
from hub.discussions.services import ChatError
from hub.notifications.models import Notification
from search.models import OutboxEntry
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_message_gets_the_next_sequence_number_per_channel(roles):
    public, other = roles["public"], ChannelFactory()
    seqs = [
        services.message_post(channel=public, author=roles["author"], body=f"m{i}").sequence
        for i in range(3)
    ]
    assert seqs == [1, 2, 3]
    assert services.message_post(channel=other, author=roles["author"], body="x").sequence == 1
    public.refresh_from_db()
    assert public.last_sequence == 3 and public.last_message_at is not None


def test_edits_deletes_and_useful_marks_take_event_numbers_but_keep_the_sequence(roles):
    channel, author, reader = roles["public"], roles["author"], roles["outsider"]
    for i in range(2):
        services.message_post(channel=channel, author=author, body=f"m{i}")

    def state(seq):
        m = Message.objects.get(channel=channel, sequence=seq)
        return m.sequence, m.changed_seq

    assert [state(1), state(2)] == [(1, 1), (2, 2)]
    services.message_edit(channel=channel, sequence=1, user=author, body="m0 edited")
    assert state(1) == (1, 3)
    services.reaction_toggle(channel=channel, sequence=2, user=reader)
    assert state(2) == (2, 4)
    services.message_delete(channel=channel, sequence=1, user=author)
    assert state(1) == (1, 5)
    # The next message takes the next number from the same counter.
    assert services.message_post(channel=channel, author=author, body="m2").sequence == 6
    channel.refresh_from_db()
    assert channel.last_sequence == 6
    replay = selectors.messages_changed_after(channel=channel, after=2)
    assert [(m.sequence, m.changed_seq) for m in replay] == [(2, 4), (1, 5), (6, 6)]
    # A refused change takes no number.
    with pytest.raises(ChatError):
        services.message_edit(channel=channel, sequence=2, user=reader, body="not mine")
    channel.refresh_from_db()
    assert channel.last_sequence == 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_posters_get_distinct_contiguous_sequences():
    if connection.vendor == "sqlite":
        # SQLite serialises writers with one database lock; the contiguity rule still holds.
        threads_count, per_thread = 2, 3
    else:
        threads_count, per_thread = 6, 5
    channel = ChannelFactory()
    users = [UserFactory() for _ in range(threads_count)]
    errors = []

    def worker(user):
        try:
            for i in range(per_thread):
                services.message_post(channel=channel, author=user, body=f"{user.pk}-{i}")
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    seqs = sorted(Message.objects.filter(channel=channel).values_list("sequence", flat=True))
    assert seqs == list(range(1, threads_count * per_thread + 1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_and_edits_never_share_an_event_number():
    rounds = 3 if connection.vendor == "sqlite" else 6
    channel = ChannelFactory()
    poster, editor = UserFactory(), UserFactory()
    services.message_post(channel=channel, author=editor, body="to be edited")
    errors = []

    def worker(action):
        try:
            for i in range(rounds):
                action(i)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    def post(i):
        services.message_post(channel=channel, author=poster, body=f"post {i}")

    def edit(i):
        services.message_edit(channel=channel, sequence=1, user=editor, body=f"edit {i}")

    threads = [threading.Thread(target=worker, args=(a,)) for a in (post, edit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    rows = list(Message.objects.filter(channel=channel).values_list("sequence", "changed_seq"))
    numbers = [seq for seq, _ in rows] + [changed for seq, changed in rows if changed != seq]
    channel.refresh_from_db()
    assert len(numbers) == len(set(numbers))
    assert max(numbers) <= channel.last_sequence == 1 + 2 * rounds
    assert Message.objects.get(channel=channel, sequence=1).body == f"edit {rounds - 1}"


def test_deleting_leaves_a_tombstone_that_keeps_the_sequence(roles):
    channel, author = roles["public"], roles["author"]
    services.message_post(channel=channel, author=author, body="one")
    services.message_post(channel=channel, author=author, body="two")
    services.message_delete(channel=channel, sequence=1, user=author)
    rows = list(Message.objects.filter(channel=channel).order_by("sequence"))
    assert [m.sequence for m in rows] == [1, 2]
    assert rows[0].is_deleted and rows[0].body == ""
    payload = selectors.message_payload(selectors.message_get(channel=channel, sequence=1))
    assert payload["deleted"] and payload["html"] == "" and payload["author"] is None


def test_authors_edit_and_delete_only_their_own_and_moderators_delete_any(roles):
    channel = roles["public"]
    services.message_post(channel=channel, author=roles["author"], body="mine")
    with pytest.raises(ChatError) as edit:
        services.message_edit(channel=channel, sequence=1, user=roles["outsider"], body="theirs")
    assert edit.value.code == "forbidden"
    with pytest.raises(ChatError) as delete:
        services.message_delete(channel=channel, sequence=1, user=roles["outsider"])
    assert delete.value.code == "forbidden"
    with pytest.raises(ChatError):
        services.message_edit(channel=channel, sequence=1, user=roles["moderator"], body="mod edit")
    services.message_edit(channel=channel, sequence=1, user=roles["author"], body="edited")
    assert Message.objects.get(channel=channel, sequence=1).edited_at is not None
    services.message_delete(channel=channel, sequence=1, user=roles["moderator"])
    assert Message.objects.get(channel=channel, sequence=1).deleted_by == roles["moderator"]


def test_too_long_or_empty_message_is_rejected_and_nothing_is_stored(roles, settings):
    settings.DISCUSSIONS_MAX_MESSAGE_CHARS = 10
    for body, code in [("x" * 11, "too_long"), ("   ", "empty")]:
        with pytest.raises(ChatError) as error:
            services.message_post(channel=roles["public"], author=roles["author"], body=body)
        assert error.value.code == code
    assert not Message.objects.exists()
    roles["public"].refresh_from_db()
    assert roles["public"].last_sequence == 0


def test_rate_limit_refuses_and_stores_nothing(roles, settings):
    settings.DISCUSSIONS_SEND_RATE = "2/57s"
    sender = UserFactory()
    for i in range(2):
        services.message_post(channel=roles["public"], author=sender, body=f"ok {i}")
    with pytest.raises(ChatError) as error:
        services.message_post(channel=roles["public"], author=sender, body="one too many")
    assert error.value.code == "rate_limited" and "Try again" in error.value.message
    assert Message.objects.filter(author=sender).count() == 2


def test_archived_channels_are_read_only(roles):
    channel = roles["public"]
    channel.archived = True
    channel.save()
    with pytest.raises(ChatError) as error:
        services.message_post(channel=channel, author=roles["author"], body="hello")
    assert error.value.code == "archived"


@pytest.mark.parametrize(
    ("channel_key", "allowed", "refused"),
    [
        ("public", ["author", "outsider", "moderator"], []),
        ("group_channel", ["author", "group_member"], ["outsider", "pending", "invitee"]),
        ("private", ["author", "invitee"], ["outsider", "group_member", "pending"]),
    ],
)
def test_posting_permission_per_role(roles, channel_key, allowed, refused):
    channel = roles[channel_key]
    for role in allowed:
        assert services.message_post(channel=channel, author=roles[role], body=f"from {role}")
    for role in refused:
        with pytest.raises(ChatError) as error:
            services.message_post(channel=channel, author=roles[role], body="let me in")
        assert error.value.code == "not_found"  # identical to a channel that does not exist


def test_mentions_notify_only_people_who_can_see_the_channel(
    roles, django_capture_on_commit_callbacks
):
    handles = {k: roles[k].profile.handle for k in ("group_member", "outsider")}
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            channel=roles["group_channel"],
            author=roles["author"],
            body=f"@{handles['group_member']} and @{handles['outsider']} look at this",
        )
    notified = Notification.objects.filter(kind="discussions.member_mentioned")
    assert [n.recipient for n in notified] == [roles["group_member"]]
    assert notified[0].url.endswith("?around=1#m1")


def test_replies_join_one_thread(roles):
    channel, author = roles["public"], roles["author"]
    root = services.message_post(channel=channel, author=author, body="question")
    reply = services.message_post(channel=channel, author=author, body="answer", parent_sequence=1)
    nested = services.message_post(channel=channel, author=author, body="more", parent_sequence=2)
    assert reply.parent == root and nested.parent == root
    assert [m.sequence for m in selectors.thread_messages(root=root)] == [1, 2, 3]


def test_useful_toggles(roles):
    channel = roles["public"]
    services.message_post(channel=channel, author=roles["author"], body="tip")
    assert services.reaction_toggle(channel=channel, sequence=1, user=roles["outsider"]) is True
    assert Reaction.objects.count() == 1
    assert services.reaction_toggle(channel=channel, sequence=1, user=roles["outsider"]) is False
    assert Reaction.objects.count() == 0


def test_unread_counts_follow_read_markers(roles):
    channel, reader = roles["public"], roles["outsider"]
    services.message_post(channel=channel, author=reader, body="my own does not count")
    for i in range(3):
        services.message_post(channel=channel, author=roles["author"], body=f"m{i}")
    unread = {c.slug: c.unread for c in selectors.channel_list_for(reader)}
    assert unread[channel.slug] == 3
    services.read_mark(channel=channel, user=reader, sequence=3)
    assert {c.slug: c.unread for c in selectors.channel_list_for(reader)}[channel.slug] == 1
    # Markers only move forward.
    services.read_mark(channel=channel, user=reader, sequence=1)
    assert {c.slug: c.unread for c in selectors.channel_list_for(reader)}[channel.slug] == 1
    # The author's own posting marks everything before it read.
    assert {c.slug: c.unread for c in selectors.channel_list_for(roles["author"])}[
        channel.slug
    ] == 0


def test_removing_a_private_member_hides_the_channel(roles):
    private = roles["private"]
    services.channel_member_remove(
        channel=private, user=roles["invitee"], removed_by=roles["author"]
    )
    assert not selectors.channel_is_visible_to(private, roles["invitee"])
    with pytest.raises(ChatError):
        services.channel_member_remove(
            channel=private, user=roles["author"], removed_by=roles["outsider"]
        )


def test_writes_queue_search_indexing_in_the_same_transaction(roles):
    message = services.message_post(
        channel=roles["public"], author=roles["author"], body="findable"
    )
    services.message_delete(channel=roles["public"], sequence=1, user=roles["author"])
    entries = OutboxEntry.objects.filter(
        model_label="discussions.message", object_id=str(message.pk)
    )
    assert entries.count() == 2


def test_a_post_is_reported_stored_even_if_the_read_marker_then_fails(monkeypatch, caplog):
    channel, author = ChannelFactory(), UserFactory()

    def broken(**kwargs):
        raise RuntimeError("the database went away after the commit")

    monkeypatch.setattr(services, "_read_marker_set", broken)
    message = services.message_post(channel=channel, author=author, body="stored and sent")
    assert Message.objects.filter(pk=message.pk, body="stored and sent").exists()
    assert "could not move the author's read marker" in caplog.text
