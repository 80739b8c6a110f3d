"""Markdown to safe HTML, the one way every kind of user content is rendered.

Raw HTML in the Markdown source is escaped by the parser, and the output is sanitised
afterwards by nh3 with an allow-list, so neither layer alone has to be perfect.
"""

from functools import lru_cache
from html import unescape

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre",
    "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "code": {"class"},
}
# No "id" or "name" anywhere: user content must not clobber the page's own element ids.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False makes the parser escape inline HTML instead of passing it through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def sanitise_html(html: str) -> str:
    """Clean untrusted HTML down to the allow-list; links get ``rel="nofollow ugc"``."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    """Render user Markdown to HTML that is safe to place in a page."""
    if not text:
        return mark_safe("")
    text = text[: settings.MARKDOWN_MAX_CHARS]
    return mark_safe(sanitise_html(_parser().render(text)))  # noqa: S308 - sanitised above


def markdown_to_text(text: str | None) -> str:
    """Plain text of a Markdown body, for summaries, search documents and feeds.

    Unescaped text ("Tom & Jerry", "<b>" as typed): whoever shows it escapes it once (templates,
    feeds, search snippets), so nobody sees "&amp;amp;" or "&amp;nbsp;".
    """
    if not text:
        return ""
    html = _parser().render(text[: settings.MARKDOWN_MAX_CHARS])
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
