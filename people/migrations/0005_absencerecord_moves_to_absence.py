"""AbsenceRecord now belongs to the absence app: only Django's record of it goes, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_import_kind_staff_updated_at"),
        ("absence", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="AbsenceRecord",
                ),
            ],
        ),
    ]
