"""The event pipeline: one ``emit``, delivered after commit, to people who can see the object now."""

import re

import pytest
from django.db import transaction

from hub.blog import services as blog
from hub.discussions import services as chat
from hub.discussions.models import Channel, ChannelMember
from hub.groups import services as groups
from hub.groups.models import Membership, WorkingGroup
from hub.notifications.delivery import event_deliver, events_deliver_stale
from hub.notifications.events import emit
from hub.notifications.kinds import registry
from hub.notifications.models import Event, Notification
from hub.sharing import services as sharing
from hub.sharing.models import Phase
from tests.blog.factories import PostFactory
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_every_kind_has_a_consistent_name_a_label_and_a_valid_default():
    kinds = registry()
    assert len(kinds) >= 16
    for name, kind in kinds.items():
        assert re.fullmatch(r"[a-z]+\.[a-z]+(_[a-z]+)+", name), name
        assert kind.label and kind.email_default in {"off", "instant", "daily", "weekly"}


def test_emit_refuses_unknown_kinds_and_anything_but_primary_keys():
    with pytest.raises(LookupError, match="unknown event kind"):
        emit("blog.commented")
    post = PostFactory()
    with pytest.raises(TypeError, match="primary key"):
        emit("blog.comment_posted", comment=post)


def test_nothing_is_delivered_for_a_rolled_back_change(django_capture_on_commit_callbacks):
    post = PostFactory()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        blog.comment_create(post=post, author=UserFactory(), body="never happened")
        raise RuntimeError
    assert not Event.objects.exists() and not Notification.objects.exists()


def test_delivery_is_idempotent_and_lost_jobs_are_swept_up(django_capture_on_commit_callbacks):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=False):  # the job is "lost"
        blog.comment_create(post=post, author=UserFactory(), body="hello")
    event = Event.objects.get()
    assert event.delivered_at is None
    Event.objects.filter(pk=event.pk).update(created_at=event.created_at.replace(year=2020))
    assert events_deliver_stale() == 1
    assert event_deliver(event.pk) == 0  # already delivered: a retry does nothing
    assert Notification.objects.filter(recipient=post.author, event=event).count() == 1


def _deliver_later(django_capture_on_commit_callbacks, write):
    """Run ``write`` now, but deliver its events only when the returned function is called."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        write()

    def deliver():
        for callback in callbacks:
            callback()

    return deliver


def test_blog_comment_reaches_nobody_once_a_moderator_hid_the_post(
    django_capture_on_commit_callbacks,
):
    post = PostFactory()
    deliver = _deliver_later(
        django_capture_on_commit_callbacks,
        lambda: blog.comment_create(post=post, author=UserFactory(), body="hi"),
    )
    type(post).objects.filter(pk=post.pk).update(is_hidden=True)
    deliver()
    assert not Notification.objects.exists()


def test_blog_reply_goes_to_the_parent_author_and_the_post_author_once_each(
    django_capture_on_commit_callbacks,
):
    post = PostFactory()
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        top = blog.comment_create(post=post, author=first, body="one")
        blog.comment_create(post=post, author=second, body="two", parent=top)
    assert sorted(Notification.objects.values_list("recipient_id", "kind")) == sorted(
        [
            (post.author_id, "blog.comment_posted"),
            (post.author_id, "blog.comment_posted"),
            (first.pk, "blog.reply_posted"),
        ]
    )


def test_a_mention_in_a_private_channel_reaches_only_its_invitees(
    django_capture_on_commit_callbacks,
):
    author, invited, outsider = UserFactory(), UserFactory(), UserFactory()
    channel = Channel.objects.create(
        name="Secret", slug="secret", kind=Channel.Kind.PRIVATE, created_by=author
    )
    for person in (author, invited):
        ChannelMember.objects.create(channel=channel, user=person)
    body = f"@{invited.profile.handle} @{outsider.profile.handle} see this"
    deliver = _deliver_later(
        django_capture_on_commit_callbacks,
        lambda: chat.message_post(channel=channel, author=author, body=body),
    )
    deliver()
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [invited.pk]


def test_a_mention_reaches_nobody_who_was_removed_from_the_channel_before_delivery(
    django_capture_on_commit_callbacks,
):
    author, invited = UserFactory(), UserFactory()
    channel = Channel.objects.create(
        name="Secret", slug="secret2", kind=Channel.Kind.PRIVATE, created_by=author
    )
    for person in (author, invited):
        ChannelMember.objects.create(channel=channel, user=person)
    deliver = _deliver_later(
        django_capture_on_commit_callbacks,
        lambda: chat.message_post(
            channel=channel, author=author, body=f"@{invited.profile.handle}"
        ),
    )
    ChannelMember.objects.filter(user=invited).delete()
    deliver()
    assert not Notification.objects.exists()


def test_join_requests_reach_convenors_unless_withdrawn_before_delivery(
    django_capture_on_commit_callbacks,
):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.APPROVAL)
    convenor = MembershipFactory(group=group, role=Membership.Role.CONVENOR).user
    MembershipFactory(group=group, role=Membership.Role.MEMBER)  # a plain member hears nothing
    asker, withdrawer = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        groups.group_join(group=group, user=asker)
    deliver = _deliver_later(
        django_capture_on_commit_callbacks, lambda: groups.group_join(group=group, user=withdrawer)
    )
    Membership.objects.filter(user=withdrawer).delete()
    deliver()
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (convenor.pk, "groups.join_requested")
    ]


def test_join_answers_and_additions_reach_the_person_concerned(django_capture_on_commit_callbacks):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.APPROVAL)
    convenor = MembershipFactory(group=group, role=Membership.Role.CONVENOR).user
    yes, no, added = UserFactory(), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for person in (yes, no):
            groups.group_join(group=group, user=person)
        groups.group_request_decide(
            membership=Membership.objects.get(user=yes), actor=convenor, approve=True
        )
        groups.group_request_decide(
            membership=Membership.objects.get(user=no), actor=convenor, approve=False
        )
        groups.group_member_add(group=group, actor=convenor, user=added)
    kinds = dict(
        Notification.objects.exclude(recipient=convenor).values_list("recipient_id", "kind")
    )
    assert kinds == {
        yes.pk: "groups.join_approved",
        no.pk: "groups.join_declined",
        added.pk: "groups.member_added",
    }


def test_project_news_reaches_active_watchers_only(django_capture_on_commit_callbacks):
    from hub.follows.services import follow_set
    from tests.sharing.factories import ProjectFactory

    project = ProjectFactory(phase=Phase.ALPHA)
    lead = project.lead
    watcher, gone = UserFactory(), UserFactory()
    for person in (watcher, gone):
        follow_set(user=person, target_type="project", target_id=project.pk, following=True)
    deliver = _deliver_later(
        django_capture_on_commit_callbacks,
        lambda: sharing.project_phase_set(project=project, user=lead, phase=Phase.BETA),
    )
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    deliver()
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (watcher.pk, "sharing.project_phase_changed")
    ]


def test_the_actor_is_never_told_about_their_own_action(django_capture_on_commit_callbacks):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        blog.comment_create(post=post, author=post.author, body="my own post")
    assert not Notification.objects.exists()
