"""Flagging, the moderators' queue and hide/restore, per role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hub.moderation import services
from hub.moderation.models import Decision, Flag
from search.models import OutboxEntry
from tests.blog.factories import CommentFactory, PostFactory
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post_url(post) -> str:
    return post.get_absolute_url()


def test_member_flags_a_post_with_a_reason(client):
    post = PostFactory()
    reporter = UserFactory()
    client.force_login(reporter)
    url = reverse("moderation:flag", args=["blog.post", post.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Spam about crypto"})
    assert response.status_code == 302 and response["Location"] == _post_url(post)
    flag = Flag.objects.get()
    assert flag.reporter == reporter and flag.reason == "Spam about crypto" and flag.is_open


def test_flagging_twice_updates_the_open_flag():
    post = PostFactory()
    reporter = UserFactory()
    services.flag_create(reporter=reporter, target=post, reason="one")
    services.flag_create(reporter=reporter, target=post, reason="two")
    assert Flag.objects.get().reason == "two"


def test_flag_needs_a_reason_and_rejects_oversized_ones(client):
    post = PostFactory()
    client.force_login(UserFactory())
    url = reverse("moderation:flag", args=["blog.post", post.pk])
    response = client.post(url, {"reason": ""})
    assert "Say what is wrong with it." in response.content.decode()
    response = client.post(url, {"reason": "x" * 1001})
    assert "govuk-error-summary" in response.content.decode()
    assert not Flag.objects.exists()


def test_anonymous_visitors_cannot_flag(client):
    post = PostFactory()
    response = client.post(reverse("moderation:flag", args=["blog.post", post.pk]), {"reason": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Flag.objects.exists()


def test_cannot_flag_what_you_cannot_see_or_unknown_kinds(client):
    hidden = PostFactory(is_hidden=True)
    client.force_login(UserFactory())
    assert client.get(reverse("moderation:flag", args=["blog.post", hidden.pk])).status_code == 404
    assert client.get(reverse("moderation:flag", args=["auth.user", 1])).status_code == 404


def test_flagging_is_rate_limited(settings):
    settings.MODERATION_FLAG_RATE = "2/m"
    reporter = UserFactory()
    services.flag_create(reporter=reporter, target=PostFactory(), reason="a")
    services.flag_create(reporter=reporter, target=PostFactory(), reason="b")
    with pytest.raises(services.RateLimited):
        services.flag_create(reporter=reporter, target=PostFactory(), reason="c")


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("member", 404), ("author", 404), ("moderator", 200)]
)
def test_queue_is_for_moderators_only(client, role, status):
    post = PostFactory()
    services.flag_create(reporter=UserFactory(), target=post, reason="bad")
    viewer = {
        "anonymous": None,
        "member": UserFactory(),
        "author": post.author,
        "moderator": ModeratorFactory(),
    }[role]
    if viewer:
        client.force_login(viewer)
    assert client.get(reverse("moderation:queue")).status_code == status
    assert (
        client.get(reverse("moderation:review", args=["blog.post", post.pk])).status_code == status
    )


def test_staff_are_moderators_too(client):
    post = PostFactory()
    services.flag_create(reporter=UserFactory(), target=post, reason="bad")
    client.force_login(UserFactory(is_staff=True))
    assert post.title in client.get(reverse("moderation:queue")).content.decode()


def test_queue_lists_flagged_items_in_fixed_queries(client, django_assert_max_num_queries):
    moderator = ModeratorFactory()
    for _ in range(10):
        services.flag_create(reporter=UserFactory(), target=PostFactory(), reason="bad")
        services.flag_create(reporter=UserFactory(), target=CommentFactory(), reason="bad")
    client.force_login(moderator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("moderation:queue"))
    assert response.content.decode().count("moderation/review/") == 20


def test_moderator_hides_with_a_note_and_hidden_post_disappears(client):
    post = PostFactory(title="Offensive post")
    services.flag_create(reporter=UserFactory(), target=post, reason="offensive")
    moderator = ModeratorFactory()
    client.force_login(moderator)
    url = reverse("moderation:review", args=["blog.post", post.pk])
    response = client.post(url, {"action": "hide", "note": ""})
    assert "Add a note saying why." in response.content.decode()
    OutboxEntry.objects.all().delete()
    client.post(url, {"action": "hide", "note": "Breaks rule 2"})
    post.refresh_from_db()
    assert post.is_hidden
    assert Decision.objects.get().note == "Breaks rule 2"
    assert Flag.objects.get().resolution == "hidden"
    assert OutboxEntry.objects.filter(model_label="blog.post", object_id=str(post.pk)).exists()
    client.logout()
    assert client.get(_post_url(post)).status_code == 404
    assert "Offensive post" not in client.get(reverse("blog:list")).content.decode()
    assert "Offensive post" not in client.get(reverse("blog:feed")).content.decode()
    client.force_login(post.author)
    assert client.get(_post_url(post)).status_code == 200
    client.force_login(moderator)
    client.post(url, {"action": "restore", "note": "On appeal"})
    post.refresh_from_db()
    assert not post.is_hidden
    client.logout()
    assert client.get(_post_url(post)).status_code == 200


def test_moderator_dismisses_flags_without_hiding():
    post = PostFactory()
    services.flag_create(reporter=UserFactory(), target=post, reason="meh")
    services.flags_dismiss(moderator=ModeratorFactory(), target=post, note="Fine")
    post.refresh_from_db()
    assert not post.is_hidden and Flag.objects.get().resolution == "dismissed"


def test_hiding_a_comment_reindexes_it():
    comment = CommentFactory()
    OutboxEntry.objects.all().delete()
    services.content_hide(moderator=ModeratorFactory(), target=comment, note="Rude")
    comment.refresh_from_db()
    assert comment.is_hidden
    assert OutboxEntry.objects.filter(model_label="blog.comment").exists()


def test_members_cannot_hide_even_through_the_service():
    with pytest.raises(PermissionDenied):
        services.content_hide(moderator=UserFactory(), target=PostFactory(), note="x")
    with pytest.raises(ValidationError):
        services.content_hide(moderator=ModeratorFactory(), target=PostFactory(), note="  ")


def test_authors_cannot_flag_their_own_content(client):
    post = PostFactory()
    with pytest.raises(ValidationError, match="cannot flag your own post"):
        services.flag_create(reporter=post.author, target=post, reason="testing")
    client.force_login(post.author)
    url = reverse("moderation:flag", args=["blog.post", post.pk])
    page = client.get(url)
    assert page.status_code == 403
    assert "You cannot flag your own post" in page.content.decode()
    assert 'name="reason"' not in page.content.decode()
    response = client.post(url, {"reason": "Flagging myself"})
    assert response.status_code == 403
    assert "You cannot flag your own post" in response.content.decode()
    assert not Flag.objects.exists()
    comment = CommentFactory()
    client.force_login(comment.author)
    url = reverse("moderation:flag", args=["blog.comment", comment.pk])
    assert client.post(url, {"reason": "me"}).status_code == 403
    assert not Flag.objects.exists()
