"""factory_boy factories for blog models."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from hub.blog.models import Comment, Post, SyndicatedFeed
from tests.factories import UserFactory


class PostFactory(DjangoModelFactory):
    """A published post (published a minute ago) by a new member."""

    class Meta:
        model = Post

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How we rebuilt bin day pages, part {n}")
    slug = factory.Sequence(lambda n: f"bin-day-pages-{n}")
    summary = "What we learned rebuilding bin collection pages."
    body = "We **tested** with residents.\n\n- one\n- two\n"
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(minutes=1))


class DraftFactory(PostFactory):
    status = Post.Status.DRAFT
    published_at = None


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Thanks, comment {n}")
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)
    parent = None


class SyndicatedFeedFactory(DjangoModelFactory):
    class Meta:
        model = SyndicatedFeed

    owner = factory.SubFactory(UserFactory)
    url = factory.Sequence(lambda n: f"https://blog{n}.example.org/feed")
