"""Models that moved to their own apps (Term, the outbox's records, absence records) keep their
tables and every row: the migrations change Django's record of the models, not the data."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from absence.models import AbsenceCategory, AbsenceRecord
from notifications.models import DeferredTask, NotificationRecord
from people.models import School, StaffMember, Trust, User
from school_calendar.models import Term

pytestmark = pytest.mark.django_db(transaction=True)

UK = ZoneInfo("Europe/London")
# The schema before the moves: the models still in workload and people.
BEFORE = [
    ("absence", None),
    ("notifications", None),
    ("school_calendar", None),
    ("workload", "0009_remove_old_overdue_mail_schedule"),
    ("people", "0004_import_kind_staff_updated_at"),
]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state([node for node in target if node[1]]).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _people():
    trust = Trust.objects.create(name="Moving Trust")
    school = School.objects.create(trust=trust, urn="100001", name="Old Road School")
    user = User.objects.create(email="mover@example.org")
    staff = StaffMember.objects.create(
        user=user,
        staff_id="M1",
        school=school,
        role_group="teaching",
        fte="1.0",
        start_date=date(2020, 9, 1),
    )
    return school, staff


def test_rows_written_before_the_moves_are_all_found_after_them():
    school, staff = _people()
    old = _migrate(BEFORE)
    try:
        OldTerm = old.get_model("workload", "Term")
        OldTerm.objects.create(
            academic_year="2025-26",
            term="autumn",
            first_day=date(2025, 9, 1),
            last_day=date(2025, 12, 19),
            half_term_first_day=date(2025, 10, 27),
            half_term_last_day=date(2025, 10, 31),
        )
        OldTerm.objects.create(
            academic_year="2025-26",
            term="autumn",
            first_day=date(2025, 9, 3),
            last_day=date(2025, 12, 19),
            school_id=school.pk,
        )
        queued = datetime(2025, 11, 21, 21, 0, tzinfo=UK)
        old.get_model("workload", "NotificationRecord").objects.create(
            template="workload/email/meeting_invitation",
            recipients=3,
            school_id=school.pk,
            queued_at=queued,
            due_at=datetime(2025, 11, 24, 7, 0, tzinfo=UK),
        )
        OldDeferred = old.get_model("workload", "DeferredTask")
        OldDeferred.objects.create(
            task="people.tasks.invitation_send_task",
            kwargs={"staff_id": staff.pk},
            created_at=queued,
            due_at=datetime(2025, 11, 24, 7, 0, tzinfo=UK),
        )
        OldDeferred.objects.create(
            task="charters.tasks.version_notify_task",
            kwargs={},
            created_at=queued,
            due_at=datetime(2025, 11, 24, 7, 0, tzinfo=UK),
        )
        old.get_model("people", "AbsenceRecord").objects.create(
            record_id="A-before",
            staff_id=staff.pk,
            start_date=date(2025, 10, 6),
            end_date=date(2025, 10, 8),
            category="SIC",
            reason="infection",
        )
    finally:
        _migrate_to_latest()

    terms = Term.objects.order_by("school_id")
    assert [(t.key, t.school_id, t.first_day) for t in terms] == [
        ("2025-26-autumn", school.pk, date(2025, 9, 3)),
        ("2025-26-autumn", None, date(2025, 9, 1)),
    ]
    assert list(school.terms.all()) == [terms[0]]
    record = NotificationRecord.objects.get()
    assert (record.template, record.recipients, record.school_id) == (
        "workload/email/meeting_invitation",
        3,
        school.pk,
    )
    # The invitation's task moved with the outbox; other tasks keep their names.
    assert sorted(DeferredTask.objects.values_list("task", "kwargs")) == [
        ("charters.tasks.version_notify_task", {}),
        ("notifications.tasks.invitation_send_task", {"staff_id": staff.pk}),
    ]
    absence = AbsenceRecord.objects.get()
    assert (absence.record_id, absence.staff, absence.category) == (
        "A-before",
        staff,
        AbsenceCategory.SIC,
    )
    assert list(staff.absences.all()) == [absence]


def test_the_tables_keep_their_names():
    assert Term._meta.db_table == "workload_term"
    assert NotificationRecord._meta.db_table == "workload_notificationrecord"
    assert DeferredTask._meta.db_table == "workload_deferredtask"
    assert AbsenceRecord._meta.db_table == "people_absencerecord"
    tables = set(connection.introspection.table_names())
    assert {"workload_term", "workload_notificationrecord", "workload_deferredtask"} <= tables
    assert "people_absencerecord" in tables
    assert not {"school_calendar_term", "absence_absencerecord"} & tables


def test_going_back_keeps_the_rows_for_the_previous_code():
    school, staff = _people()
    AbsenceRecord.objects.create(
        record_id="A-after",
        staff=staff,
        start_date=date(2025, 10, 6),
        end_date=date(2025, 10, 6),
        category=AbsenceCategory.SIC,
    )
    DeferredTask.objects.create(
        task="notifications.tasks.invitation_send_task",
        kwargs={"staff_id": staff.pk},
        created_at=datetime(2025, 11, 21, 21, 0, tzinfo=UK),
        due_at=datetime(2025, 11, 24, 7, 0, tzinfo=UK),
    )
    try:
        old = _migrate(BEFORE)
        assert old.get_model("people", "AbsenceRecord").objects.get().record_id == "A-after"
        assert old.get_model("workload", "DeferredTask").objects.get().task == (
            "people.tasks.invitation_send_task"
        )
    finally:
        _migrate_to_latest()
