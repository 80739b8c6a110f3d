"""ORM work off the event loop, for the chat's async code (the consumer and the upkeep round)."""

from channels.db import database_sync_to_async
from django.conf import settings

# SQLite allows one writer and fails fast when two transactions race to upgrade, so there the
# ORM work stays on Django's single thread-sensitive worker.
_PARALLEL_DB = settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"


def db(function):
    """Run ORM work off the event loop; on PostgreSQL on any pool thread (not Django's single
    thread-sensitive one, which sync views use), so one socket's query does not queue every
    other socket's, nor wait behind a page."""
    return database_sync_to_async(function, thread_sensitive=not _PARALLEL_DB)
