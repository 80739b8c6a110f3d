"""Email notifications people control: per kind off / instant / daily / weekly, instant batched
per person, text and HTML, absolute links, and one-click unsubscribe without signing in."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hub.blog import services as blog
from hub.notifications.email_queue import instant_send_due
from hub.notifications.emails import digests_send, unsubscribe_token
from hub.notifications.models import EmailPreference, Notification
from hub.notifications.services import email_preference_set
from tests.blog.factories import PostFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _comment(django_capture_on_commit_callbacks, post, body="Nice post"):
    with django_capture_on_commit_callbacks(execute=True):
        return blog.comment_create(post=post, author=UserFactory(), body=body)


def test_several_comments_within_the_window_make_one_email(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://hub.example.org"
    post = PostFactory()
    _comment(django_capture_on_commit_callbacks, post, "first")
    _comment(django_capture_on_commit_callbacks, post, "second")
    assert instant_send_due([post.author_id]) == 0  # the window is still open
    assert instant_send_due([post.author_id], now=timezone.now() + timedelta(seconds=31)) == 1
    assert instant_send_due([post.author_id], now=timezone.now() + timedelta(seconds=62)) == 0

    [message] = mail.outbox
    assert message.to == [post.author.email]
    assert message.subject == "[LocalGov Hub] 2 new notifications"
    assert message.body.count("commented on your post") == 2
    assert "https://hub.example.org/" in message.body
    assert "https://hub.example.org" + reverse("notifications:preferences") in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "commented on your post" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://hub.example.org/notifications/unsubscribe/"
    )


def test_a_single_comment_is_emailed_within_a_minute(django_capture_on_commit_callbacks):
    post = PostFactory()
    _comment(django_capture_on_commit_callbacks, post)
    assert instant_send_due([post.author_id], now=timezone.now() + timedelta(seconds=31)) == 1
    assert mail.outbox[0].subject.startswith("[LocalGov Hub] ")
    assert "commented on your post" in mail.outbox[0].subject


def test_a_weekly_choice_waits_for_the_digest_and_off_sends_nothing(
    django_capture_on_commit_callbacks,
):
    weekly_post, off_post = PostFactory(), PostFactory()
    email_preference_set(user=weekly_post.author, kind="blog.comment_posted", frequency="weekly")
    email_preference_set(user=off_post.author, kind="blog.comment_posted", frequency="off")
    _comment(django_capture_on_commit_callbacks, weekly_post)
    _comment(django_capture_on_commit_callbacks, off_post)
    later = timezone.now() + timedelta(minutes=5)
    assert instant_send_due([weekly_post.author_id, off_post.author_id], now=later) == 0
    assert (
        not Notification.objects.filter(recipient=off_post.author)
        .exclude(email_frequency="")
        .exists()
    )
    assert digests_send("daily") == 0
    assert digests_send("weekly") == 1
    assert digests_send("weekly") == 0  # idempotent: each item is sent once
    assert mail.outbox[0].to == [weekly_post.author.email]
    assert "weekly summary" in mail.outbox[0].subject


def test_one_click_unsubscribe_works_without_signing_in(client, django_capture_on_commit_callbacks):
    post = PostFactory()
    token = unsubscribe_token(user_id=post.author_id, kinds=["blog.comment_posted"])
    url = reverse("notifications:unsubscribe", args=[token])

    page = client.get(url)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and "Comments on your posts" in page.content.decode()
    assert not EmailPreference.objects.exists()

    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no session
    assert response.status_code == 200
    assert EmailPreference.objects.get(user=post.author).frequency == "off"
    _comment(django_capture_on_commit_callbacks, post)
    assert (
        not Notification.objects.filter(emailed_at__isnull=True)
        .exclude(email_frequency="")
        .exists()
    )


def test_a_tampered_unsubscribe_link_is_refused_clearly(client):
    token = unsubscribe_token(user_id=UserFactory().pk, kinds=["blog.comment_posted"])
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "does not work" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_members_choose_per_kind_on_the_preferences_page(member_client, member):
    page = member_client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert "Replies to your comments" in page.content.decode()
    response = member_client.post(
        reverse("notifications:preferences"),
        {"blog.reply_posted": "daily", "standards.version_published": "bogus"},
    )
    assert response.status_code == 302
    assert dict(EmailPreference.objects.filter(user=member).values_list("kind", "frequency")) == {
        "blog.reply_posted": "daily"
    }


def test_the_preferences_page_needs_a_sign_in(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302 and "login" in response["Location"]
