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


def test_welsh_words_english_analysis_would_drop_are_found(posts, search_backend):
    """Database backends match Welsh documents with the "simple" configuration: "am" (for,
    about) is an English stop word, so an English analysis of the Welsh post loses it."""
    welsh, _english = posts
    welsh.body += " Rydym am glywed gennych."
    welsh.save(update_fields=["body"])
    from search.registry import documents_for

    search_backend.replace([f"blog.post:{welsh.pk}"], documents_for(welsh))
    search_backend.refresh()
    if search_backend.name == "database":
        assert _titles("am glywed") == ["Casgliadau biniau yng Nghaerdydd"]
    else:  # Elasticsearch's Welsh analyser has its own Welsh stop words
        assert _titles("glywed") == ["Casgliadau biniau yng Nghaerdydd"]


def test_welsh_documents_are_indexed_without_english_stemming(settings, welsh_author):
    """PostgreSQL builds a Welsh entry's vector with "simple", an English one's with "english";
    SQLite keeps Welsh entries in its unstemmed FTS table (tests/search/test_welsh_sqlite.py
    searches it end to end)."""
    from django.db import connection

    from search.backends.database import DatabaseBackend
    from search.models import SearchEntry
    from search.registry import documents_for

    settings.ELASTICSEARCH_URL = ""
    welsh = blog.post_create(
        author=welsh_author,
        title="Casgliadau biniau",
        body="Mae ein gwasanaeth yn casglu biniau.",
        status=Post.Status.PUBLISHED,
    )
    english = blog.post_create(
        author=welsh_author,
        title="Bin collections",
        body="Our service collects bins.",
        status=Post.Status.PUBLISHED,
        language="en",
    )
    backend = DatabaseBackend()
    backend.replace(
        [f"blog.post:{welsh.pk}", f"blog.post:{english.pk}"],
        documents_for(welsh) + documents_for(english),
    )
    ids = dict(SearchEntry.objects.values_list("language", "pk"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT language, search_vector::text FROM search_searchentry WHERE id IN (%s, %s)",
                [ids["cy"], ids["en"]],
            )
            vectors = dict(cursor.fetchall())
            assert "'casgliadau'" in vectors["cy"] and "'gwasanaeth'" in vectors["cy"]
            assert "'mae'" in vectors["cy"]  # every word kept: no English stop words
            assert "'collect'" in vectors["en"]  # English stems: "collections" -> "collect"
        else:
            cursor.execute("SELECT rowid FROM search_fts_simple")
            assert [r for (r,) in cursor.fetchall()] == [ids["cy"]]


def test_results_are_labelled_in_the_readers_language(posts, reindex, welsh_author, client):
    """Type labels, a comment's title and the words around its post's title are the reader's
    language at render time: the index stores only the post's title."""
    welsh, _english = posts
    comment = blog.comment_create(
        post=welsh, author=welsh_author, body="Diolch am rannu hyn.", rate_limited=False
    )
    reindex(comment)

    client.cookies["hub_language"] = "cy"
    cy = client.get("/search/", {"q": "rannu"}).content.decode()
    client.cookies["hub_language"] = "en"
    en = client.get("/search/", {"q": "rannu"}).content.decode()

    assert "Sylwadau" in cy and "ar “Casgliadau biniau yng Nghaerdydd”" in cy
    assert ">Comments<" not in cy and "on “" not in cy
    assert "Comments" in en and "on “Casgliadau biniau yng Nghaerdydd”" in en
    hit = api.search(query="rannu", user=AnonymousUser()).hits[0]
    assert hit.context == "on “Casgliadau biniau yng Nghaerdydd”"  # English is active here


def test_done_when_a_welsh_member_writes_a_post_that_a_welsh_search_finds(
    search_backend, reindex, welsh_author, client
):
    """Issue 18's "Done when", on each backend: in Cymraeg, a member writes a post in Welsh
    with the editor, and a Welsh search (on the Welsh search page) finds it."""
    client.force_login(welsh_author)
    editor = client.get("/blog/write/").content.decode()
    assert '<html lang="cy"' in editor
    response = client.post(
        "/blog/write/",
        {
            "title": "Ailgylchu gwastraff bwyd",
            "body": "Rydym yn casglu gwastraff bwyd bob wythnos ym mhob pentref.",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(title="Ailgylchu gwastraff bwyd")
    assert post.language == "cy"  # the author's language, nothing chosen
    reindex(post)

    page = client.get("/search/", {"q": "gwastraff pentref"}).content.decode()
    assert '<html lang="cy"' in page
    assert "Ailgylchu gwastraff bwyd" in page
    assert "Postiadau blog" in page and "Blog posts" not in page
