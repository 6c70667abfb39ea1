"""Term, NotificationRecord and DeferredTask now belong to school_calendar and notifications: only
Django's record of the models goes, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workload", "0009_remove_old_overdue_mail_schedule"),
        ("school_calendar", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="DeferredTask",
                ),
                migrations.RemoveField(
                    model_name="term",
                    name="school",
                ),
                migrations.DeleteModel(
                    name="NotificationRecord",
                ),
                migrations.DeleteModel(
                    name="Term",
                ),
            ],
        ),
    ]
