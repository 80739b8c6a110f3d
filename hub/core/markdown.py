"""Markdown to safe HTML, the one way every kind of user content is rendered.

Raw HTML in the Markdown source is escaped by the parser, and the output is sanitised
afterwards by nh3 with an allow-list, so neither layer alone has to be perfect.

Rendering has a CPU budget. markdown-it is linear in the length of the text, but some text
costs far more per character than prose: each ``[`` or ``![`` starts a link label that is
parsed again at every nesting level up to ``maxNesting`` (20), about 20 µs a character against
2 µs for prose, so 100 kB of ``![`` took 2-3 s. A render that runs past its budget (per call,
and per request: ``MarkdownBudgetMiddleware``) stops and shows the text escaped, as plain
paragraphs, instead. Real documents render far inside it (100 kB of mixed Markdown: ~0.2 s).
"""

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from html import unescape

import nh3
from django.conf import settings
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

logger = logging.getLogger(__name__)

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


class MarkdownTooCostly(Exception):
    """A render ran past its CPU budget (internal: callers get the plain-text fallback)."""


# CPU seconds this request may still spend rendering Markdown; None outside a request.
_request_budget: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "markdown_request_budget", default=None
)
_CHECK_EVERY = 256  # rule calls between clock reads


def _over_budget(state, *args) -> bool:
    """First rule of the block and inline chains: stop the parse once the deadline passed."""
    env = state.env
    env["_calls"] = calls = env.get("_calls", 0) + 1
    if calls % _CHECK_EVERY == 0 and time.thread_time() > env.get("_deadline", float("inf")):
        raise MarkdownTooCostly
    return False


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False makes the parser escape inline HTML instead of passing it through.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )
    first_inline = md.inline.ruler.get_all_rules()[0]
    md.inline.ruler.before(first_inline, "cpu_budget", _over_budget)
    first_block = md.block.ruler.get_all_rules()[0]
    md.block.ruler.before(first_block, "cpu_budget", _over_budget)
    return md


@contextlib.contextmanager
def request_budget(seconds: float | None = None) -> Iterator[None]:
    """Give the Markdown rendered inside this block one shared CPU budget (one request)."""
    budget = settings.MARKDOWN_REQUEST_SECONDS if seconds is None else seconds
    token = _request_budget.set([budget])
    try:
        yield
    finally:
        _request_budget.reset(token)


def _budgeted_html(text: str) -> str | None:
    """markdown-it's HTML for ``text``, or None when it would cost more than the budget."""
    remaining = _request_budget.get()
    budget = settings.MARKDOWN_RENDER_SECONDS
    if remaining is not None:
        budget = min(budget, remaining[0])
        if budget <= 0:
            return None
    start = time.thread_time()
    try:
        return _parser().render(text, {"_deadline": start + budget})
    except MarkdownTooCostly:
        logger.warning("Markdown of %d characters ran past its %.2fs budget", len(text), budget)
        return None
    finally:
        if remaining is not None:
            remaining[0] -= time.thread_time() - start


def _plain_html(text: str) -> str:
    return linebreaks(escape(text))


def render_markdown_complete(text: str | None) -> tuple[SafeString, bool]:
    """``render_markdown``, and whether the Markdown was rendered (False: plain fallback).

    Callers that cache the HTML cache only complete renders: a fallback may be due to the
    request's budget rather than the text.
    """
    if not text:
        return mark_safe(""), True
    text = text[: settings.MARKDOWN_MAX_CHARS]
    html = _budgeted_html(text)
    complete = html is not None
    html = sanitise_html(html) if complete else _plain_html(text)
    return mark_safe(html), complete  # noqa: S308 - sanitised or escaped above


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
    """Render user Markdown to HTML that is safe to place in a page (within the CPU budget)."""
    return render_markdown_complete(text)[0]


def markdown_to_text(text: str | None) -> str:
    """Plain text of a Markdown body, for summaries, search documents and feeds.

    Unescaped text ("Tom & Jerry", "<b>" as typed): whoever shows it escapes it once (templates,
    feeds, search snippets), so nobody sees "&amp;amp;" or "&amp;nbsp;".
    """
    if not text:
        return ""
    text = text[: settings.MARKDOWN_MAX_CHARS]
    html = _budgeted_html(text)
    if html is None:  # too costly to parse: the source is close enough to its plain text
        return " ".join(text.split())
    return " ".join(unescape(nh3.clean(html, tags=set())).split())


class MarkdownBudgetMiddleware:
    """One Markdown CPU budget per request (MARKDOWN_REQUEST_SECONDS), however many bodies a
    page renders: no request holds a worker for long on hostile text."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request):
        with request_budget():
            return self.get_response(request)
