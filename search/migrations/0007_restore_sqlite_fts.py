"""SQLite: put back the FTS5 triggers that migration 0006 dropped, and resynchronise.

Adding a column on SQLite rebuilds ``search_searchentry`` (create, copy, drop, rename), and
dropping the old table drops the triggers that keep ``search_fts`` in step (migration 0003).
Without them nothing new is searchable on the embedded backend. Idempotent; a no-op elsewhere.
Any later migration that changes ``search_searchentry`` must do the same.
"""

from importlib import import_module

from django.db import migrations


def restore_sqlite_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    indexes = import_module("search.migrations.0003_database_search_indexes")
    for statement in indexes.SQLITE_FORWARD:
        schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM search_fts")
    schema_editor.execute(
        "INSERT INTO search_fts(rowid, title, body) SELECT id, title, body FROM search_searchentry"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_entry_context")]

    operations = [migrations.RunPython(restore_sqlite_fts, migrations.RunPython.noop)]
