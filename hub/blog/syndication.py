"""Import practitioners' own blog feeds (RSS or Atom) as posts on the hub.

Hostile input is the normal case here, so every step refuses rather than repairs:

- fetching: through ``hub.core.safe_fetch`` (http/https only, public addresses only and pinned
  for the connection, a deadline, a size cap, a few redirects each re-checked);
- parsing: defusedxml first, with DTDs and entities forbidden (billion laughs, external
  entities), and only then feedparser, which is lenient and would otherwise expand them;
- content: entry HTML goes through the same allow-list sanitiser as Markdown output, and an
  oversized entry refuses the whole feed, so a bad fetch changes nothing.

Each feed is one transaction. A failure is recorded on the feed with its error and retried
later with exponential back-off; one failing feed never stops the others.
"""

import calendar
import hashlib
import html
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
import nh3
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hub.blog.models import BODY_MAX, TITLE_MAX, Post, SyndicatedFeed
from hub.core.markdown import sanitise_html
from hub.core.safe_fetch import FetchError, fetch
from search.outbox import index_later

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = {"http", "https"}
# How often the job queue runs ``feeds_sync`` over the feeds that are due (hub/blog/tasks.py). A
# feed is due when never fetched, then every ``BLOG_SYNDICATION_INTERVAL_MINUTES`` (or later,
# backing off, while it fails); pages and ``sync_feeds --help`` quote both from here.
SYNC_EVERY_MINUTES = 15
ENTRY_ID_MAX = 1000
SUMMARY_CHARS = 300


class FeedError(Exception):
    """The feed could not be fetched or was refused; the message is shown to its owner."""


@dataclass
class FeedEntry:
    entry_id: str
    title: str
    link: str
    html: str
    summary: str
    published: datetime
    tags: list[str]


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local_edits: int = 0
    not_modified: bool = False

    def __str__(self) -> str:
        if self.not_modified:
            return gettext("not modified since last fetch")
        return gettext(
            "%(created)s new, %(updated)s updated, %(unchanged)s unchanged, %(kept_local_edits)s kept (edited on the hub)"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_local_edits": self.kept_local_edits,
        }


def validate_feed_url(url: str) -> None:
    """Raise ValidationError unless ``url`` is an absolute http(s) address."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise ValidationError(
            {"url": gettext("Enter a feed address starting with https:// or http://")}
        )


@dataclass
class Fetched:
    content: bytes
    etag: str
    last_modified: str
    not_modified: bool = False


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET a feed through the safe fetcher (``hub.core.safe_fetch``: public addresses only,
    pinned, redirects re-checked, time and size limits); raises FeedError with a readable reason."""
    headers = {
        "User-Agent": "LocalGovHub-FeedImporter/1.0 (+https://github.com/)",
        "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = fetch(
            url,
            headers=headers,
            max_bytes=settings.BLOG_SYNDICATION_MAX_BYTES,
            timeout=settings.BLOG_SYNDICATION_TIMEOUT_SECONDS,
            max_redirects=settings.BLOG_SYNDICATION_MAX_REDIRECTS,
        )
    except FetchError as error:
        raise FeedError(error.message) from error
    if response.status_code == 304:
        return Fetched(b"", etag, last_modified, not_modified=True)
    if response.status_code != 200:
        raise FeedError(
            gettext("the server answered HTTP %(status_code)s")
            % {"status_code": response.status_code}
        )
    return Fetched(
        response.content,
        response.headers.get("ETag", "")[:300],
        response.headers.get("Last-Modified", "")[:100],
    )


def _plain(text: str) -> str:
    return " ".join(html.unescape(nh3.clean(text or "", tags=set())).split())


def _entry_datetime(entry) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    now = timezone.now()
    if not parsed:
        return now
    moment = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return min(moment, now)  # a future date would silently schedule the import


def _safe_link(link: str) -> str:
    return link if urlsplit(link or "").scheme.lower() in ALLOWED_SCHEMES else ""


def parse_feed(content: bytes) -> tuple[str, list[FeedEntry]]:
    """The feed's title and entries; raises FeedError for anything malformed or hostile."""
    try:
        # Parse once with every dangerous XML feature forbidden before feedparser sees it.
        SafeElementTree.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as error:
        raise FeedError(
            gettext("refused: the feed uses DTDs or entities (%(__name__)s)")
            % {"__name__": type(error).__name__}
        ) from error
    except SafeElementTree.ParseError as error:
        raise FeedError(gettext("not valid XML: %(error)s") % {"error": error}) from error
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version"):
        raise FeedError(gettext("not an RSS or Atom feed"))
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for raw in parsed.entries:
        link = _safe_link(raw.get("link", ""))
        entry_id = (raw.get("id") or link or "").strip()
        if not entry_id:
            continue  # nothing to deduplicate on: skip rather than import twice later
        if len(entry_id) > ENTRY_ID_MAX:
            entry_id = "sha256:" + hashlib.sha256(entry_id.encode()).hexdigest()
        if entry_id in seen:
            continue
        seen.add(entry_id)
        body = raw["content"][0].get("value", "") if raw.get("content") else ""
        body = body or raw.get("summary", "")
        if len(body) > BODY_MAX:
            raise FeedError(
                gettext("refused: entry “%(title)s” is larger than %(BODY_MAX)s characters")
                % {"title": _plain(raw.get("title", ""))[:80], "BODY_MAX": format(BODY_MAX, ",")}
            )
        title = _plain(raw.get("title", "")) or "Untitled"
        if len(title) > TITLE_MAX:
            title = title[: TITLE_MAX - 1].rstrip() + "…"
        clean = sanitise_html(body)
        text = _plain(clean)
        summary = text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"
        tags = [_plain(t.get("term", ""))[:100] for t in raw.get("tags", [])[:10]]
        entries.append(
            FeedEntry(
                entry_id=entry_id,
                title=title,
                link=link,
                html=clean,
                summary=summary,
                published=_entry_datetime(raw),
                tags=[t for t in tags if t],
            )
        )
    return _plain(parsed.feed.get("title", ""))[:200], entries


