from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from common.csvrows import CsvImportError
from people.models import School, StaffMember, User
from people.services import leavers_deactivate, staff_import
from tests.factories import StaffMemberFactory, UserFactory
from tests.held_mail import held_mail_send
from tests.people.helpers import GOOD, HEADER, staff_csv

pytestmark = pytest.mark.django_db


def _problems(data) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        staff_import(data=data)
    return [str(p) for p in caught.value.problems]


def test_a_good_file_creates_accounts_and_staff_records(cast):
    result = staff_import(data=GOOD)

    assert len(result.created) == 3
    ann = StaffMember.objects.select_related("user", "school").get(staff_id="T001")
    assert ann.user.email == "ann.teacher@example.org"
    assert ann.school == cast.school_a
    assert ann.fte == Decimal("1")
    assert ann.user.is_active and not ann.user.has_usable_password()
    bob = StaffMember.objects.get(staff_id="T002")
    assert bob.working_days == "Mon Tue Wed"
    assert bob.start_date == date(2021, 9, 1)
    assert StaffMember.objects.get(staff_id="T003").school is None


def test_importing_the_same_file_again_changes_nothing(cast):
    staff_import(data=GOOD)
    before = list(StaffMember.objects.order_by("pk").values())
    users_before = list(User.objects.order_by("pk").values())

    result = staff_import(data=GOOD)

    assert (result.created, result.updated, result.unchanged) == ([], [], 3)
    assert list(StaffMember.objects.order_by("pk").values()) == before
    assert list(User.objects.order_by("pk").values()) == users_before


def test_a_bad_row_rejects_the_whole_file_naming_line_and_column(cast):
    data = staff_csv(
        "T001,ann.teacher@example.org,Ann,Teacher,100001,teaching,Maths,1,,2019-09-01,",
        "T002,bob.support@example.org,Bob,Support,100001,support,Office,1.5,,2021-09-01,",
    )

    problems = _problems(data)

    assert problems == ["line 3, column fte: 1.5 must be more than 0 and at most 1"]
    assert not StaffMember.objects.filter(staff_id__in=["T001", "T002"]).exists()
    assert not User.objects.filter(email="ann.teacher@example.org").exists()


def test_every_problem_is_reported_at_once(cast):
    data = staff_csv(
        "T001,not-an-email,Ann,Teacher,100001,lecturer,,abc,Mon Funday,2019-31-12,",
        ",,,,12345,teaching,,1,,,",
    )

    problems = _problems(data)

    assert "line 2, column email: 'not-an-email' is not an email address" in problems
    assert "line 2, column role_group: 'lecturer' is not one of: teaching, support" in problems
    assert "line 2, column fte: 'abc' is not a number" in problems
    assert any(p.startswith("line 2, column working_days:") for p in problems)
    assert any(
        p.startswith("line 2, column start_date: '2019-31-12' is not a date") for p in problems
    )
    assert "line 3, column staff_id: is required" in problems
    assert "line 3, column school_urn: '12345' is not a six-digit URN" in problems
    assert "line 3, column start_date: is required" in problems


def test_a_missing_column_is_reported_on_the_header_line(cast):
    problems = _problems("staff_id,email,first_name\nT1,a@example.org,A\n")

    assert "line 1, column last_name: required column is missing" in problems
    assert "line 1, column fte: required column is missing" in problems


def test_an_unknown_urn_is_reported(cast):
    problems = _problems(staff_csv("T9,x@example.org,X,Y,999999,teaching,,1,,2020-09-01,"))

    assert problems == [
        "line 2, column school_urn: no school has URN 999999"
        " (add a school_name column to create it)"
    ]
    assert not School.objects.filter(urn="999999").exists()


def test_a_school_name_column_creates_the_school(cast):
    header = HEADER + ",school_name"
    data = staff_csv(
        "T9,x@example.org,X,Y,999999,teaching,,1,,2020-09-01,,Willow Academy", header=header
    )

    result = staff_import(data=data)

    assert result.schools_created == ["999999"]
    school = School.objects.get(urn="999999")
    assert school.name == "Willow Academy"
    assert StaffMember.objects.get(staff_id="T9").school == school


def test_byte_order_mark_uk_dates_any_column_order_and_spaces_are_accepted(cast):
    data = (
        "\ufeff fte ,start_date,staff_id,email,first_name,last_name,role_group,notes\n"
        " 0.5 , 03/01/2022 , T7 , Dee@Example.org , Dee , Ward , support , ignored\n"
    ).encode()

    staff_import(data=data)

    dee = StaffMember.objects.select_related("user").get(staff_id="T7")
    assert dee.start_date == date(2022, 1, 3)
    assert dee.user.email == "dee@example.org"
    assert dee.fte == Decimal("0.5")
    assert dee.working_days == "Mon Tue Wed Thu Fri"


def test_the_same_staff_id_or_email_twice_in_a_file_is_an_error(cast):
    data = staff_csv(
        "T1,a@example.org,A,A,,support,,1,,2020-09-01,",
        "T1,b@example.org,B,B,,support,,1,,2020-09-01,",
        "T3,A@example.org,C,C,,support,,1,,2020-09-01,",
    )

    problems = _problems(data)

    assert "line 3, column staff_id: 'T1' is also on line 2" in problems
    assert "line 4, column email: 'a@example.org' is also on line 2" in problems


