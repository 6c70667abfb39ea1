"""AbsenceRecord moves here from people: the table (people_absencerecord) and its rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("people", "0004_import_kind_staff_updated_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AbsenceRecord",
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
                            "record_id",
                            models.CharField(max_length=64, unique=True, verbose_name="record id"),
                        ),
                        ("start_date", models.DateField()),
                        ("end_date", models.DateField()),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("SIC", "Sickness"),
                                    ("PRG", "Pregnancy-related"),
                                    ("MAT", "Maternity/paternity"),
                                    ("PUB", "Public duties"),
                                    ("SEC", "Secondment"),
                                    ("UNA", "Unauthorised"),
                                    ("UNP", "Unpaid authorised"),
                                    ("OTH", "Other paid authorised"),
                                    ("TRN", "Training"),
                                ],
                                max_length=3,
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("mental_health", "Mental health or stress"),
                                    ("musculoskeletal", "Musculoskeletal"),
                                    ("infection", "Infection"),
                                    ("injury", "Injury"),
                                    ("long_term_condition", "Long-term condition"),
                                    ("other", "Other"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("start_half_day", models.BooleanField(default=False)),
                        ("end_half_day", models.BooleanField(default=False)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "staff",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="absences",
                                to="people.staffmember",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "people_absencerecord",
                        "ordering": ["start_date", "record_id"],
                        "indexes": [
                            models.Index(
                                fields=["staff", "start_date"],
                                name="people_abse_staff_i_69ff92_idx",
                            ),
                            models.Index(
                                fields=["category", "start_date", "end_date"],
                                name="people_abse_categor_4eac29_idx",
                            ),
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("end_date__gte", models.F("start_date"))),
                                name="absence_end_after_start",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