def _import_entries(feed: SyndicatedFeed, entries: Iterable[FeedEntry]) -> SyncResult:
    from hub.blog.services import post_create

    result = SyncResult()
    for entry in entries:
        existing = Post.objects.filter(syndicated_from=feed, source_entry_id=entry.entry_id).first()
        if existing is None and entry.link:
            # The same article may come back under a new id (a blog platform migration).
            existing = Post.objects.filter(
                author_id=feed.owner_id, canonical_url=entry.link
            ).first()
        if existing is None:
            post_create(
                author=feed.owner,
                title=entry.title,
                body=entry.html,
                body_format=Post.Format.HTML,
                summary=entry.summary,
                status=Post.Status.PUBLISHED,
                published_at=entry.published,
                tags=entry.tags,
                canonical_url=entry.link,
                syndicated_from=feed,
                source_entry_id=entry.entry_id,
            )
            result.created += 1
        elif existing.edited_at is not None:
            result.kept_local_edits += 1  # the author changed it here: the hub copy wins
        elif (existing.title, existing.body) != (entry.title, entry.html):
            existing.title, existing.body, existing.summary = entry.title, entry.html, entry.summary
            existing.save(update_fields=["title", "body", "summary", "updated_at"])
            index_later(existing)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def backoff_delay(failure_count: int) -> timedelta:
    """15 min, 30 min, 1 h, 2 h ... capped at a day (settings)."""
    base = settings.BLOG_SYNDICATION_RETRY_BASE_MINUTES
    cap = settings.BLOG_SYNDICATION_RETRY_MAX_MINUTES
    return timedelta(minutes=min(cap, base * 2 ** max(0, failure_count - 1)))


def feed_sync(feed: SyndicatedFeed, *, now: datetime | None = None) -> SyncResult:
    """Fetch and import one feed, recording success or failure on it. Raises FeedError after
    recording a failure, so callers can report it."""
    now = now or timezone.now()
    try:
        fetched = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.not_modified:
            result = SyncResult(not_modified=True)
            title = feed.title
        else:
            title, entries = parse_feed(fetched.content)
            with transaction.atomic():
                result = _import_entries(feed, entries)
    except Exception as error:
        message = (
            str(error)
            if isinstance(error, FeedError)
            else gettext("unexpected error: '%(error)s'") % {"error": error}
        )
        if not isinstance(error, FeedError):
            logger.exception("feed %s failed unexpectedly", feed.pk)
        feed.failure_count += 1
        feed.last_attempt_at = now
        feed.last_error = message[:2000]
        feed.next_attempt_at = now + backoff_delay(feed.failure_count)
        feed.save(
            update_fields=["failure_count", "last_attempt_at", "last_error", "next_attempt_at"]
        )
        raise FeedError(message) from error
    feed.title = title or feed.title
    if not fetched.not_modified:
        feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    feed.failure_count = 0
    feed.last_error = ""
    feed.last_attempt_at = feed.last_success_at = now
    feed.next_attempt_at = now + timedelta(minutes=settings.BLOG_SYNDICATION_INTERVAL_MINUTES)
    feed.save()
    return result


def feeds_due(*, now: datetime | None = None):
    """Active feeds never fetched, or whose next attempt (after back-off) has come."""
    now = now or timezone.now()
    return (
        SyndicatedFeed.objects.filter(is_active=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .select_related("owner__profile")
    )


def feeds_sync(
    feeds: Iterable[SyndicatedFeed],
    *,
    report: Callable[[SyndicatedFeed, SyncResult | None, str], None] | None = None,
) -> tuple[int, int]:
    """Sync each feed in turn; returns (succeeded, failed). One failure never stops the rest."""
    succeeded = failed = 0
    for feed in feeds:
        try:
            result = feed_sync(feed)
        except FeedError as error:
            failed += 1
            if report:
                report(feed, None, str(error))
        else:
            succeeded += 1
            if report:
                report(feed, result, "")
    return succeeded, failed