def test_an_email_belonging_to_another_staff_member_is_refused(cast):
    data = staff_csv("T1,STAFF.A@example.org,New,Person,,support,,1,,2020-09-01,")
    owner = StaffMember.objects.get(user=cast.staff_a).staff_id

    problems = _problems(data)

    assert problems == [
        f"line 2, column email: 'staff.a@example.org' already belongs to staff {owner}"
    ]


def test_an_existing_account_without_a_staff_record_is_linked_not_duplicated(cast):
    data = staff_csv("G1,governor.a@example.org,Gail,Nor,100001,support,,0.4,,2020-09-01,")

    staff_import(data=data)

    assert StaffMember.objects.get(staff_id="G1").user == cast.governor_a


def test_an_existing_staff_record_cannot_take_an_account_that_is_not_its_own(cast):
    staff_a = StaffMember.objects.get(user=cast.staff_a)
    data = staff_csv(f"{staff_a.staff_id},trustee@example.org,A,B,100001,teaching,,1,,2015-09-01,")

    assert _problems(data) == [
        "line 2, column email: 'trustee@example.org' already belongs to another account"
    ]


def test_reimport_updates_changed_fields_by_staff_id(cast):
    staff_import(data=GOOD)
    changed = GOOD.replace(
        "Ann,Teacher,100001,teaching,Maths,1", "Ann,Teacher-Smith,100002,teaching,Maths,0.8"
    )

    result = staff_import(data=changed)

    ann = StaffMember.objects.select_related("user").get(staff_id="T001")
    assert len(result.updated) == 1 and result.unchanged == 2
    assert (ann.user.last_name, ann.school, ann.fte) == (
        "Teacher-Smith",
        cast.school_b,
        Decimal("0.8"),
    )


def test_a_leaver_is_deactivated_never_deleted(cast):
    staff_import(data=GOOD)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    leaving = GOOD.replace("Maths,1,,2019-09-01,", f"Maths,1,,2019-09-01,{yesterday}")

    result = staff_import(data=leaving)

    ann = StaffMember.objects.select_related("user").get(staff_id="T001")
    assert result.deactivated == [ann.pk]
    assert ann.user.is_active is False
    assert ann.end_date == date.today() - timedelta(days=1)
    assert User.objects.filter(pk=ann.user.pk).exists()


def test_a_future_leave_date_keeps_the_account_until_the_day_passes(cast):
    tomorrow = date.today() + timedelta(days=1)
    staff_import(data=GOOD.replace("Maths,1,,2019-09-01,", f"Maths,1,,2019-09-01,{tomorrow}"))
    ann = User.objects.get(email="ann.teacher@example.org")
    assert ann.is_active

    assert leavers_deactivate(today=tomorrow) == 0
    assert leavers_deactivate(today=tomorrow + timedelta(days=1)) == 1
    ann.refresh_from_db()
    assert ann.is_active is False


def test_end_date_before_start_date_is_an_error(cast):
    problems = _problems(staff_csv("T1,a@example.org,A,A,,support,,1,,2020-09-01,2020-08-31"))

    assert problems == ["line 2, column end_date: is before start_date"]


def test_a_dry_run_validates_and_writes_nothing(cast):
    header = HEADER + ",school_name"
    data = staff_csv(
        "T9,x@example.org,X,Y,999999,teaching,,1,,2020-09-01,,Willow Academy", header=header
    )
    counts = (User.objects.count(), StaffMember.objects.count(), School.objects.count())

    result = staff_import(data=data, dry_run=True)

    assert len(result.created) == 1 and result.schools_created == ["999999"]
    assert "would be added" in result.summary()
    assert (User.objects.count(), StaffMember.objects.count(), School.objects.count()) == counts


def test_new_staff_are_invited_by_email_after_the_import_commits(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(data=GOOD)
    held_mail_send()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "ann.teacher@example.org",
        "bob.support@example.org",
        "cat.central@example.org",
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_leaver_in_a_first_import_is_not_invited(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(data=staff_csv("T1,a@example.org,A,A,,support,,1,,2010-09-01,2011-07-31"))
    held_mail_send()

    assert mail.outbox == []
    assert User.objects.get(email="a@example.org").is_active is False


def test_a_second_import_invites_nobody(cast, django_capture_on_commit_callbacks):
    staff_import(data=GOOD, send_invitations=False)
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(data=GOOD)
    held_mail_send()

    assert mail.outbox == []


def test_a_file_neither_utf8_nor_windows_1252_is_refused_at_the_line_of_the_bad_byte(cast):
    assert _problems(HEADER.encode() + b"\nT1,\x81\x8d,A\n") == [
        "line 2: byte 0x81 is neither UTF-8 nor Windows-1252 text; save the file as CSV UTF-8"
    ]


def test_existing_staff_not_in_the_file_are_left_alone(cast):
    StaffMemberFactory(
        user=UserFactory(email="other@example.org"), staff_id="KEEP", school=cast.school_a
    )

    staff_import(data=GOOD)

    assert User.objects.get(email="other@example.org").is_active


def test_role_groups_are_read_without_regard_to_case(cast):
    data = staff_csv(
        "T010,cap.teacher@example.org,Cap,Teacher,100001,Teaching,,1,,2021-09-01,",
        "T011,shout.support@example.org,Shout,Support,100001,SUPPORT,,0.5,,2021-09-01,",
    )
    staff_import(data=data)
    assert StaffMember.objects.get(staff_id="T010").role_group == "teaching"
    assert StaffMember.objects.get(staff_id="T011").role_group == "support"
