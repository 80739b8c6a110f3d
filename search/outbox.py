"""Services call ``index_later(obj)`` after any write that changes what search should show.

The outbox row is written in the caller's transaction, so a rolled-back change leaves nothing
to index and a committed one is never forgotten, even if the search backend is down.
"""

from django.db import models

from search.models import OutboxEntry


def index_later(*instances: models.Model) -> None:
    """Queue these objects for (re)indexing. Call it for deletes too: "gone" means "remove"."""
    OutboxEntry.objects.bulk_create(
        [
            OutboxEntry(model_label=instance._meta.label_lower, object_id=str(instance.pk))
            for instance in instances
            if instance.pk is not None
        ]
    )


def index_later_by_key(model_label: str, *object_ids: object) -> None:
    """Queue objects by label and primary key, e.g. after a bulk delete."""
    OutboxEntry.objects.bulk_create(
        [OutboxEntry(model_label=model_label, object_id=str(pk)) for pk in object_ids]
    )
