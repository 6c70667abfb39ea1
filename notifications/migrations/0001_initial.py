"""NotificationRecord and DeferredTask move here from workload: their tables and rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("people", "0004_import_kind_staff_updated_at"),
        ("workload", "0009_remove_old_overdue_mail_schedule"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DeferredTask",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "task",
                            models.CharField(
                                help_text="Dotted name of the Celery task.", max_length=200
                            ),
                        ),
                        ("kwargs", models.JSONField(default=dict)),
                        ("created_at", models.DateTimeField()),
                        ("due_at", models.DateTimeField()),
                        ("dispatched_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "workload_deferredtask",
                        "ordering": ["due_at"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("dispatched_at__isnull", True)),
                                fields=["due_at"],
                                name="deferredtask_undispatched_due",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="NotificationRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("template", models.CharField(max_length=200)),
                        ("recipients", models.PositiveIntegerField()),
                        ("urgent", models.BooleanField(default=False)),
                        ("queued_at", models.DateTimeField()),
                        ("due_at", models.DateTimeField()),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "out_of_hours",
                            models.BooleanField(
                                default=False, help_text="Sent during email quiet hours."
                            ),
                        ),
                        ("to", models.JSONField(blank=True, default=list)),
                        ("subject", models.CharField(blank=True, max_length=300)),
                        ("text_body", models.TextField(blank=True)),
                        ("html_body", models.TextField(blank=True)),
                        (
                            "school",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="people.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workload_notificationrecord",
                        "ordering": ["-queued_at"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("sent_at__isnull", True)),
                                fields=["due_at"],
                                name="notification_unsent_due",
                            ),
                            models.Index(
                                fields=["queued_at"], name="workload_no_queued__066b02_idx"
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
