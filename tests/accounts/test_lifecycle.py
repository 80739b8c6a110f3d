"""Account lifecycle (issue 14, part 6): download your data, delete your account.

On real services: PostgreSQL, the Redis cache, Elasticsearch for search.
"""

import json
import os
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.lifecycle.exports import export_build, exports_expire, exports_root
from accounts.models import AccountAuditEntry, DataExport, User
from hub.api.models import PersonalAccessToken
from hub.api.services import token_create
from hub.blog import services as blog
from hub.blog.models import Comment, Post
from hub.discussions import services as chat
from hub.discussions.models import Message
from hub.follows.models import Follow
from hub.follows.services import follow_set
from hub.notifications.services import email_preference_set
from hub.standards.services import thread_open
from hub.webhooks.models import Webhook
from search.api import search
from search.backends import get_backend
from search.indexing import drain
from tests.blog.factories import PostFactory
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def elasticsearch(settings):
    """Search on the real Elasticsearch, in an index prefix of this test's own."""
    settings.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
    assert settings.ELASTICSEARCH_URL, "CI runs these on Elasticsearch"
    settings.SEARCH_INDEX_PREFIX = f"hubtest-life-{uuid.uuid4().hex[:8]}"
    settings.SEARCH_INLINE = False
    backend = get_backend()
    backend.clear()

    def sync():
        stats = drain(backend, include_waiting=True)
        assert not stats.failed, stats.errors
        backend.refresh()

    yield sync
    backend.drop()


def _writer(django_capture_on_commit_callbacks):
    """A member who has written a post, a comment, a channel message, and chosen settings."""
    writer = UserFactory(profile__display_name="Jo Writer", profile__handle="jo-writer")
    other_post = PostFactory(title="Street lighting faults")
    with django_capture_on_commit_callbacks(execute=True):
        post = blog.post_create(
            author=writer,
            title="Gritting routes we mapped",
            body="Our gritting routes map.",
            status=Post.Status.PUBLISHED,
        )
        comment = blog.comment_create(post=other_post, author=writer, body="Salt barns too")
        message = chat.message_post(
            channel=ChannelFactory(), author=writer, body="Winter maintenance rota"
        )
    follow_set(user=writer, target_type="person", target_id=other_post.author.pk, following=True)
    email_preference_set(user=writer, kind="blog.comment_posted", frequency="daily")
    token_create(user=writer, name="Council website", scopes=["blog:read"], expires_in_days=30)
    return writer, post, comment, message


def test_download_my_data_is_built_by_a_job_and_delivered_by_an_expiring_link(
    client, django_capture_on_commit_callbacks
):
    writer, post, _comment, _message = _writer(django_capture_on_commit_callbacks)
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=writer)
    assert export.state == DataExport.State.READY
    assert export.parts_done == export.parts_total >= 10

    page = client.get(reverse("accounts:data_export")).content.decode()
    assert "Your file is ready" in page
    [email] = [m for m in mail.outbox if m.to == [writer.email]]
    link = next(line for line in email.body.splitlines() if "/account/data/" in line).strip()
    path = link.removeprefix("http://testserver").split("://", 1)[-1]
    path = path[path.index("/account/data/") :]
    assert path in page

    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(b"".join(response.streaming_content))
    assert data["accounts"]["account"]["email"] == writer.email
    assert data["accounts"]["profile"]["handle"] == "jo-writer"
    assert [p["title"] for p in data["blog"]["posts"]] == [post.title]
    assert data["blog"]["comments"][0]["body"] == "Salt barns too"
    assert data["discussions"]["messages"][0]["body"] == "Winter maintenance rota"
    assert data["follows"]["following"][0]["target_type"] == "person"
    assert data["notifications"]["email_choices"] == [
        {"kind": "blog.comment_posted", "frequency": "daily"}
    ]
    assert data["api"]["api_tokens"][0]["name"] == "Council website"
    assert "token_hash" not in json.dumps(data)
    assert AccountAuditEntry.objects.filter(
        user_ref=writer.pk, action=AccountAuditEntry.Action.EXPORT_DOWNLOADED
    ).exists()

    # The link is its owner's only, and stops working when it expires.
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    client.force_login(writer)
    assert client.get(path.replace("/account/data/", "/account/data/x")).status_code == 404
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 404
    assert exports_expire() == 1
    assert not (exports_root() / export.file_name).exists()
    assert DataExport.objects.get(pk=export.pk).state == DataExport.State.EXPIRED


def test_the_page_shows_progress_while_the_file_is_prepared(client, member):
    DataExport.objects.create(
        user=member, state=DataExport.State.RUNNING, parts_done=3, parts_total=12
    )
    client.force_login(member)
    page = client.get(reverse("accounts:data_export")).content.decode()
    assert "3 of 12 parts done" in page
    assert 'http-equiv="refresh"' in page
    assert "Prepare a new download" not in page


