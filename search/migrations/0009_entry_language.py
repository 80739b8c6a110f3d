"""Each search entry's language: Welsh entries are matched without English stemming.

PostgreSQL needs nothing more (the vector is built with "simple" for Welsh entries when they
are written). SQLite gets a second FTS5 table without the porter stemmer, and the triggers
route each entry to the table of its language. Adding the column rebuilds the table on SQLite,
which drops the triggers (see 0007), so they are created again here and both tables
resynchronised. ``search_reindex`` (or ``search_check --fix``) then marks Welsh content.
"""

from importlib import import_module

from django.db import migrations, models

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_simple USING fts5("
    "title, body, tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry "
    "WHEN new.language <> 'cy' BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_fts_simple_insert AFTER INSERT ON search_searchentry "
    "WHEN new.language = 'cy' BEGIN "
    "INSERT INTO search_fts_simple(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_fts_simple WHERE rowid = old.id; END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF title, body ON search_searchentry BEGIN "
    "UPDATE search_fts SET title = new.title, body = new.body WHERE rowid = old.id; "
    "UPDATE search_fts_simple SET title = new.title, body = new.body WHERE rowid = old.id; END",
    "DELETE FROM search_fts",
    "DELETE FROM search_fts_simple",
    "INSERT INTO search_fts(rowid, title, body) "
    "SELECT id, title, body FROM search_searchentry WHERE language <> 'cy'",
    "INSERT INTO search_fts_simple(rowid, title, body) "
    "SELECT id, title, body FROM search_searchentry WHERE language = 'cy'",
]


def sqlite_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in SQLITE_FORWARD:
        schema_editor.execute(statement)


def sqlite_fts_back(apps, schema_editor):
    """Undo: one FTS table again, with 0003's triggers (removing the column dropped ours)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS search_fts_simple")
    import_module("search.migrations.0007_restore_sqlite_fts").restore_sqlite_fts(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0008_search_log")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, sqlite_fts_back),
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(default="en", max_length=8),
        ),
        migrations.RunPython(sqlite_fts, migrations.RunPython.noop),
    ]
