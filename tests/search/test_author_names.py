"""Search documents and hits name members without their email address (issue 10, finding 1)."""

import dataclasses

import pytest
from django.core.management import call_command

from hub.discussions import services as chat_services
from search.api import search
from search.registry import documents_for, source_key
from tests.blog.factories import PostFactory
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handle_only(db):
    return UserFactory(email="handle.only@example.org", profile__display_name="")


@pytest.fixture
def nameless(db):
    return UserFactory(email="no.name@example.org", profile__display_name="", profile__handle=None)


def test_search_hits_never_carry_another_members_email(
    search_backend, reindex, member, handle_only, nameless
):
    channel = ChannelFactory()
    for author in (handle_only, nameless):
        chat_services.message_post(channel=channel, author=author, body="gully emptying rota")
    post = PostFactory(author=handle_only, title="Gully emptying", body="Our gully emptying rota.")
    reindex(post)  # factories skip the services that queue indexing
    page = search(query="gully emptying", user=member, with_facets=False)
    assert len(page.hits) == 3, [(h.doc_id, h.title, h.author_name) for h in page.hits]
    assert {hit.author_name for hit in page.hits} == {handle_only.profile.handle, "a member"}
    assert "example.org" not in str([dataclasses.asdict(hit) for hit in page.hits])


def test_search_check_repair_rewrites_documents_indexed_with_an_email(
    search_backend, reindex, member, nameless
):
    """Documents indexed before the fix named members by email; the repair path rewrites them."""
    channel = ChannelFactory()
    message = chat_services.message_post(channel=channel, author=nameless, body="salt bins")
    reindex()
    [document] = documents_for(message)
    search_backend.replace(
        [source_key(message)], [dataclasses.replace(document, author_name=nameless.email)]
    )
    search_backend.refresh()
    assert search(query="salt bins", user=member).hits[0].author_name == nameless.email
    with pytest.raises(SystemExit):  # drift found: exit status 1 until repaired
        call_command("search_check")
    call_command("search_check", "--repair")
    search_backend.refresh()
    assert search(query="salt bins", user=member).hits[0].author_name == "a member"


def test_renaming_a_member_reindexes_what_they_wrote(
    search_backend, reindex, member, nameless, client
):
    """Found by bench/soak.py: a profile save that changed the name left stale documents."""
    channel = ChannelFactory()
    chat_services.message_post(channel=channel, author=nameless, body="grit bins")
    post = PostFactory(author=nameless, title="Grit bins", body="Where the grit bins are.")
    reindex(post)
    assert {h.author_name for h in search(query="grit bins", user=member).hits} == {"a member"}
    client.force_login(nameless)
    saved = client.post(
        "/profile/edit/", {"display_name": "Gritty Gabriel", "handle": "gritty", "bio": ""}
    )
    assert saved.status_code == 302
    reindex()
    hits = search(query="grit bins", user=member).hits
    assert len(hits) == 2 and {h.author_name for h in hits} == {"Gritty Gabriel"}
    assert {h.author_handle for h in hits} == {"gritty"}
