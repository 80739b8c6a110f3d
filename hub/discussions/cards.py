"""A message as the channel page shows it: one template for the page and for live frames.

The server-rendered page includes ``discussions/_message.html`` for each message; a live
``message``/``update`` frame carries the same template's output (``message.cards``, rendered
once per event per interface language by the after-commit callback), so a message inserted
live is the very markup a reload would show. The one thing a live card cannot know is who
is looking: it is rendered with ``live=True``, which keeps both the "Edit" and "Delete" links
and leaves out the CSRF token; the browser removes the links this viewer may not use and adds
its token (``static/js/discussions/chat.mjs``, ``adopt``).

``@handle`` mentions of active members become links to their profiles (``message_html``).
"""

import re

from django.conf import global_settings, settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from hub.core.markdown import render_markdown
from hub.core.rendering import render_many
from hub.discussions.selectors import MENTION

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
_NOT_IN = {"a", "code", "pre"}  # text already a link, or code: mentions stay as typed


def _split(html: str) -> tuple[list[str], list[int]]:
    """Sanitised HTML cut into tags and text, and the indexes of the text runs outside links
    and code (where a mention may be linked)."""
    parts = _TAG.split(html)
    eligible, inside = [], 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            match = _TAG_NAME.match(part)
            if match and match.group(2).lower() in _NOT_IN:
                inside = max(inside + (-1 if match.group(1) else 1), 0)
        elif part and not inside:
            eligible.append(index)
    return parts, eligible


def _mentioned(html: str) -> set[str]:
    parts, eligible = _split(html)
    return {handle for index in eligible for handle in MENTION.findall(parts[index])}


def _known_handles(handles: set[str]) -> set[str]:
    from accounts.models import Profile

    if not handles:
        return set()
    return set(
        Profile.objects.filter(handle__in=handles, user__is_active=True).values_list(
            "handle", flat=True
        )
    )


def link_mentions(html: str, known: set[str] | None = None) -> str:
    """Turn ``@handle`` into a link to the profile, for handles of active members (``known``,
    or one query)."""
    if known is None:
        known = _known_handles(_mentioned(html))
    if not known:
        return html
    parts, eligible = _split(html)

    def link(match: re.Match) -> str:
        handle = match.group(1)
        if handle not in known:
            return match.group(0)
        url = reverse("accounts:profile", kwargs={"handle": handle})
        return f'<a class="govuk-link" href="{url}">@{handle}</a>'

    for index in eligible:
        parts[index] = MENTION.sub(link, parts[index])
    return "".join(parts)


def message_html(body: str) -> SafeString:
    """A message body as HTML: Markdown rendered and sanitised, then mentions linked."""
    html = str(render_markdown(body))
    if "@" in html:
        html = link_mentions(html)
    return mark_safe(html)  # noqa: S308 - sanitised by render_markdown; links built from handles


def with_body_html(messages) -> list:
    """Set ``body_html`` on each message of a page: mentions resolved in one query for all."""
    messages = list(messages)
    shown = [m for m in messages if not m.is_deleted]
    # One cache round trip for the page's bodies (hub.core.rendering), each rendered only once.
    html = render_many([("markdown", m.body) for m in shown])
    rendered = {m.pk: str(body) for m, body in zip(shown, html, strict=True)}
    known = _known_handles(
        {h for html in rendered.values() if "@" in html for h in _mentioned(html)}
    )
    for message in messages:
        html = rendered.get(message.pk, "")
        message.body_html = mark_safe(link_mentions(html, known) if "@" in html else html)  # noqa: S308
    return messages


def card_languages() -> list[str]:
    """The interface languages a live card is rendered in: the site's declared languages, or
    just ``LANGUAGE_CODE`` while the project has not narrowed Django's default list."""
    if list(settings.LANGUAGES) == list(global_settings.LANGUAGES):
        return [settings.LANGUAGE_CODE]
    return [code for code, _ in settings.LANGUAGES]


def render_cards(message, *, body_html: str = "") -> dict[str, str]:
    """``{language: the message's <li>}`` for a live frame (``message`` as the page reads it:
    with ``useful_count`` and ``reply_count``; ``body_html``: its ``message_html`` if known)."""
    if body_html:
        message.body_html = mark_safe(body_html)  # noqa: S308 - message_html's output
    context = {"message": message, "channel": message.channel, "live": True}
    cards = {}
    for code in card_languages():
        with translation.override(code):
            cards[code] = render_to_string("discussions/_message.html", context)
    return cards
