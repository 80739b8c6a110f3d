"""Reply by email (issue 14, part 4): signed, expiring reply addresses on notification emails;
replies from Gmail, Outlook, Apple Mail and Thunderbird posted as the member through the same
services, by the Maildir command and the provider webhook; automatic mail ignored; refusals
explained by email; forgeries dropped."""

import base64
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hub.blog import services as blog
from hub.blog.models import Comment
from hub.discussions import services as chat
from hub.discussions.models import Message
from hub.email_replies.addresses import reply_address
from hub.email_replies.models import InboundEmail
from hub.notifications.email_queue import instant_send_due
from hub.notifications.emails import build_message
from hub.notifications.models import Notification
from hub.standards.services import thread_open
from tests.blog.factories import PostFactory
from tests.discussions.factories import ChannelMemberFactory, PrivateChannelFactory
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "email"
SECRET = "inbound-test-secret"


def _emailed_reply_address(capture, recipient, make_event) -> tuple[str, Notification]:
    """Cause one event for ``recipient``, send their instant email, return its Reply-To."""
    mail.outbox.clear()
    with capture(execute=True):
        make_event()
    assert instant_send_due([recipient.pk], now=timezone.now() + timedelta(seconds=31)) == 1
    [message] = mail.outbox
    mail.outbox.clear()
    return message.extra_headers["Reply-To"], Notification.objects.filter(
        recipient=recipient
    ).latest("pk")


def _fixture(name: str, *, to: str, sender: str) -> bytes:
    text = (FIXTURES / f"{name}.eml").read_bytes()
    for key, value in (("REPLY_ADDRESS", to), ("SENDER", sender)):
        text = text.replace(b"{{" + key.encode() + b"}}", value.encode())
    return text.replace(b"{{MESSAGE_ID}}", uuid.uuid4().hex.encode())


@pytest.fixture
def commented(django_capture_on_commit_callbacks):
    """Jo's post; Sam comments; Jo's email about it carries a reply address."""
    jo = UserFactory(email="jo@testshire.gov.uk", profile__handle="jo-writer")
    sam = UserFactory(profile__display_name="Sam Patel")
    post = PostFactory(author=jo, title="Gritting routes we mapped")
    holder = {}

    def comment():
        holder["comment"] = blog.comment_create(post=post, author=sam, body="Which supplier?")

    address, _ = _emailed_reply_address(django_capture_on_commit_callbacks, jo, comment)
    return {"jo": jo, "sam": sam, "post": post, "comment": holder["comment"], "to": address}


def _maildir(tmp_path: Path, *messages: bytes) -> Path:
    for sub in ("new", "cur", "tmp"):
        (tmp_path / sub).mkdir(exist_ok=True)
    for n, raw in enumerate(messages):
        (tmp_path / "new" / f"1764835200.M{n}P1.hub").write_bytes(raw)
    return tmp_path


def test_an_email_about_one_comment_has_a_signed_reply_address_and_says_so(commented):
    assert re.fullmatch(r"reply\+[0-9a-z-]+@reply\.hub\.test", commented["to"])
    assert len(commented["to"].partition("@")[0]) <= 64
    note = Notification.objects.filter(recipient=commented["jo"]).latest("pk")
    message = build_message(user=commented["jo"], frequency="instant", notifications=[note])
    assert message.extra_headers["Reply-To"].startswith("reply+")
    assert "Reply to this email to answer" in message.body
    assert "Reply to this email to answer" in message.alternatives[0][0]


def test_a_batch_of_several_items_has_no_reply_address(django_capture_on_commit_callbacks):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        blog.comment_create(post=post, author=UserFactory(), body="one")
        blog.comment_create(post=post, author=UserFactory(), body="two")
    instant_send_due([post.author_id], now=timezone.now() + timedelta(seconds=31))
    [message] = mail.outbox
    assert "Reply-To" not in message.extra_headers
    assert "Reply to this email" not in message.body


