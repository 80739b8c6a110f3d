"""Services call ``index_later(obj)`` after any write that changes what search should show.

The outbox row is written in the caller's transaction, so a rolled-back change leaves nothing
to index and a committed one is never forgotten, even if the search backend is down.

Embedded mode (no ``ELASTICSEARCH_URL``, or ``SEARCH_INLINE=True``): the outbox is also drained
right after the transaction commits, so ``make run`` needs no worker and database search is
current at once. A failure there is logged and the rows stay for ``search_worker`` or the next
commit. With Elasticsearch, ``python manage.py search_worker`` drains it.
"""

import logging

from django.conf import settings
from django.db import models, transaction

from search.models import OutboxEntry

logger = logging.getLogger(__name__)


def inline_indexing() -> bool:
    """True when commits drain the outbox themselves (the embedded database backend)."""
    inline = getattr(settings, "SEARCH_INLINE", None)
    return (not settings.ELASTICSEARCH_URL) if inline is None else bool(inline)


def _drain_after_commit() -> None:
    from search.indexing import drain

    try:
        stats = drain()
    except Exception:  # search must never break the request that changed something
        logger.exception("Inline search indexing failed; the outbox keeps the work")
        return
    if stats.failed:
        logger.warning("Inline search indexing left work in the outbox: %s", stats.errors)


def _schedule_inline_drain() -> None:
    if not inline_indexing():
        return
    connection = transaction.get_connection()
    # One drain per transaction is enough; Django drops the callback itself on rollback.
    if any(entry[1] is _drain_after_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(_drain_after_commit)


def index_later(*instances: models.Model) -> None:
    """Queue these objects for (re)indexing. Call it for deletes too: "gone" means "remove"."""
    rows = [
        OutboxEntry(model_label=instance._meta.label_lower, object_id=str(instance.pk))
        for instance in instances
        if instance.pk is not None
    ]
    if rows:
        OutboxEntry.objects.bulk_create(rows)
        _schedule_inline_drain()


def index_authored_by(user_id: int) -> None:
    """Queue everything whose documents carry this member's name (after a rename)."""
    from search.registry import all_adapters

    for label, adapter in all_adapters().items():
        if adapter.author_lookup:
            pks = adapter.model._default_manager.filter(**{adapter.author_lookup: user_id})
            index_later_by_key(label, *pks.values_list("pk", flat=True))


def index_later_by_key(model_label: str, *object_ids: object) -> None:
    """Queue objects by label and primary key, e.g. after a bulk delete."""
    if object_ids:
        OutboxEntry.objects.bulk_create(
            [OutboxEntry(model_label=model_label, object_id=str(pk)) for pk in object_ids]
        )
        _schedule_inline_drain()
