"""Term moves here from workload: the table (workload_term) and its rows stay where they are."""

import django.core.validators
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
                    name="Term",
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
                            "academic_year",
                            models.CharField(
                                max_length=7,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^\\d{4}-\\d{2}$", "Write the academic year as 2025-26."
                                    )
                                ],
                            ),
                        ),
                        (
                            "term",
                            models.CharField(
                                choices=[
                                    ("autumn", "Autumn"),
                                    ("spring", "Spring"),
                                    ("summer", "Summer"),
                                ],
                                max_length=6,
                            ),
                        ),
                        ("first_day", models.DateField()),
                        ("last_day", models.DateField()),
                        ("half_term_first_day", models.DateField(blank=True, null=True)),
                        ("half_term_last_day", models.DateField(blank=True, null=True)),
                        (
                            "school",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for the whole trust; a school's own row overrides the trust's.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="terms",
                                to="people.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workload_term",
                        "ordering": ["first_day", "school__urn"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("academic_year", "term", "school"),
                                name="term_unique_per_school",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("school__isnull", True)),
                                fields=("academic_year", "term"),
                                name="term_unique_for_trust",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("last_day__gte", models.F("first_day"))),
                                name="term_ends_after_start",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("half_term_first_day__isnull", True),
                                        ("half_term_last_day__isnull", True),
                                    ),
                                    models.Q(
                                        ("half_term_first_day__gt", models.F("first_day")),
                                        (
                                            "half_term_last_day__gte",
                                            models.F("half_term_first_day"),
                                        ),
                                        ("half_term_last_day__lt", models.F("last_day")),
                                    ),
                                    _connector="OR",
                                ),
                                name="term_half_term_inside",
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
