"""The page cache never shows one person's page to another and forgets pages when content changes."""

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from hub.blog.models import Post
from hub.core.pagecache import CSRF_PLACEHOLDER, HIT_HEADER
from tests.blog.factories import CommentFactory, PostFactory
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post_url(post: Post) -> str:
    return reverse("blog:post", kwargs={"handle": post.author.profile.handle, "slug": post.slug})


def test_signed_out_reader_gets_the_stored_page_without_touching_the_database(
    client, django_assert_num_queries
):
    post = PostFactory(title="Bins on bank holidays")
    first = client.get(_post_url(post))
    assert first[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(_post_url(post))
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    assert "Bins on bank holidays" in second.content.decode()


def test_a_new_comment_replaces_the_stored_page(client):
    post = PostFactory()
    client.get(_post_url(post))
    CommentFactory(post=post, body="A brand new comment")
    response = client.get(_post_url(post))
    assert response[HIT_HEADER] == "miss"
    assert "A brand new comment" in response.content.decode()


def test_a_write_without_signals_is_seen_after_the_next_successful_unsafe_request(
    client, member_client
):
    post = PostFactory(title="Old title")
    client.get(reverse("blog:list"))
    Post.objects.filter(pk=post.pk).update(title="New title")  # sends no signal
    assert "Old title" in client.get(reverse("blog:list")).content.decode()
    client.post("/blog/no-such-person/no-such-post/useful/")  # refused: drops nothing
    assert "Old title" in client.get(reverse("blog:list")).content.decode()
    member_client.post(_post_url(post) + "useful/")
    assert "New title" in client.get(reverse("blog:list")).content.decode()


def test_signed_in_members_never_get_the_signed_out_copy_or_each_others(client):
    post = PostFactory()
    alice = ModeratorFactory()  # her header links to the moderation queue
    bob = UserFactory()
    client.get(_post_url(post))  # stores the signed-out copy
    client.force_login(alice)
    as_alice = client.get(_post_url(post))
    as_alice_again = client.get(_post_url(post))
    assert as_alice[HIT_HEADER] == "miss" and as_alice_again[HIT_HEADER] == "hit"
    assert "Sign out" in as_alice_again.content.decode()
    assert f'href="{reverse("moderation:queue")}"' in as_alice_again.content.decode()
    client.force_login(bob)
    as_bob = client.get(_post_url(post))
    assert as_bob[HIT_HEADER] == "miss"
    assert "Sign out" in as_bob.content.decode()
    assert f'href="{reverse("moderation:queue")}"' not in as_bob.content.decode()
    client.logout()
    anonymous = client.get(_post_url(post))
    assert anonymous[HIT_HEADER] == "hit"
    assert "Sign out" not in anonymous.content.decode()


def test_a_members_stored_page_carries_this_requests_csrf_token_and_forms_still_post(
    client, member
):
    post = PostFactory()
    client.force_login(member)
    client.get(_post_url(post))
    hit = client.get(_post_url(post))
    assert hit[HIT_HEADER] == "hit"
    html = hit.content.decode()
    assert CSRF_PLACEHOLDER not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1][:64]
    assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
    client.handler.enforce_csrf_checks = True
    response = client.post(
        _post_url(post) + "comments/",
        {"body": "Posted from a cached page", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "Posted from a cached page" in client.get(_post_url(post)).content.decode()


def test_pages_with_a_csrf_form_for_signed_out_visitors_are_never_stored(client, settings):
    settings.PAGE_CACHE_URL_NAMES = frozenset({"account_login"})
    first = client.get(reverse("account_login"))
    second = client.get(reverse("account_login"))
    assert HIT_HEADER not in first and HIT_HEADER not in second
    assert "csrftoken" in second.cookies


def test_a_pending_flash_message_is_always_rendered_fresh(client, member):
    post = PostFactory(author=member)
    client.force_login(member)
    client.get(_post_url(post))
    session = client.session
    from django.contrib.messages.storage.session import SessionStorage

    session[SessionStorage.session_key] = '[["__json_message",0,25,"Your post is published."]]'
    session.save()
    response = client.get(_post_url(post))
    assert response.get(HIT_HEADER) != "hit"
    assert "Your post is published." in response.content.decode()


def test_reading_notifications_changes_a_members_stored_page(client, member):
    from hub.notifications.models import Notification
    from hub.notifications.services import notifications_mark_read

    Notification.objects.create(recipient=member, kind="test", text="Hello")
    post = PostFactory()
    client.force_login(member)
    first = client.get(_post_url(post))
    assert "data-unread-notifications" in first.content.decode()
    assert client.get(_post_url(post))[HIT_HEADER] == "hit"
    notifications_mark_read(user=member)
    response = client.get(_post_url(post))
    assert response[HIT_HEADER] == "miss"
    assert "data-unread-notifications" not in response.content.decode()
