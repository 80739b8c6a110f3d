"""Reads for moderation: the queue and an item's history."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Max, Min

from hub.moderation.models import Decision, Flag
from hub.moderation.registry import Moderatable, moderatable_for, registered


@dataclass
class QueueItem:
    label: str
    entry: Moderatable
    target: models.Model
    flag_count: int
    first_flagged_at: object
    last_flagged_at: object
    title: str = ""
    url: str = ""
    hidden: bool = False


def moderation_queue() -> list[QueueItem]:
    """Flagged content with open flags, oldest first, one row per item.

    One grouped query for the flags, then one query per kind of content (not per item).
    """
    groups = list(
        Flag.objects.filter(resolved_at__isnull=True)
        .values("content_type_id", "object_id")
        .annotate(count=Count("id"), first=Min("created_at"), last=Max("created_at"))
        .order_by("first")
    )
    by_type: dict[int, list[int]] = {}
    for row in groups:
        by_type.setdefault(row["content_type_id"], []).append(row["object_id"])
    targets: dict[tuple[int, int], models.Model] = {}
    labels: dict[int, str] = {}
    for type_id, ids in by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        model = content_type.model_class()
        if model is None:
            continue
        labels[type_id] = model._meta.label_lower
        entry = moderatable_for(labels[type_id])
        rows = entry.get_queryset() if entry else model._default_manager.all()
        for obj in rows.filter(pk__in=ids):
            targets[(type_id, obj.pk)] = obj
    items = []
    for row in groups:
        key = (row["content_type_id"], row["object_id"])
        target = targets.get(key)
        label = labels.get(row["content_type_id"], "")
        entry = moderatable_for(label) if label else None
        if target is None or entry is None:
            continue  # content deleted since it was flagged
        items.append(
            QueueItem(
                label=label,
                entry=entry,
                target=target,
                flag_count=row["count"],
                first_flagged_at=row["first"],
                last_flagged_at=row["last"],
                title=entry.title(target),
                url=entry.url(target),
                hidden=entry.is_hidden(target),
            )
        )
    return items


def flags_for(target: models.Model, *, open_only: bool = False):
    content_type = ContentType.objects.get_for_model(target)
    flags = Flag.objects.filter(content_type=content_type, object_id=target.pk).select_related(
        "reporter__profile"
    )
    if open_only:
        flags = flags.filter(resolved_at__isnull=True)
    return flags


def decisions_for(target: models.Model):
    content_type = ContentType.objects.get_for_model(target)
    return Decision.objects.filter(content_type=content_type, object_id=target.pk).select_related(
        "moderator__profile"
    )


@dataclass
class HiddenItem:
    label: str
    entry: Moderatable
    target: models.Model
    title: str
    hidden_at: object
    note: str


def hidden_items() -> list[HiddenItem]:
    """Everything moderators have hidden, of every registered kind, newest decision first.

    Two queries per kind of content (the hidden rows, their last "hide" decisions), whatever
    the number of items.
    """
    items = []
    for label, entry in registered().items():
        targets = list(entry.get_queryset().filter(**{entry.hidden_field: True}))
        if not targets:
            continue
        content_type = ContentType.objects.get_for_model(entry.model)
        last = {}
        for decision in Decision.objects.filter(
            content_type=content_type,
            object_id__in=[target.pk for target in targets],
            action=Decision.Action.HIDE,
        ).order_by("created_at", "id"):
            last[decision.object_id] = decision
        for target in targets:
            decision = last.get(target.pk)
            items.append(
                HiddenItem(
                    label=label,
                    entry=entry,
                    target=target,
                    title=entry.title(target),
                    hidden_at=decision.created_at if decision else None,
                    note=decision.note if decision else "",
                )
            )
    items.sort(key=lambda item: item.hidden_at.timestamp() if item.hidden_at else 0, reverse=True)
    return items


def open_flag_ages(*, now) -> dict:
    """How long open flags have waited: counts by age band and the oldest, in one query."""
    from datetime import timedelta

    from django.db.models import Q

    day = timedelta(days=1)
    return Flag.objects.filter(resolved_at__isnull=True).aggregate(
        under_a_day=Count("id", filter=Q(created_at__gt=now - day)),
        one_to_three_days=Count("id", filter=Q(created_at__lte=now - day, created_at__gt=now - 3 * day)),
        three_to_seven_days=Count("id", filter=Q(created_at__lte=now - 3 * day, created_at__gt=now - 7 * day)),
        over_a_week=Count("id", filter=Q(created_at__lte=now - 7 * day)),
        oldest=Min("created_at"),
    )  # fmt: skip