def test_the_notify_backend_gets_no_reply_address(commented, settings):
    settings.EMAIL_BACKEND = "hub.core.email_backends.GovukNotifyBackend"
    note = Notification.objects.filter(recipient=commented["jo"]).latest("pk")
    message = build_message(user=commented["jo"], frequency="instant", notifications=[note])
    assert "Reply-To" not in message.extra_headers


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        (
            "gmail",
            "Thanks Sam \u2013 we used the same gritting supplier, happy to share the contract.",
        ),
        ("outlook", "Agreed - we should publish the route data as open data too."),
        ("apple_mail", "Good point, I will bring it to the next meetup."),
        ("thunderbird", "Yes please, send it over."),
    ],
)
def test_replies_from_common_clients_are_posted_from_the_maildir(
    commented, tmp_path, client_name, expected, django_capture_on_commit_callbacks
):
    jo, sam = commented["jo"], commented["sam"]
    raw = _fixture(client_name, to=commented["to"], sender=jo.email)
    maildir = _maildir(tmp_path, raw)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("receive_email", "--maildir", str(maildir))
    reply = Comment.objects.get(author=jo)
    assert reply.parent_id == commented["comment"].pk and reply.post_id == commented["post"].pk
    assert reply.body.startswith(expected)
    for quoted in ("wrote:", "Hello Jo", "From:", "Sent from my iPhone", "Testshire Council"):
        assert quoted not in reply.body
    # Read once: filed in cur/ as seen, and the reply told Sam like a reply on the page does.
    assert not list((maildir / "new").iterdir())
    assert [p.name.endswith(":2,S") for p in (maildir / "cur").iterdir()] == [True]
    assert Notification.objects.filter(recipient=sam, kind="blog.reply_posted").exists()
    call_command("receive_email", "--maildir", str(maildir))
    assert Comment.objects.filter(author=jo).count() == 1


def test_the_provider_webhook_posts_a_raw_mime_reply_once(commented, client, settings):
    settings.INBOUND_EMAIL_SECRET = SECRET
    raw = _fixture("gmail", to=commented["to"], sender=commented["jo"].email)
    url = reverse("email_replies:inbound")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {SECRET}"}
    response = client.post(url, raw, content_type="message/rfc822", **auth)
    assert response.status_code == 200 and response.json()["outcome"] == "posted"
    again = client.post(url, raw, content_type="message/rfc822", **auth)
    assert again.json()["outcome"] == "duplicate"
    assert Comment.objects.filter(author=commented["jo"]).count() == 1


