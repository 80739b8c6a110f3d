"""Which kinds of content can be flagged and hidden: one declaration per model, owned by its app.

An app lists its moderatable models in ``<app>/moderation.py`` as
``MODERATABLE = [Moderatable(model=Post, noun=_("post"), ...), ...]`` (found the way event kinds
are found in ``event_kinds.py``). Moderation owns the flags, the queue, the decision log, the
hidden list and the notice to the author; it never names another app's models. The content app
owns what "hidden" means for its pages, lists, feeds, search and live channels:

- ``hidden_field``: the boolean the moderators' hide/restore sets (``is_hidden`` unless the app
  hides only part of the object, like a working group's description);
- ``after_change``: called inside the moderation transaction after the flag changed, to
  re-index, broadcast or drop cached copies (on commit);
- ``visible_to(target, user)``: who may open the item at all (flag and review answer 404
  otherwise); hidden items stay visible to their author and to moderators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import models


def _noop(instance: models.Model) -> None:
    return None


@dataclass(frozen=True)
class Moderatable:
    model: type[models.Model]
    noun: str  # "post", "message" (gettext_lazy): used in headings and messages
    title: Callable[[models.Model], str]
    url: Callable[[models.Model], str]
    author_id: Callable[[models.Model], int | None]
    excerpt: Callable[[models.Model], str] = field(default=lambda instance: "")
    after_change: Callable[[models.Model], None] = _noop
    visible_to: Callable[[models.Model, object], bool] = field(default=lambda instance, user: True)
    # Rows with what title/url/excerpt read joined in, so the queue runs fixed queries.
    queryset: Callable[[], models.QuerySet] | None = None
    hidden_field: str = "is_hidden"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def get_queryset(self) -> models.QuerySet:
        return self.queryset() if self.queryset else self.model._default_manager.all()

    def is_hidden(self, target: models.Model) -> bool:
        return bool(getattr(target, self.hidden_field))


_registry: dict[str, Moderatable] | None = None


def registered() -> dict[str, Moderatable]:
    """Every moderatable model by label (``app_label.modelname``), collected once from the apps."""
    global _registry
    if _registry is None:
        found: dict[str, Moderatable] = {}
        for config in apps.get_app_configs():
            dotted = f"{config.name}.moderation"
            if config.name == "hub.moderation" or find_spec(dotted) is None:
                continue
            for entry in import_module(dotted).MODERATABLE:
                if entry.label in found:
                    raise ValueError(f"{entry.label} is declared moderatable twice")
                if entry.model._meta.app_config is not config:
                    raise ValueError(f"{config.name} declares another app's model {entry.label}")
                found[entry.label] = entry
        _registry = found
    return _registry


def moderatable_for(label: str) -> Moderatable | None:
    return registered().get(label.lower())


def moderatable_of(instance: models.Model) -> Moderatable | None:
    return registered().get(instance._meta.label_lower)


def label_of(instance: models.Model) -> str:
    return instance._meta.label_lower
