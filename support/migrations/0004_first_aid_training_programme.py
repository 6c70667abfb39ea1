"""Mental health first aid becomes one training programme: its completions come from the first
aiders' recorded training dates (people.RoleAssignment), which stay as they are."""

from datetime import date

from django.db import migrations

FIRST_AID_NAME = "Mental health first aid"


def first_aid_programme_create(apps, schema_editor):
    TrainingProgramme = apps.get_model("support", "TrainingProgramme")
    TrainingCompletion = apps.get_model("support", "TrainingCompletion")
    RoleAssignment = apps.get_model("people", "RoleAssignment")
    StaffMember = apps.get_model("people", "StaffMember")

    programme, _ = TrainingProgramme.objects.get_or_create(
        is_first_aid=True,
        defaults={
            "name": FIRST_AID_NAME,
            "audience": "first_aiders",
            "starts_on": date(2026, 9, 1),
            "due_within_weeks": 12,
            "valid_for_months": 36,
            "target_pct": 100,
        },
    )
    staff_by_user = dict(StaffMember.objects.values_list("user_id", "pk"))
    seen = set()
    rows = RoleAssignment.objects.filter(role="first_aider", trained_on__isnull=False)
    for user_id, trained_on, lapses_on in rows.values_list(
        "user_id", "trained_on", "training_lapses_on"
    ):
        staff_id = staff_by_user.get(user_id)
        if staff_id is None or (staff_id, trained_on) in seen:
            continue
        seen.add((staff_id, trained_on))
        TrainingCompletion.objects.get_or_create(
            staff_id=staff_id,
            programme=programme,
            completed_on=trained_on,
            defaults={
                "lapses_on": lapses_on if lapses_on and lapses_on > trained_on else None,
                "source": "migrated",
            },
        )


def first_aid_programme_remove(apps, schema_editor):
    apps.get_model("support", "TrainingProgramme").objects.filter(is_first_aid=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0003_training_checkins_leave"),
        ("people", "0002_absenceimport_absencerecord"),
    ]

    operations = [migrations.RunPython(first_aid_programme_create, first_aid_programme_remove)]
