"""A thread worth keeping becomes a blog post draft or a comment on a standard, with links back."""

import pytest
from django.test import Client
from django.urls import reverse

from hub.blog.models import Post
from hub.discussions import services
from hub.standards.models import CommentThread
from tests.discussions.factories import ChannelFactory, MembershipFactory
from tests.factories import UserFactory
from tests.standards.factories import StandardFactory, publish

pytestmark = pytest.mark.django_db


def _thread(channel, people):
    services.message_post(channel=channel, author=people[0], body="How do you publish bin days?")
    services.message_post(
        channel=channel, author=people[1], body="As **ISO dates**.", parent_sequence=1
    )
    services.message_post(channel=channel, author=people[0], body="Thanks!", parent_sequence=1)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_thread_becomes_a_blog_draft_with_links_back():
    people = UserFactory.create_batch(2)
    channel = ChannelFactory(slug="bins-and-waste")
    _thread(channel, people)
    response = _client(people[1]).post(
        reverse("discussions:keep", args=[channel.slug, 2]),
        {"target": "blog", "title": "How councils publish bin days"},
    )
    post = Post.objects.get()
    assert post.status == "draft" and post.author == people[1]
    assert response.status_code == 302 and post.slug in response["Location"]
    assert [label for label, _ in post.source_links] == [
        "Message 1 in #bins-and-waste", "Message 2 in #bins-and-waste", "Message 3 in #bins-and-waste",
    ]  # fmt: skip
    assert post.source_links[1][1].endswith("/channels/bins-and-waste/?around=2#m2")
    assert "> As **ISO dates**." in post.body


def test_thread_becomes_a_comment_on_a_standard():
    people = UserFactory.create_batch(2)
    standard = StandardFactory()
    for person in people:
        MembershipFactory(group=standard.group, user=person, role="editor")
    version = publish(standard, people[0])
    channel = ChannelFactory()
    _thread(channel, people)
    client = _client(people[0])
    url = reverse("discussions:keep", args=[channel.slug, 1])
    address = f"/standards/{standard.slug}/v/{version.number}/#collection-days"
    response = client.post(url, {"target": "standard", "standard_url": address})
    thread = CommentThread.objects.get()
    assert response.status_code == 302
    assert thread.anchor == "collection-days" and thread.author == people[0]
    assert len(thread.source_links) == 3 and "As **ISO dates**." in thread.body

    wrong = client.post(url, {"target": "standard", "standard_url": "/standards/nope/v/1.0/#x"})
    assert "a section of a standard you can see" in wrong.content.decode()
    no_anchor = client.post(
        url,
        {
            "target": "standard",
            "standard_url": f"/standards/{standard.slug}/v/{version.number}/#not-there",
        },
    )
    assert no_anchor.status_code == 200 and "not-there" in no_anchor.content.decode()
    assert CommentThread.objects.count() == 1


def test_keep_form_explains_what_is_missing(roles):
    services.message_post(channel=roles["public"], author=roles["author"], body="hi")
    response = _client(roles["author"]).post(
        reverse("discussions:keep", args=[roles["public"].slug, 1]), {"target": "blog", "title": ""}
    )
    assert "Enter a title for the blog post" in response.content.decode()
    assert not Post.objects.exists()
