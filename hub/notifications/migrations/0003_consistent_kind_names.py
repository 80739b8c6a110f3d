"""Rename the kinds of existing notifications to the registry's names (issue 14)."""

from django.db import migrations

RENAMES = {
    "blog.comment": "blog.comment_posted",
    "blog.reply": "blog.reply_posted",
    "chat.mention": "discussions.member_mentioned",
    "standards.version": "standards.version_published",
    "standards.consultation": "standards.consultation_opened",
    "standards.status": "standards.status_changed",
    "standards.reply": "standards.reply_posted",
    "standards.thread_state": "standards.thread_decided",
    "groups.join_request": "groups.join_requested",
    "group.added": "groups.member_added",
    "project.phase": "sharing.project_phase_changed",
    "project.update": "sharing.project_update_posted",
    "pledge.call": "pledges.call_opened",
    "pledge.backed": "pledges.call_backed",
    "pledge.not_backed": "pledges.call_not_backed",
}


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for old, new in RENAMES.items():
        Notification.objects.filter(kind=old).update(kind=new)
    # Both answers to a request to join shared one old kind; both old ones for collaboration too.
    Notification.objects.filter(kind="groups.join_decision", text__contains="declined").update(
        kind="groups.join_declined"
    )
    Notification.objects.filter(kind="groups.join_decision").update(kind="groups.join_approved")
    Notification.objects.filter(kind="project.collaboration", text__contains="asked").update(
        kind="sharing.collaboration_requested"
    )
    Notification.objects.filter(kind="project.collaboration").update(
        kind="sharing.collaboration_decided"
    )
    Notification.objects.filter(kind="pledge.made", text__contains="changed").update(
        kind="pledges.pledge_changed"
    )
    Notification.objects.filter(kind="pledge.made").update(kind="pledges.pledge_made")


def backwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for old, new in RENAMES.items():
        Notification.objects.filter(kind=new).update(kind=old)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_event_pipeline")]
    operations = [migrations.RunPython(forwards, backwards)]
