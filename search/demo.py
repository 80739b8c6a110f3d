"""Demo data for search: rebuild the index last, so the seeded community is searchable at once."""

from search.indexing import rebuild
from search.models import OutboxEntry


def seed(*, rng, log) -> None:
    """Index everything the earlier seeders created (idempotent: a rebuild replaces all)."""
    try:
        count = rebuild()
    except Exception as error:  # an unreachable Elasticsearch must not stop the demo seeding
        log(f"search index not rebuilt ({error}); run `python manage.py search_reindex`")
        return
    # The rebuild read the current rows, so what was queued while seeding is already indexed.
    OutboxEntry.objects.all().delete()
    log(f"indexed {count} search documents")