def test_a_build_is_idempotent_and_signed_out_people_are_sent_to_sign_in(client, member):
    export = DataExport.objects.create(user=member)
    export_build(export_id=export.pk)
    first = DataExport.objects.get(pk=export.pk)
    export_build(export_id=export.pk)  # a retry after success changes nothing
    assert DataExport.objects.get(pk=export.pk).file_name == first.file_name
    assert client.get(reverse("accounts:data_export")).status_code == 302


def test_deleting_but_keeping_content_shows_it_as_by_a_former_member(
    client, django_capture_on_commit_callbacks, elasticsearch
):
    writer, post, comment, message = _writer(django_capture_on_commit_callbacks)
    other_session = client.__class__()
    other_session.force_login(writer)
    Webhook.objects.create(owner=writer, url="https://example.org/hook", scope_type="council",
                           scope_id=1, scope_name="x")  # fmt: skip
    elasticsearch()
    reader = UserFactory()
    assert search(query="gritting routes", user=reader).hits[0].author_name == "Jo Writer"
    address = writer.email

    client.force_login(writer)
    form = {"content": "keep", "confirm_email": address.upper()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), form)
    assert response.status_code == 302
    elasticsearch()

    writer.refresh_from_db()
    assert not writer.is_active and writer.email != address and not writer.has_usable_password()
    assert writer.profile.is_former and writer.profile.display_name == ""
    assert str(writer) == "a former member"
    # What they wrote stays, under "a former member", in pages, feeds and search.
    post.refresh_from_db()
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200 and "a former member" in page.content.decode()
    assert "Jo Writer" not in page.content.decode()
    feed = client.get(reverse("blog:feed")).content.decode()
    assert "Jo Writer" not in feed and "Gritting routes we mapped" in feed
    [hit] = search(query="gritting routes", user=reader).hits
    assert hit.author_name == "a former member"
    assert not search(query="Jo Writer", user=reader).hits
    assert Comment.objects.get(pk=comment.pk).body == "Salt barns too"
    assert Message.objects.get(pk=message.pk).body == "Winter maintenance rota"
    # Their profile is gone; settings, tokens, webhooks and follows with it.
    assert client.get("/people/jo-writer/").status_code == 404
    assert not PersonalAccessToken.objects.filter(user=writer).exists()
    assert not Webhook.objects.filter(owner=writer).exists()
    assert not Follow.objects.filter(user=writer).exists()
    # Signed out everywhere: this browser and the other one.
    assert client.get(reverse("accounts:settings")).status_code == 302
    assert other_session.get(reverse("accounts:settings")).status_code == 302
    # Told by email, and audited without personal data.
    assert [m for m in mail.outbox if m.to == [address] and "deleted" in m.subject]
    entry = AccountAuditEntry.objects.get(user_ref=writer.pk, action="deleted")
    assert entry.detail["remove_content"] is False and address not in json.dumps(entry.detail)
    assert not User.objects.filter(email=address).exists()


def test_deleting_and_removing_content_takes_it_out_of_pages_and_search(
    client, django_capture_on_commit_callbacks, elasticsearch
):
    writer, post, comment, message = _writer(django_capture_on_commit_callbacks)
    group = WorkingGroupFactory(visibility="public")
    editor = UserFactory()
    MembershipFactory(group=group, user=editor, role="editor")
    MembershipFactory(group=group, user=writer, role="member")
    standard = StandardFactory(group=group)
    version = publish(standard, editor)
    thread = thread_open(
        version=version,
        anchor="collection-days",
        author=writer,
        body="Add allotment composting schedules",
    )
    elasticsearch()
    reader = UserFactory()
    assert search(query="gritting routes", user=reader).hits
    assert search(query="allotment composting", user=reader).hits

    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:delete"), {"content": "remove", "confirm_email": writer.email}
        )
    elasticsearch()

    assert not Post.objects.filter(pk=post.pk).exists()
    assert client.get(post.get_absolute_url()).status_code == 404
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    message.refresh_from_db()
    assert message.is_deleted and message.body == ""
    thread.refresh_from_db()
    assert "allotment" not in thread.body
    assert not search(query="gritting routes", user=reader).hits
    assert not search(query="winter maintenance rota", user=reader).hits
    assert not search(query="allotment composting", user=reader).hits
    assert AccountAuditEntry.objects.get(user_ref=writer.pk).detail["counts"]["blog"]["posts"] == 1


def test_deletion_needs_the_right_email_address_and_changes_nothing_otherwise(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:delete"), {"content": "keep", "confirm_email": "someone@else.org"}
    )
    assert response.status_code == 200
    assert "not your account" in response.content.decode()
    member.refresh_from_db()
    assert member.is_active
    response = client.post(reverse("accounts:delete"), {"confirm_email": member.email})
    assert "Choose what should happen" in response.content.decode()
    assert User.objects.get(pk=member.pk).is_active
