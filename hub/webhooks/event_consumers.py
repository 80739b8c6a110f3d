"""Webhooks consume the event pipeline: called by hub.notifications.delivery for every event."""

from django.db import transaction

from hub.webhooks.models import Delivery, Webhook


def queue_deliveries(kind, event, context) -> int:
    """Queue one delivery per active webhook watching what the event belongs to, whose owner can
    still see it and who chose this kind (or all kinds). Runs inside the delivery transaction."""
    scopes = kind.scopes(context)
    if not scopes:
        return 0
    wanted = {tuple(scope.split(":", 1)) for scope in scopes}
    hooks = [
        hook
        for hook in Webhook.objects.filter(
            is_active=True,
            owner__is_active=True,
            scope_type__in={t for t, _ in wanted},
            scope_id__in={int(i) for _, i in wanted},
        )
        if (hook.scope_type, str(hook.scope_id)) in wanted
        and (not hook.kinds or kind.name in hook.kinds)
    ]
    if not hooks:
        return 0
    owners = owners_who_may_hear(kind, context, {hook.owner_id for hook in hooks})
    deliveries = Delivery.objects.bulk_create(
        [Delivery(webhook=hook, event=event) for hook in hooks if hook.owner_id in owners]
    )
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def owners_who_may_hear(kind, context, owner_ids: set[int]) -> set[int]:
    """Of these webhook owners, those who may hear of the event now: they can see what it is
    about and, for a kind meant only for its recipients, are one of them."""
    owners = kind.can_see(context, set(owner_ids))
    if kind.audience_only:
        owners &= set(kind.recipients(context))
    return owners


def _enqueue(ids: list[int]) -> None:
    from hub.webhooks.tasks import webhooks_deliver

    for pk in ids:
        webhooks_deliver(pk)


CONSUMERS = [queue_deliveries]
