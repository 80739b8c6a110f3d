"""Chat messages in search: found by exactly the people who can read their channel."""

import pytest

from hub.discussions import services
from search.api import search
from search.backends import get_backend
from search.indexing import drain
from search.registry import MEMBERS, documents_for, viewer_access_keys

pytestmark = pytest.mark.django_db


def _post(channel, author, body):
    return services.message_post(channel=channel, author=author, body=body)


def test_documents_carry_the_channel_access_key_and_permalink(roles):
    public = _post(roles["public"], roles["author"], "Our **bin day** finder")
    group = _post(roles["group_channel"], roles["author"], "group secret")
    private = _post(roles["private"], roles["author"], "private secret")
    [doc] = documents_for(public)
    assert doc.doc_type == "message" and doc.access == [MEMBERS]
    assert doc.url == f"/channels/{roles['public'].slug}/?around=1#m1"
    assert doc.body == "Our bin day finder" and doc.author_handle == roles["author"].profile.handle
    assert documents_for(group)[0].access == [f"group:{roles['group_channel'].group_id}"]
    assert documents_for(private)[0].access == [f"channel:{roles['private'].pk}"]


def test_deleted_messages_leave_search(roles):
    message = _post(roles["public"], roles["author"], "oops")
    services.message_delete(channel=roles["public"], sequence=1, user=roles["author"])
    message.refresh_from_db()
    assert documents_for(message) == []


@pytest.mark.parametrize(
    ("channel_key", "can", "cannot"),
    [
        ("group_channel", ["author", "group_member"], ["outsider", "pending", "invitee"]),
        ("private", ["author", "invitee"], ["outsider", "group_member"]),
        ("public", ["author", "outsider"], []),
    ],
)
def test_viewer_keys_match_channel_visibility(roles, channel_key, can, cannot):
    [doc] = documents_for(_post(roles[channel_key], roles["author"], "hello"))
    for role in can:
        assert set(doc.access) & viewer_access_keys(roles[role]), role
    for role in cannot:
        assert not set(doc.access) & viewer_access_keys(roles[role]), role
    assert not set(doc.access) & viewer_access_keys(None)


def test_search_finds_private_messages_only_for_invitees(roles):
    _post(roles["private"], roles["author"], "zanzibar procurement framework")
    drain(get_backend())
    backend = get_backend()
    if hasattr(backend, "refresh"):
        backend.refresh()
    found = search(query="zanzibar", user=roles["invitee"], with_facets=False)
    assert [hit.url for hit in found.hits][:1] == [
        f"/channels/{roles['private'].slug}/?around=1#m1"
    ]
    assert search(query="zanzibar", user=roles["outsider"], with_facets=False).hits == []
