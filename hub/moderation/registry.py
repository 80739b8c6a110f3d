"""Which kinds of content can be flagged and hidden, described once per model.

A content app registers its models in its ``AppConfig.ready()``::

    moderation_register(Moderatable(model=Post, noun="post", ...))

The model must have a boolean ``is_hidden`` field. Moderation owns the flags, the queue and
the decision log; the content app owns what "hidden" means for its lists, feeds and search, and
``after_change`` is its hook to re-index (called inside the moderation transaction).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


def _noop(instance: models.Model) -> None:
    return None


@dataclass(frozen=True)
class Moderatable:
    model: type[models.Model]
    noun: str  # "post", "comment": used in messages
    title: Callable[[models.Model], str]
    url: Callable[[models.Model], str]
    author_id: Callable[[models.Model], int | None]
    excerpt: Callable[[models.Model], str] = field(default=lambda instance: "")
    after_change: Callable[[models.Model], None] = _noop
    # Whether this member may see the item at all (hidden items: author and moderators only).
    visible_to: Callable[[models.Model, object], bool] = field(default=lambda instance, user: True)
    # Rows with what title/url/excerpt read joined in, so the queue runs fixed queries.
    queryset: Callable[[], models.QuerySet] | None = None

    def get_queryset(self) -> models.QuerySet:
        return self.queryset() if self.queryset else self.model._default_manager.all()


_registry: dict[str, Moderatable] = {}


def moderation_register(entry: Moderatable) -> Moderatable:
    """Make a model flaggable; its key in URLs is ``app_label.modelname``."""
    _registry[entry.model._meta.label_lower] = entry
    return entry


def moderatable_for(label: str) -> Moderatable | None:
    return _registry.get(label.lower())


def moderatable_of(instance: models.Model) -> Moderatable | None:
    return _registry.get(instance._meta.label_lower)


def label_of(instance: models.Model) -> str:
    return instance._meta.label_lower
