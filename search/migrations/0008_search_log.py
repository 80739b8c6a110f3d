"""UnmetSearch becomes SearchLog: every first page of results, with its hit and click counts.

Existing rows were searches that found nothing, so they keep hits=0 and clicks=0.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_restore_sqlite_fts"),
    ]

    operations = [
        migrations.RenameModel(old_name="UnmetSearch", new_name="SearchLog"),
        migrations.RenameIndex(
            model_name="searchlog",
            new_name="search_log_query_idx",
            old_name="search_unme_query_4671ca_idx",
        ),
        migrations.AddField(
            model_name="searchlog",
            name="hits",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="searchlog",
            name="clicks",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
