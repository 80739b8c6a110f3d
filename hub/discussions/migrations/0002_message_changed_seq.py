from django.db import migrations, models
from django.db.models import F


def changed_at_creation(apps, schema_editor):
    # Existing messages: their latest known change is their creation.
    apps.get_model("discussions", "Message").objects.update(changed_seq=F("sequence"))


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="changed_seq",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(changed_at_creation, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["channel", "changed_seq"], name="message_changed_seq"),
        ),
    ]
