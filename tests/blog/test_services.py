"""Rules the blog services enforce."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hub.blog import services
from hub.blog.models import Comment, Post
from hub.notifications.models import Notification
from search.models import OutboxEntry
from tests.blog.factories import CommentFactory, PostFactory
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_post_create_defaults_to_the_authors_council_and_a_unique_slug():
    council = CouncilFactory()
    author = UserFactory(profile__council=council)
    first = services.post_create(author=author, title="Bin day pages", body="Hello")
    second = services.post_create(author=author, title="Bin day pages", body="Again")
    assert first.slug == "bin-day-pages"
    assert second.slug == "bin-day-pages-2"
    assert list(first.councils.all()) == [council]
    assert first.status == Post.Status.DRAFT and first.published_at is None


def test_same_slug_is_fine_for_different_authors():
    a = services.post_create(author=UserFactory(), title="Forms", body="x")
    b = services.post_create(author=UserFactory(), title="Forms", body="y")
    assert a.slug == b.slug == "forms"


def test_post_create_stores_source_links_and_tags():
    post = services.post_create(
        author=UserFactory(),
        title="From a chat",
        body="x",
        tags=["bins", "forms"],
        source_links=[("Chat in #waste", "/channels/waste/#m-4")],
    )
    assert sorted(post.tags.names()) == ["bins", "forms"]
    assert post.safe_source_links == [("Chat in #waste", "/channels/waste/#m-4")]


def test_source_links_with_script_urls_are_not_shown():
    post = PostFactory(source_links=[["evil", "javascript:alert(1)"], ["ok", "https://x.org/"]])
    assert post.safe_source_links == [("ok", "https://x.org/")]


def test_oversized_title_is_rejected_not_truncated():
    with pytest.raises(ValidationError) as error:
        services.post_create(author=UserFactory(), title="x" * 201, body="")
    assert "200 characters" in str(error.value)
    assert not Post.objects.exists()


def test_scheduled_post_is_invisible_until_its_time_then_visible_without_a_job():
    author = UserFactory()
    post = services.post_create(
        author=author,
        title="Later",
        body="x",
        status="published",
        published_at=timezone.now() + timedelta(hours=1),
    )
    assert post.is_scheduled and post.awaiting_publication
    assert not Post.objects.published().filter(pk=post.pk).exists()
    assert Post.objects.visible_to(author).filter(pk=post.pk).exists()
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Post.objects.published().filter(pk=post.pk).exists()


def test_publish_due_posts_queues_due_posts_for_search_once():
    post = services.post_create(
        author=UserFactory(),
        title="Later",
        body="x",
        status="published",
        published_at=timezone.now() + timedelta(hours=1),
    )
    OutboxEntry.objects.all().delete()
    assert services.posts_publish_due() == 0
    assert services.posts_publish_due(now=timezone.now() + timedelta(hours=2)) == 1
    assert OutboxEntry.objects.filter(model_label="blog.post", object_id=str(post.pk)).exists()
    assert services.posts_publish_due(now=timezone.now() + timedelta(hours=2)) == 0


def test_every_write_queues_search_indexing():
    author = UserFactory()
    post = services.post_create(author=author, title="T", body="x", status="published")
    assert OutboxEntry.objects.filter(model_label="blog.post", object_id=str(post.pk)).count() == 1
    comment = services.comment_create(post=post, author=UserFactory(), body="hi")
    assert OutboxEntry.objects.filter(model_label="blog.comment").count() == 1
    services.post_update(post=post, editor=author, title="T2", body="y")
    assert OutboxEntry.objects.filter(model_label="blog.post").count() == 2
    # updating the post re-queues its comments too, whose visibility follows the post
    assert OutboxEntry.objects.filter(model_label="blog.comment").count() == 2
    services.comment_delete(comment=comment, actor=comment.author)
    assert OutboxEntry.objects.filter(model_label="blog.comment").count() == 3


def test_editing_a_published_post_sets_edited_at_but_editing_a_draft_does_not():
    author = UserFactory()
    draft = services.post_create(author=author, title="D", body="x")
    services.post_update(post=draft, editor=author, title="D2", body="x")
    assert draft.edited_at is None
    published = services.post_create(author=author, title="P", body="x", status="published")
    services.post_update(post=published, editor=author, title="P2", body="x")
    assert published.edited_at is not None


def test_only_the_author_can_edit_or_delete_a_post():
    post = PostFactory()
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        services.post_update(post=post, editor=other, title="x", body="x")
    with pytest.raises(PermissionDenied):
        services.post_delete(post=post, actor=other)


def test_comments_thread_to_three_levels_and_deeper_replies_join_the_last_level():
    post = PostFactory()
    user = UserFactory()
    top = services.comment_create(post=post, author=user, body="1")
    reply = services.comment_create(post=post, author=user, body="2", parent=top)
    reply2 = services.comment_create(post=post, author=user, body="3", parent=reply)
    reply3 = services.comment_create(post=post, author=user, body="4", parent=reply2)
    assert (top.depth, reply.depth, reply2.depth) == (0, 1, 2)
    assert reply3.parent_id == reply.pk and reply3.depth == 2


def test_comment_notifies_post_author_and_reply_notifies_parent_author(
    django_capture_on_commit_callbacks,
):
    post = PostFactory()
    commenter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_create(post=post, author=commenter, body="Nice")
    note = Notification.objects.get(recipient=post.author)
    assert note.kind == "blog.comment_posted" and note.url.endswith(f"#comment-{top.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=post.author, body="Thanks", parent=top)
    reply_note = Notification.objects.get(recipient=commenter)
    assert reply_note.kind == "blog.reply_posted"
    # the post author replying to a comment is not notified about their own reply
    assert Notification.objects.filter(recipient=post.author).count() == 1


def test_no_notification_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.comment_create(post=post, author=UserFactory(), body="x")
    # Search may queue its own drain (inline indexing without Elasticsearch); the event's
    # delivery is queued by emit, after commit only.
    ours = [c for c in callbacks if c.__qualname__.startswith("emit.")]
    assert len(ours) == 1
    assert not Notification.objects.exists()


def test_comment_edit_window():
    comment = CommentFactory()
    services.comment_edit(comment=comment, editor=comment.author, body="changed")
    assert comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, editor=comment.author, body="late")
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=CommentFactory(), editor=UserFactory(), body="not mine")


def test_deleting_a_comment_keeps_its_replies():
    top = CommentFactory()
    reply = CommentFactory(post=top.post, parent=top)
    services.comment_delete(comment=top, actor=top.author)
    top.refresh_from_db()
    assert top.is_deleted and top.body == ""
    assert Comment.objects.filter(pk=reply.pk, parent=top).exists()


def test_cannot_comment_on_a_draft_or_hidden_post():
    with pytest.raises(PermissionDenied):
        services.comment_create(
            post=PostFactory(status="draft", published_at=None), author=UserFactory(), body="x"
        )
    with pytest.raises(PermissionDenied):
        services.comment_create(post=PostFactory(is_hidden=True), author=UserFactory(), body="x")


def test_oversized_comment_is_rejected():
    with pytest.raises(ValidationError):
        services.comment_create(post=PostFactory(), author=UserFactory(), body="x" * 10_001)


def test_useful_toggles_and_counts_once_per_person():
    post = PostFactory()
    user = UserFactory()
    assert services.post_useful_toggle(post=post, user=user) is True
    assert post.useful_marks.count() == 1
    assert services.post_useful_toggle(post=post, user=user) is False
    assert post.useful_marks.count() == 0
    comment = CommentFactory(post=post)
    assert services.comment_useful_toggle(comment=comment, user=user) is True
    assert services.comment_useful_toggle(comment=comment, user=user) is False


def test_commenting_is_rate_limited(settings):
    settings.BLOG_RATE_LIMITS = {"post": "20/h", "comment": "2/m"}
    post = PostFactory()
    user = UserFactory()
    services.comment_create(post=post, author=user, body="1")
    services.comment_create(post=post, author=user, body="2")
    with pytest.raises(services.RateLimited):
        services.comment_create(post=post, author=user, body="3")
    assert post.comments.count() == 2
