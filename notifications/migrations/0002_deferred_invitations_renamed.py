"""Deferred invitations waiting in the outbox name their task; the task moved from people."""

from django.db import migrations

MOVED = {"people.tasks.invitation_send_task": "notifications.tasks.invitation_send_task"}


def rename(apps, schema_editor, moved=MOVED):
    DeferredTask = apps.get_model("notifications", "DeferredTask")
    for old, new in moved.items():
        DeferredTask.objects.filter(task=old).update(task=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, moved={new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(rename, rename_back)]
