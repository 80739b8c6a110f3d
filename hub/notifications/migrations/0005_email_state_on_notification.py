# Waiting emails move from PendingEmail rows onto the notifications themselves, so delivery
# writes one row per recipient instead of two (bench/events.py).

from django.conf import settings
from django.db import migrations, models


def copy_waiting_emails(apps, schema_editor):
    PendingEmail = apps.get_model("notifications", "PendingEmail")
    Notification = apps.get_model("notifications", "Notification")
    for row in PendingEmail.objects.all().iterator(chunk_size=2000):
        Notification.objects.filter(pk=row.notification_id).update(
            email_frequency=row.frequency, emailed_at=row.sent_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_event_topics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="email_frequency",
            field=models.CharField(blank=True, default="", max_length=8),
        ),
        migrations.AddField(
            model_name="notification",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(copy_waiting_emails, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("emailed_at__isnull", True))
                & ~models.Q(("email_frequency", "")),
                fields=["email_frequency", "recipient"],
                name="notification_email_waiting",
            ),
        ),
        migrations.DeleteModel(name="PendingEmail"),
    ]
