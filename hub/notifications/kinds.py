"""The registry of event kinds: one declaration per kind, owned by the app whose data it is.

An app lists its kinds in ``<app>/event_kinds.py`` as ``KINDS = [EventKind(...), ...]``. Every
consumer (in-app list, email, webhooks, digests) reads the same declaration, so a new kind is one
entry (Zulip's notification settings table works the same way).

Names are ``<app label>.<thing>_<what happened>``: ``blog.comment_posted``,
``groups.member_added``, ``standards.version_published``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy

Context = dict[str, Any]


def _everyone(context: Context, user_ids: set[int]) -> set[int]:
    return user_ids


def _no_scopes(context: Context) -> list[str]:
    return []


def _no_payload(context: Context) -> dict:
    return {}


def _no_excerpt(context: Context) -> str:
    return ""


@dataclass(frozen=True)
class EventKind:
    """How one kind of event is delivered.

    - ``load(data)``: re-read the objects from the event's primary keys; ``None`` when they are
      gone or no longer shown (then nothing is delivered).
    - ``recipients(context)``: ids of the people who should hear of it.
    - ``can_see(context, ids)``: of those, who may see the object *now* (permissions may have
      changed since the event); the pipeline also drops the actor and inactive accounts.
    - ``text`` / ``url``: the in-app line and its link (a path); the email uses them too, with
      ``excerpt`` (e.g. the comment's text) when there is one.
    - ``scopes``: what the event belongs to, for webhooks ("group:3", "standard:7", "channel:2",
      "service:5", "council:9", "project:4").
    - ``payload``: extra fields for the webhook body (ids and titles, never private data).
    - ``audience_only``: only its recipients may hear of it (a request to join that only the
      convenors see, a mention): webhooks deliver it only to owners among the recipients.
    - ``activity(context)``: the line followers see on the home page and in the weekly "from
      what you follow" digest (``hub/follows/activity.py``); ``None``: not followers' news.
      ``topics(context)`` says which follows it is news for ("project:4", "council:9",
      "service:5", "tag:bins", "standard:7", "group:3"); the actor's "person:<id>" is added.
    - ``reply(context, user, body)``: answer it by email (``hub/email_replies``): post ``body``
      as ``user`` through the app's own service (which checks permission and rate limits again)
      and return the new item's path; raise ``ReplyRefused`` with a reason for the member.
      Kinds without it get no reply address.
    """

    name: str
    label: str
    load: Callable[[dict], Context | None]
    recipients: Callable[[Context], Iterable[int]]
    text: Callable[[Context], str]
    url: Callable[[Context], str]
    email_default: str = "weekly"
    can_see: Callable[[Context, set[int]], set[int]] = _everyone
    scopes: Callable[[Context], list[str]] = _no_scopes
    payload: Callable[[Context], dict] = _no_payload
    excerpt: Callable[[Context], str] = _no_excerpt
    audience_only: bool = False
    group: str = field(default=gettext_lazy("Other"), compare=False)
    reply: Callable[[Context, Any, str], str] | None = None
    activity: Callable[[Context], str] | None = None
    topics: Callable[[Context], list[str]] = _no_scopes
    # False for followers' news with no direct recipients (new posts, artefacts): no email
    # choice for it on the preferences page; the weekly "from what you follow" digest has it.
    emailed: bool = True


class ReplyRefused(Exception):
    """A reply by email that the app will not post; ``message`` tells the member why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_registry: dict[str, EventKind] | None = None


def registry() -> dict[str, EventKind]:
    """Every declared kind by name, collected once from the installed apps."""
    global _registry
    if _registry is None:
        found: dict[str, EventKind] = {}
        for config in apps.get_app_configs():
            dotted = f"{config.name}.event_kinds"
            if find_spec(dotted) is None:
                continue
            for kind in import_module(dotted).KINDS:
                if kind.name in found:
                    raise ValueError(f"event kind {kind.name!r} is declared twice")
                found[kind.name] = kind
        _registry = found
    return _registry


def get_kind(name: str) -> EventKind:
    try:
        return registry()[name]
    except KeyError:
        raise LookupError(
            f"unknown event kind {name!r}: declare it in an app's event_kinds.py"
        ) from None
