"""What blog content contributes to search: public content only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search.registry import PUBLIC, documents_for
from tests.blog.factories import CommentFactory, DraftFactory, PostFactory
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_published_post_document_has_access_councils_tags_and_author():
    council = CouncilFactory(name="Adur", slug="adur")
    author = UserFactory(profile__display_name="Sam Jones", profile__handle="sam")
    post = PostFactory(author=author, title="Bin days", body="We **tested** it")
    post.councils.add(council)
    post.tags.add("bins")
    [doc] = documents_for(post)
    assert doc.doc_type == "post" and doc.doc_id == f"post:{post.pk}"
    assert doc.access == [PUBLIC]
    assert doc.council_slugs == ["adur"] and doc.tags == ["bins"]
    assert doc.author_handle == "sam" and "tested" in doc.body and "**" not in doc.body
    assert doc.url == post.get_absolute_url()


@pytest.mark.parametrize(
    "make",
    [
        lambda: DraftFactory(),
        lambda: PostFactory(is_hidden=True),
        lambda: PostFactory(published_at=timezone.now() + timedelta(hours=1)),
    ],
    ids=["draft", "hidden", "scheduled"],
)
def test_non_public_posts_and_their_comments_have_no_documents(make):
    post = make()
    comment = CommentFactory(post=post)
    assert documents_for(post) == []
    assert documents_for(comment) == []


def test_comment_documents_and_hidden_or_deleted_comments():
    comment = CommentFactory(body="Great *idea*")
    [doc] = documents_for(comment)
    assert doc.doc_type == "comment" and doc.access == [PUBLIC]
    assert doc.url.endswith(f"#comment-{comment.pk}") and doc.body == "Great idea"
    assert documents_for(CommentFactory(is_hidden=True)) == []
    assert documents_for(CommentFactory(is_deleted=True)) == []
