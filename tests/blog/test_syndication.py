"""Importing practitioners' own feeds, served by a real local HTTP server (no internet)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.blog import services
from hub.blog.models import Post
from hub.blog.syndication import FeedError, feed_sync, fetch_feed
from tests.blog.factories import SyndicatedFeedFactory
from tests.blog.feedserver import atom
from tests.blog.htmlcheck import executable_markup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENTRIES = [
    {
        "id": "tag:me,2025:1",
        "title": "Rebuilding our waste pages",
        "link": "https://me.example.org/2025/waste",
        "content": "&lt;p&gt;We &lt;b&gt;tested&lt;/b&gt; with residents.&lt;/p&gt;",
        "tags": ["waste"],
    },
    {
        "id": "tag:me,2025:2",
        "title": "Forms that work",
        "link": "https://me.example.org/2025/forms",
        "content": "&lt;p&gt;Short forms.&lt;/p&gt;",
    },
]


def _feed(feed_server, body, path="/feed.xml", **kwargs):
    url = feed_server.serve(path, body, **kwargs)
    return SyndicatedFeedFactory(url=url)


def test_entries_become_published_posts_linked_to_their_originals(feed_server):
    feed = _feed(feed_server, atom(ENTRIES))
    result = feed_sync(feed)
    assert result.created == 2
    post = Post.objects.get(source_entry_id="tag:me,2025:1")
    assert post.author == feed.owner and post.is_public
    assert post.canonical_url == "https://me.example.org/2025/waste"
    assert post.body_format == "html" and "<b>tested</b>" in post.rendered_body
    assert list(post.tags.names()) == ["waste"]
    feed.refresh_from_db()
    assert feed.title == "My council blog" and feed.last_error == "" and feed.last_success_at


def test_sync_is_idempotent_and_deduplicates_by_entry_id(feed_server):
    feed = _feed(feed_server, atom([*ENTRIES, ENTRIES[0]]))
    feed_sync(feed)
    result = feed_sync(feed)
    assert result.created == 0 and result.unchanged == 2
    assert Post.objects.count() == 2


def test_upstream_changes_update_unedited_posts_but_never_local_edits(feed_server):
    feed = _feed(feed_server, atom(ENTRIES))
    feed_sync(feed)
    edited = Post.objects.get(source_entry_id="tag:me,2025:1")
    services.post_update(post=edited, editor=feed.owner, title="My hub title", body="<p>Local</p>")
    changed = [dict(e, title=e["title"] + " (updated)") for e in ENTRIES]
    feed_server.serve("/feed.xml", atom(changed))
    result = feed_sync(feed)
    assert result.updated == 1 and result.kept_local_edits == 1
    edited.refresh_from_db()
    assert edited.title == "My hub title"
    assert Post.objects.get(source_entry_id="tag:me,2025:2").title == "Forms that work (updated)"


def test_hostile_html_in_entries_is_sanitised(feed_server):
    nasty = (
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
        "&lt;a href='javascript:alert(3)'&gt;x&lt;/a&gt;&lt;svg onload=alert(4)&gt;&lt;/svg&gt;"
        "&lt;iframe src='https://evil.example'&gt;&lt;/iframe&gt;&lt;p style='x' onclick='y'&gt;ok"
    )
    feed = _feed(
        feed_server,
        atom([{"id": "x1", "title": "&lt;script&gt;alert(5)&lt;/script&gt;Hi", "content": nasty}]),
    )
    feed_sync(feed)
    post = Post.objects.get()
    assert executable_markup(str(post.rendered_body)) == []
    assert executable_markup(post.body) == []
    assert "<script" not in post.title


HOSTILE = {
    "invalid XML": ("<feed><entry>", "not valid XML"),
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol3;</title></feed>',
        "DTDs or entities",
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title></feed>',
        "DTDs or entities",
    ),
    "huge entry": (
        atom([{"id": "big", "title": "Big", "content": "a" * 100_001}]),
        "larger than 100,000 characters",
    ),
    "not a feed": ("<html><body>hello</body></html>", "not an RSS or Atom feed"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_feeds_are_refused_recorded_and_change_nothing(feed_server, case):
    body, expected = HOSTILE[case]
    # a good entry alongside the bad part must not be imported either
    feed = _feed(feed_server, body)
    with pytest.raises(FeedError):
        feed_sync(feed)
    feed.refresh_from_db()
    assert expected in feed.last_error
    assert feed.failure_count == 1 and feed.next_attempt_at > timezone.now()
    assert not Post.objects.exists()


def test_huge_entry_alongside_good_ones_imports_nothing(feed_server):
    entries = [*ENTRIES, {"id": "big", "title": "Big", "content": "a" * 100_001}]
    feed = _feed(feed_server, atom(entries))
    with pytest.raises(FeedError):
        feed_sync(feed)
    assert not Post.objects.exists()


def test_oversized_download_is_refused(feed_server, settings):
    settings.BLOG_SYNDICATION_MAX_BYTES = 1000
    feed = _feed(feed_server, atom(ENTRIES * 20))
    with pytest.raises(FeedError, match="larger than 1,000 bytes"):
        feed_sync(feed)
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/feed"]
)
def test_redirect_to_a_non_http_scheme_is_refused(feed_server, location):
    feed = _feed(feed_server, b"", status=302, Location=location)
    with pytest.raises(FeedError, match="only http and https"):
        feed_sync(feed)
    feed.refresh_from_db()
    assert "only http and https" in feed.last_error


def test_redirects_are_followed_a_limited_number_of_times(feed_server, settings):
    settings.BLOG_SYNDICATION_MAX_REDIRECTS = 2
    feed_server.serve("/real.xml", atom(ENTRIES))
    feed_server.serve("/hop1", b"", status=301, Location="/real.xml")
    assert fetch_feed(feed_server.url("/hop1")).content.startswith(b"<?xml")
    for i in range(5):
        feed_server.serve(f"/loop{i}", b"", status=302, Location=f"/loop{i + 1}")
    with pytest.raises(FeedError, match="more than 2 redirects"):
        fetch_feed(feed_server.url("/loop0"))


def test_private_addresses_are_refused_unless_allowed(feed_server, settings):
    url = feed_server.serve("/feed.xml", atom(ENTRIES))
    settings.SAFE_FETCH_ALLOW_LOOPBACK = False
    with pytest.raises(FeedError, match="not a public address"):
        fetch_feed(url)


def test_http_errors_are_recorded_with_exponential_back_off(feed_server):
    feed = _feed(feed_server, b"oops", status=500)
    delays = []
    for _ in range(3):
        before = timezone.now()
        with pytest.raises(FeedError, match="HTTP 500"):
            feed_sync(feed, now=before)
        feed.refresh_from_db()
        delays.append(feed.next_attempt_at - before)
    assert delays == [timedelta(minutes=15), timedelta(minutes=30), timedelta(minutes=60)]
    feed_server.serve("/feed.xml", atom(ENTRIES))
    feed_sync(feed)
    feed.refresh_from_db()
    assert feed.failure_count == 0 and feed.last_error == ""


def test_sync_feeds_command_one_failing_feed_never_stops_the_others(feed_server):
    bad = _feed(feed_server, "<not xml", path="/bad.xml")
    good = _feed(feed_server, atom(ENTRIES), path="/good.xml")
    out = StringIO()
    call_command("sync_feeds", stdout=out)
    output = out.getvalue()
    assert "Syncing 2 feeds" in output
    assert "[1/2]" in output and "[2/2]" in output
    assert "FAILED: not valid XML" in output and "2 new" in output
    assert "1 succeeded, 1 failed" in output
    assert Post.objects.filter(syndicated_from=good).count() == 2
    bad.refresh_from_db()
    assert bad.failure_count == 1
    # backed off: a second run right away skips the failing feed (and the fresh good one)
    out = StringIO()
    call_command("sync_feeds", stdout=out)
    assert "Syncing 0 feeds" in out.getvalue()


def test_sync_feeds_help_describes_the_command(capsys):
    with pytest.raises(SystemExit):
        call_command("sync_feeds", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "--all" in text and "back off" in text


def test_feed_settings_page_registers_and_removes_feeds(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/blog/settings/", {"url": "ftp://example.org/feed"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    client.post("/blog/settings/", {"url": "https://me.example.org/feed"})
    feed = user.syndicated_feeds.get()
    assert "https://me.example.org/feed" in client.get("/blog/settings/").content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.post("/blog/settings/", {"remove": feed.pk}).status_code == 404
    client.force_login(user)
    client.post("/blog/settings/", {"remove": feed.pk})
    assert not user.syndicated_feeds.exists()
