"""Emails and notifications reach each member in their own language, whatever the language
of the request or job that caused them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from hub.blog import services as blog
from hub.follows.models import DigestPreference
from hub.follows.services import digests_send, follow_set
from hub.notifications.delivery import _texts_by_language
from hub.notifications.email_queue import instant_send_due
from hub.notifications.kinds import EventKind
from hub.sharing import services as sharing
from tests.blog.factories import PostFactory
from tests.factories import UserFactory
from tests.sharing.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _welsh(user):
    user.language = "cy"
    user.save(update_fields=["language"])
    return user


def _two_comments(callbacks, post):
    for body in ("un", "dau"):
        with callbacks(execute=True):
            blog.comment_create(post=post, author=UserFactory(), body=body)


def test_notification_email_is_in_the_recipients_language(django_capture_on_commit_callbacks):
    welsh_post = PostFactory(author=_welsh(UserFactory(profile__display_name="Siân")))
    english_post = PostFactory()
    # The comments are written by someone using the hub in Welsh: that changes nothing.
    with translation.override("cy"):
        _two_comments(django_capture_on_commit_callbacks, welsh_post)
        _two_comments(django_capture_on_commit_callbacks, english_post)
    later = timezone.now() + timedelta(seconds=31)
    assert instant_send_due([welsh_post.author_id, english_post.author_id], now=later) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    welsh = by_recipient[welsh_post.author.email]
    assert welsh.subject == "[Hyb LocalGov] 2 hysbysiad newydd"
    assert "Helo Siân," in welsh.body
    assert "Dad-danysgrifio o'r negeseuon e-bost hyn:" in welsh.body
    html, _ = welsh.alternatives[0]
    assert '<html lang="cy">' in html
    english = by_recipient[english_post.author.email]
    assert english.subject == "[LocalGov Hub] 2 new notifications"
    assert "Unsubscribe from these emails:" in english.body
    assert '<html lang="en-GB">' in english.alternatives[0][0]


def test_weekly_digest_is_in_the_recipients_language(django_capture_on_commit_callbacks):
    reader = _welsh(UserFactory(profile__display_name="Gwen"))
    project = ProjectFactory()
    follow_set(user=reader, target_type="project", target_id=project.pk, following=True)
    DigestPreference.objects.create(user=reader, weekly=True)
    with django_capture_on_commit_callbacks(execute=True):
        sharing.project_update_post(project=project, user=project.lead, body="Newyddion")
    mail.outbox.clear()  # the watchers' own notification emails
    assert digests_send().sent == 1
    [message] = mail.outbox
    assert message.subject.startswith("[Hyb LocalGov] Beth sy'n newydd")
    assert "Helo Gwen," in message.body
    assert "Yr wythnos hon ar Hyb LocalGov" in message.body


def test_in_app_notification_text_is_rendered_once_per_language():
    welsh, english, unset = _welsh(UserFactory()), UserFactory(), UserFactory()
    english.language = "en-gb"
    english.save(update_fields=["language"])
    calls = []

    def text(context):
        calls.append(translation.get_language())
        return gettext("Search")

    kind = EventKind(
        name="test.kind", label="Test", load=dict, recipients=lambda c: [], text=text, url=str
    )
    with translation.override("cy"):  # the job's own language does not matter
        texts = _texts_by_language(kind, {}, [welsh.pk, english.pk, unset.pk])
    assert texts == {welsh.pk: "Chwilio", english.pk: "Search", unset.pk: "Search"}
    assert sorted(calls) == ["cy", "en-gb"]


def test_signing_up_in_welsh_sends_the_confirmation_in_welsh(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    client.post(
        "/accounts/signup/",
        {
            "email": "newydd@example.org",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
    )
    [message] = mail.outbox
    assert message.subject == "[Hyb LocalGov] Cadarnhewch eich cyfeiriad e-bost"
    assert "Helo gan Hyb LocalGov!" in message.body
    assert "I gadarnhau bod hyn yn gywir, ewch i" in message.body


def test_password_reset_email_follows_the_members_setting_not_the_page(client):
    member = _welsh(UserFactory())
    response = client.post("/accounts/password/reset/", {"email": member.email})  # English page
    assert response.status_code == 302, response.content.decode()[-3000:]
    [message] = mail.outbox
    assert message.subject == "[Hyb LocalGov] E-bost ailosod cyfrinair"


def test_password_reset_accepts_an_existing_account_in_english_too(client):
    member = UserFactory()
    response = client.post("/accounts/password/reset/", {"email": member.email.upper()})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[LocalGov Hub] Password Reset Email"


def test_account_emails_are_in_the_members_language(django_capture_on_commit_callbacks):
    """The data-download link, the goodbye after deletion and a webhook's 'turned off' notice
    are written in the member's language, whatever the language of the job or page."""
    from accounts.lifecycle.deletion import account_delete
    from accounts.lifecycle.exports import export_build
    from accounts.models import DataExport
    from hub.webhooks.models import Webhook
    from hub.webhooks.services import webhook_disable

    member = _welsh(UserFactory())
    mail.outbox.clear()
    with translation.override("en-gb"):
        export_build(export_id=DataExport.objects.create(user=member).pk)
        hook = Webhook.objects.create(
            owner=member, url="https://example.org/hook", scope_type="group", scope_id=1
        )
        with django_capture_on_commit_callbacks(execute=True):
            webhook_disable(webhook=hook, reason="Deliveries failed for 24 hours")
        with django_capture_on_commit_callbacks(execute=True):
            account_delete(user=member, remove_content=False)
    subjects = [m.subject for m in mail.outbox]
    with translation.override("cy"):
        expected = [
            gettext("[LocalGov Hub] Your data is ready to download"),
            gettext("[LocalGov Hub] Your webhook was turned off"),
            gettext("[LocalGov Hub] Your account has been deleted"),
        ]
    assert subjects == expected
    assert all("[Hyb LocalGov]" in s for s in subjects)
