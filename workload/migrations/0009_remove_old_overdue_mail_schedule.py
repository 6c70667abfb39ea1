"""The ten-minute overdue-mail sweep became the one-minute outbox sweep (a new schedule name).

django-celery-beat keeps schedules it once read from settings, so the old entry is removed here:
otherwise beat would keep sending a task that no longer exists.
"""

from django.db import migrations


def old_schedule_remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name="workload-notifications-overdue-send").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workload", "0008_database_cache_table"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [migrations.RunPython(old_schedule_remove, migrations.RunPython.noop)]
