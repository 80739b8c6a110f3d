"""Rendered Markdown (and imported HTML), cached by content so pages do not re-render it.

A post page with 50 comments, a standard version with 40 sections and a channel with 100
messages spent much of their first render in markdown-it and nh3 (docs/performance.md). The
cache key is a hash of the format and text (plus a version to bump when the sanitiser's
allow-list changes), so an edit is a new key and nothing needs invalidating; one round trip
fetches a whole page's worth. Only ``render_markdown``/``sanitise_html`` output is ever stored.
Used by posts and comments, standards' blocks and chat messages.
"""

from hashlib import sha256

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from hub.core.markdown import render_markdown_complete, sanitise_html

RENDER_VERSION = "1"
TIMEOUT = 7 * 24 * 3600


def _key(fmt: str, text: str) -> str:
    return f"md:html:{RENDER_VERSION}:{fmt}:{sha256(text.encode()).hexdigest()}"


def _render(fmt: str, text: str) -> tuple[str, bool]:
    """The HTML, and whether it may be cached (not a fallback for an exhausted CPU budget)."""
    if fmt == "html":
        return sanitise_html(text), True
    html, complete = render_markdown_complete(text)
    return str(html), complete


def render_many(items: list[tuple[str, str]]) -> list[SafeString]:
    """Safe HTML for each (format, text) pair, with one cache round trip for the lot."""
    keys = [_key(fmt, text) for fmt, text in items]
    cached = cache.get_many(keys) if keys else {}
    missing = {}
    out = []
    for key, (fmt, text) in zip(keys, items, strict=True):
        html = cached.get(key)
        if html is None:
            html, cacheable = _render(fmt, text)
            if cacheable:
                missing[key] = html
        out.append(mark_safe(html))  # noqa: S308 - output of the sanitiser above
    if missing:
        cache.set_many(missing, timeout=TIMEOUT)
    return out
