"""Welsh content in search, on every backend (issue 18): a Welsh query finds a Welsh post,
whatever initial mutation either of them uses."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hub.blog import services as blog
from hub.blog.models import Post
from search import api
from search.welsh import mutated_forms, mutation_groups
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh_author(db):
    author = UserFactory(profile__display_name="Siân Awdur", profile__handle="sian")
    author.language = "cy"
    author.save(update_fields=["language"])
    return author


def _titles(query: str) -> list[str]:
    return [hit.title for hit in api.search(query=query, user=AnonymousUser()).hits]


@pytest.fixture
def posts(search_backend, reindex, welsh_author):
    welsh = blog.post_create(
        author=welsh_author,
        title="Casgliadau biniau yng Nghaerdydd",
        body="Mae ein gwasanaeth yn casglu biniau bob wythnos. Cysylltwch â'ch cyngor lleol.",
        status=Post.Status.PUBLISHED,
    )
    english = blog.post_create(
        author=welsh_author,
        title="Bin collections in Cardiff",
        body="Our service collects bins every week.",
        status=Post.Status.PUBLISHED,
        language="en",
    )
    reindex(welsh, english)
    return welsh, english


def test_a_post_takes_its_authors_language(posts):
    welsh, english = posts
    assert welsh.language == "cy"  # the author's setting, nothing chosen in the form
    assert english.language == "en"


def test_a_welsh_query_finds_the_welsh_post(posts):
    assert _titles("casgliadau biniau") == ["Casgliadau biniau yng Nghaerdydd"]
    assert _titles("gwasanaeth") == ["Casgliadau biniau yng Nghaerdydd"]


def test_any_mutated_form_finds_any_other(posts):
    # The post says "Nghaerdydd" (nasal) and "cyngor" (radical).
    assert _titles("Caerdydd") == ["Casgliadau biniau yng Nghaerdydd"]
    assert _titles("Gaerdydd") == ["Casgliadau biniau yng Nghaerdydd"]
    assert _titles("nghyngor") == ["Casgliadau biniau yng Nghaerdydd"]
    assert _titles("chyngor") == ["Casgliadau biniau yng Nghaerdydd"]


def test_english_queries_are_unchanged(posts):
    assert _titles("bin collections") == ["Bin collections in Cardiff"]


def test_mutated_forms():
    assert mutated_forms("cyngor") == ["cyngor", "gyngor", "nghyngor", "chyngor"]
    assert mutated_forms("gwasanaeth") == ["gwasanaeth", "wasanaeth", "ngwasanaeth"]
    assert mutated_forms("llyfrgell") == ["llyfrgell", "lyfrgell"]
    assert mutated_forms("ysgol") == ["ysgol", "hysgol"]
    # English look-alikes stay out of the lexicon, so English queries never expand into Welsh.
    assert not any({"plant", "data", "bin", "thai"} & set(group) for group in mutation_groups())