def test_the_provider_webhook_takes_sendgrid_style_forms_with_basic_auth(
    commented, client, settings
):
    settings.INBOUND_EMAIL_SECRET = SECRET
    raw = _fixture("outlook", to="someone@else.example", sender=commented["jo"].email)
    basic = base64.b64encode(f"inbound:{SECRET}".encode()).decode()
    response = client.post(
        reverse("email_replies:inbound"),
        {"email": raw.decode(), "envelope": f'{{"to": ["{commented["to"]}"]}}'},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.json()["outcome"] == "posted"
    assert Comment.objects.get(author=commented["jo"]).body.startswith("Agreed")


def test_the_provider_webhook_refuses_strangers_and_garbage(client, settings):
    url = reverse("email_replies:inbound")
    settings.INBOUND_EMAIL_SECRET = ""
    assert client.post(url, b"x", content_type="message/rfc822").status_code == 404
    settings.INBOUND_EMAIL_SECRET = SECRET
    assert client.post(url, b"x", content_type="message/rfc822").status_code == 401
    wrong = {"HTTP_AUTHORIZATION": "Bearer not-the-secret"}
    assert client.post(url, b"x", content_type="message/rfc822", **wrong).status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Bearer {SECRET}"}
    assert client.post(url, b"", content_type="message/rfc822", **auth).status_code == 400
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("name", ["outlook_out_of_office", "bounce"])
def test_automatic_replies_and_bounces_are_ignored(commented, tmp_path, name):
    raw = _fixture(name, to=commented["to"], sender=commented["jo"].email)
    call_command("receive_email", "--maildir", str(_maildir(tmp_path, raw)))
    assert not Comment.objects.filter(author=commented["jo"]).exists()
    assert mail.outbox == []  # no answer to a machine: no mail loops
    assert InboundEmail.objects.get().outcome == "ignored"


def _receive(raw: bytes, tmp_path: Path) -> InboundEmail:
    call_command("receive_email", "--maildir", str(_maildir(tmp_path, raw)))
    return InboundEmail.objects.latest("pk")


def test_an_expired_address_is_refused_with_an_email_that_says_why(commented, tmp_path):
    jo = commented["jo"]
    note = Notification.objects.filter(recipient=jo).latest("pk")
    old = reply_address(
        user_id=jo.pk, notification_id=note.pk, now=timezone.now().timestamp() - 31 * 86400
    )
    record = _receive(_fixture("thunderbird", to=old, sender=jo.email), tmp_path)
    assert record.outcome == "refused"
    assert not Comment.objects.filter(author=jo).exists()
    [bounce] = mail.outbox
    assert bounce.to == [jo.email] and "not posted" in bounce.subject
    assert "expired" in bounce.body and "Yes please, send it over." in bounce.body
    assert bounce.extra_headers["Auto-Submitted"] == "auto-replied"


def test_an_empty_reply_is_refused_with_an_email(commented, tmp_path):
    raw = _fixture("thunderbird", to=commented["to"], sender=commented["jo"].email)
    raw = raw.replace(
        b"Yes please, send it over.\r\n\r\n-- \r\nJo Writer\r\nTestshire Council\r\n", b""
    )
    record = _receive(raw, tmp_path)
    assert record.outcome == "refused" and "empty" in mail.outbox[0].body
    assert not Comment.objects.filter(author=commented["jo"]).exists()


def test_a_reply_where_the_member_may_no_longer_post_is_refused(
    django_capture_on_commit_callbacks, tmp_path
):
    channel = PrivateChannelFactory()
    jo = UserFactory(profile__handle="jo-private")
    sam = UserFactory()
    for person in (jo, sam):
        ChannelMemberFactory(channel=channel, user=person)
    address, _ = _emailed_reply_address(
        django_capture_on_commit_callbacks,
        jo,
        lambda: chat.message_post(channel=channel, author=sam, body="@jo-private can you look?"),
    )
    chat.channel_member_remove(channel=channel, user=jo, removed_by=jo)
    record = _receive(_fixture("gmail", to=address, sender=jo.email), tmp_path)
    assert record.outcome == "refused"
    assert not Message.objects.filter(author=jo).exists()
    assert "no longer" in mail.outbox[0].body


def test_a_mention_is_answered_in_the_messages_thread(django_capture_on_commit_callbacks, tmp_path):
    channel = PrivateChannelFactory()
    jo, sam = UserFactory(profile__handle="jo-thread"), UserFactory()
    for person in (jo, sam):
        ChannelMemberFactory(channel=channel, user=person)
    holder = {}

    def mention():
        holder["m"] = chat.message_post(channel=channel, author=sam, body="@jo-thread thoughts?")

    address, _ = _emailed_reply_address(django_capture_on_commit_callbacks, jo, mention)
    assert _receive(_fixture("apple_mail", to=address, sender=jo.email), tmp_path).outcome == (
        "posted"
    )
    reply = Message.objects.get(author=jo)
    assert reply.parent_id == holder["m"].pk
    assert reply.body == "Good point, I will bring it to the next meetup."


def test_a_reply_in_a_standards_thread_by_email(django_capture_on_commit_callbacks, tmp_path):
    group = WorkingGroupFactory(visibility="public")
    jo, editor = UserFactory(), UserFactory()
    MembershipFactory(group=group, user=editor, role="editor")
    MembershipFactory(group=group, user=jo, role="member")
    version = publish(StandardFactory(group=group), editor)
    thread = thread_open(version=version, anchor="collection-days", author=jo, body="Add days")
    address, _ = _emailed_reply_address(
        django_capture_on_commit_callbacks,
        jo,
        lambda: chat_free_reply(thread, editor),
    )
    assert _receive(_fixture("outlook", to=address, sender=jo.email), tmp_path).outcome == (
        "posted"
    )
    assert thread.comments.get(author=jo).body.startswith("Agreed - we should publish")


def chat_free_reply(thread, editor):
    from hub.standards.services import thread_reply

    thread_reply(thread=thread, author=editor, body="Which days?")


def test_forged_addresses_and_other_senders_are_dropped_without_an_answer(commented, tmp_path):
    jo = commented["jo"]
    forged = re.sub(r"-[a-z2-7]{16}@", "-aaaaaaaaaaaaaaaa@", commented["to"])
    assert _receive(_fixture("gmail", to=forged, sender=jo.email), tmp_path).outcome == "dropped"
    stranger = _fixture("gmail", to=commented["to"], sender="mallory@example.net")
    assert _receive(stranger, tmp_path).outcome == "dropped"
    assert not Comment.objects.filter(author=jo).exists()
    assert mail.outbox == []


def test_replies_by_email_are_rate_limited(commented, tmp_path, settings):
    settings.REPLY_BY_EMAIL_RATE = "1/h"
    jo = commented["jo"]
    for _ in range(2):
        _receive(_fixture("thunderbird", to=commented["to"], sender=jo.email), tmp_path)
    assert Comment.objects.filter(author=jo).count() == 1
    assert InboundEmail.objects.latest("pk").outcome == "refused"
    assert "many times" in mail.outbox[0].body


def test_the_command_explains_itself(capsys):
    with pytest.raises(SystemExit):
        call_command("receive_email", "--help")
    assert "Maildir" in capsys.readouterr().out
