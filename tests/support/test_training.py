"""Training programmes: audiences, due dates, coverage, the import and who may see whom."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from charters.measures import get_measure, measure_choices
from common.csvrows import CsvImportError
from people.models import Role, RoleAssignment
from support import services
from support.models import TrainingCompletion, TrainingProgramme
from support.training import (
    CURRENT,
    DUE,
    OVERDUE,
    training_coverage,
    training_due,
    training_statuses,
)
from tests.factories import RoleAssignmentFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def _programme(name="Equality, Diversity and Inclusion", **extra):
    values = {
        "audience": "all_staff",
        "starts_on": date(2026, 9, 1),
        "due_within_weeks": 6,
        "valid_for_months": 24,
        "target_pct": 80,
        **extra,
    }
    return TrainingProgramme.objects.create(name=name, **values)


def _done(user, programme, day):
    return services.completion_record(
        staff=user.staff_member, programme=programme, completed_on=day
    )[0]


def _states(programme, day=TODAY):
    return {
        s.staff.user.email: (s.state, s.due_on)
        for s in training_statuses(programmes=[programme], day=day)
    }


def test_a_completion_lasts_its_months_and_then_is_due_by_its_lapse_date(cast):
    edi = _programme()
    completion = _done(cast.staff_a, edi, date(2024, 11, 30))
    assert completion.lapses_on == date(2026, 11, 30)

    assert _states(edi, date(2026, 11, 30))["staff.a@example.org"] == (CURRENT, None)
    assert _states(edi, date(2026, 12, 1))["staff.a@example.org"] == (
        OVERDUE,
        date(2026, 11, 30),
    )


def test_people_in_post_are_due_weeks_after_the_programme_starts_and_late_starters_after_theirs(
    cast,
):
    edi = _programme()  # from 1 September, within 6 weeks: by 13 October
    late = StaffMemberFactory(school=cast.school_a, start_date=date(2026, 11, 2)).user

    states = _states(edi)
    assert states["staff.a@example.org"] == (OVERDUE, date(2026, 10, 13))
    assert states[late.email] == (DUE, date(2026, 12, 14))
    assert len(states) == 9  # the cast's eight staff (HR, central, too) and the late starter


@pytest.mark.parametrize(
    ("audience", "extra", "expected"),
    [
        ("teaching", {}, {"staff.a", "staff.b", "head.a", "head.b", "firstaider.a", "new.starter"}),
        ("support", {}, {"support.a", "champion.a", "hr"}),
        ("leaders", {}, {"head.a", "head.b"}),
        ("first_aiders", {}, {"firstaider.a"}),
        ("school", {"school": "b"}, {"staff.b", "head.b"}),
        ("new_starters", {}, {"new.starter"}),
    ],
)
def test_each_audience_asks_the_right_people(cast, audience, extra, expected):
    StaffMemberFactory(
        school=cast.school_a,
        start_date=date(2026, 9, 14),
        user=UserFactory(email="new.starter@example.org"),
    )
    if "school" in extra:
        extra = {"school": cast.school_b}
    programme = _programme(audience=audience, **extra)

    assert {email.split("@")[0] for email in _states(programme)} == expected


def test_leavers_are_not_in_the_audience(cast):
    StaffMemberFactory(school=cast.school_a, end_date=date(2026, 10, 31))

    assert len(_states(_programme())) == 8  # the cast's staff in post, HR (central) too


def test_coverage_per_school_and_role_group_hides_small_groups(cast):
    cast.trust.min_group_size = 3
    cast.trust.save()
    edi = _programme()
    for user in (cast.staff_a, cast.head_a, cast.support_a):
        _done(user, edi, date(2026, 9, 20))

    result = training_coverage(schools=[cast.school_a, cast.school_b], today=TODAY, trust_wide=True)
    trust, a, b = result["programmes"][0]["rows"]
    # A: 5 staff, 3 current; teaching 2 of 3; support 1 of 2 (below 3: hidden).
    assert (a["all"]["current"], a["all"]["audience"], a["all"]["pct"]) == (3, 5, 60.0)
    assert (a["teaching"]["current"], a["teaching"]["audience"]) == (2, 3)
    assert a["support"] == {"audience": 2, "current": None, "pct": None, "suppressed": True}
    assert b["all"]["suppressed"] is True  # 2 staff at Birch
    assert (trust["name"], trust["all"]["current"], trust["all"]["audience"]) == (
        "The trust",
        3,
        8,
    )


def test_due_overdue_and_lapsing_are_named_for_hr_and_the_heads_own_school_only(cast, client_for):
    edi = _programme()
    _done(cast.staff_a, edi, date(2024, 12, 20))  # lapses 20 December 2026: within 90 days
    _done(cast.staff_b, edi, date(2026, 10, 1))

    due = training_due(school_ids={cast.school_a.pk}, today=TODAY)
    assert [s.staff.user for s in due["lapsing"]] == [cast.staff_a]
    assert cast.head_a in [s.staff.user for s in due["overdue"]]
    assert all(s.staff.school_id == cast.school_a.pk for s in due["overdue"])

    cast.staff_b.first_name, cast.staff_b.last_name = "Bryony", "Beech"
    cast.staff_b.save()
    page = client_for(cast.head_a).get(reverse("support:training_due")).content.decode()
    assert cast.staff_a.get_full_name() in page and "Bryony Beech" not in page
    assert client_for(cast.governor_a).get(reverse("support:training_due")).status_code == 403
    assert client_for(cast.staff_a).get(reverse("support:training_due")).status_code == 403


def test_staff_see_their_own_training_and_nobody_elses(cast, client_for):
    edi = _programme()
    mhe = _programme("Mental Health in Education", audience="teaching", valid_for_months=None)
    _done(cast.support_a, edi, date(2026, 9, 10))
    _done(cast.staff_a, mhe, date(2026, 9, 10))

    page = client_for(cast.support_a).get(reverse("support:my_training")).content.decode()
    assert "Equality, Diversity and Inclusion" in page and "Up to date" in page
    assert "Mental Health in Education" not in page  # asked of teaching staff only
    teacher = client_for(cast.staff_a).get(reverse("support:my_training")).content.decode()
    assert "Overdue" in teacher and "does not lapse" in teacher


# --- Recording and importing -------------------------------------------------------------------


def test_hr_records_one_completion_by_staff_id(cast, client_for):
    edi = _programme()
    url = reverse("support:training_completion_add")
    client = client_for(cast.hr)

    bad = client.post(
        url, {"staff_id": "nobody", "programme": edi.pk, "completed_on": "2026-10-01"}
    )
    assert b"No member of staff has this staff id" in bad.content
    client.post(
        url,
        {
            "staff_id": cast.staff_a.staff_member.staff_id,
            "programme": edi.pk,
            "completed_on": "2026-10-01",
        },
    )
    completion = TrainingCompletion.objects.get()
    assert (completion.staff.user, completion.lapses_on) == (cast.staff_a, date(2028, 10, 1))


def _csv(*lines):
    return ("staff_id,programme,completed_on\n" + "\n".join(lines) + "\n").encode()


def test_an_import_with_any_bad_row_names_each_problem_and_writes_nothing(cast):
    _programme()
    a, b = cast.staff_a.staff_member.staff_id, cast.staff_b.staff_member.staff_id
    data = _csv(
        f"{a},Equality Diversity,2026-10-01",
        'NOPE,"Equality, Diversity and Inclusion",2026-10-01',
        f'{b},"Equality, Diversity and Inclusion",31/02/2026',
        f'{b},"Equality, Diversity and Inclusion",2027-01-01',
        ',"Equality, Diversity and Inclusion",',
        f'{a},"Equality, Diversity and Inclusion",2026-10-01',  # fine, but not written
    )

    with pytest.raises(CsvImportError) as caught:
        services.completions_import(data=data, today=TODAY)

    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "line 2, column programme: 'Equality Diversity' is not a training programme",
        "line 3, column staff_id: no member of staff has the staff id 'NOPE'",
        "line 4, column completed_on: '31/02/2026' is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
        "line 5, column completed_on: 2027-01-01 is in the future",
        "line 6, column completed_on: is required",
        "line 6, column staff_id: is required",
    ]
    assert not TrainingCompletion.objects.exists()


def test_an_import_adds_completions_once_whatever_the_case_of_the_name(cast):
    edi = _programme()
    a, b = cast.staff_a.staff_member.staff_id, cast.staff_b.staff_member.staff_id
    data = _csv(
        f'{a},"equality, diversity and inclusion",2026-10-01',
        f'{b},"Equality, Diversity and Inclusion",02/10/2026',
        f'{b},"Equality, Diversity and Inclusion",02/10/2026',
    )

    first = services.completions_import(data=data, today=TODAY)
    again = services.completions_import(data=data, today=TODAY)

    assert (first.created, first.unchanged) == (2, 0)
    assert (again.created, again.unchanged) == (0, 2)
    assert sorted(edi.completions.values_list("completed_on", flat=True)) == [
        date(2026, 10, 1),
        date(2026, 10, 2),
    ]


def test_the_import_page_lists_problems_by_line(cast, client_for):
    _programme()
    upload = _csv("NOPE,Equality,2026-10-01")

    response = client_for(cast.hr).post(
        reverse("support:training_import"),
        {"file": SimpleUploadedFile("completions.csv", upload, content_type="text/csv")},
    )

    assert "Nothing was imported" in response.content.decode()
    assert "line 2, column staff_id" in response.content.decode()


# --- Mental health first aid as one programme --------------------------------------------------


def _first_aid():
    return TrainingProgramme.objects.get(is_first_aid=True)


def test_the_migration_turns_first_aiders_training_into_completions(cast):
    TrainingProgramme.objects.filter(is_first_aid=True).delete()
    RoleAssignment.objects.filter(user=cast.first_aider_a, role=Role.FIRST_AIDER).update(
        trained_on=date(2025, 3, 1), training_lapses_on=date(2028, 3, 1)
    )
    no_record = RoleAssignmentFactory(
        role=Role.FIRST_AIDER, school=cast.school_b, trained_on=date(2025, 1, 1)
    )
    migration = importlib.import_module("support.migrations.0004_first_aid_training_programme")

    migration.first_aid_programme_create(django_apps, None)
    migration.first_aid_programme_create(django_apps, None)  # a second run adds nothing

    (completion,) = _first_aid().completions.all()
    assert completion.staff.user == cast.first_aider_a
    assert (completion.completed_on, completion.lapses_on) == (date(2025, 3, 1), date(2028, 3, 1))
    assert not TrainingCompletion.objects.filter(staff__user=no_record.user).exists()
    assert _first_aid().audience == "first_aiders"


def test_a_first_aid_completion_moves_the_first_aiders_dates_and_the_figures_follow(cast):
    from support.training import coverage

    assert coverage(schools=[cast.school_a], today=TODAY)["rows"][0]["first_aiders"] == 1
    RoleAssignment.objects.filter(user=cast.first_aider_a).update(
        trained_on=date(2022, 1, 1), training_lapses_on=date(2025, 1, 1)
    )
    assert coverage(schools=[cast.school_a], today=TODAY)["rows"][0]["first_aiders"] == 0

    _done(cast.first_aider_a, _first_aid(), date(2026, 10, 5))

    role = RoleAssignment.objects.get(user=cast.first_aider_a, role=Role.FIRST_AIDER)
    assert (role.trained_on, role.training_lapses_on) == (date(2026, 10, 5), date(2029, 10, 5))
    assert coverage(schools=[cast.school_a], today=TODAY)["rows"][0]["first_aiders"] == 1


def test_editing_a_first_aiders_dates_records_a_first_aid_completion(cast, client_for):
    role = RoleAssignment.objects.get(user=cast.first_aider_a, role=Role.FIRST_AIDER)

    client_for(cast.hr).post(
        reverse("support:training_edit", args=[role.pk]),
        {"trained_on": "2026-05-01", "training_lapses_on": "2029-05-01", "contact_details": ""},
    )

    completion = _first_aid().completions.get()
    assert (completion.completed_on, completion.lapses_on) == (date(2026, 5, 1), date(2029, 5, 1))


# --- The pledge measure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trained", "status"), [(5, "on_track"), (4, "on_track"), (3, "at_risk"), (2, "off_track")]
)
def test_each_programme_is_a_pledge_measure_on_track_at_the_threshold_hr_sets(
    cast, trained, status
):
    edi = _programme(target_pct=70)  # at risk from 55%
    staff = [cast.staff_a, cast.support_a, cast.head_a, cast.champion_a, cast.first_aider_a]
    for user in staff[:trained]:
        _done(user, edi, date(2026, 9, 20))

    assert (edi.measure_key, f"Staff with current training: {edi.name}") in measure_choices()
    result = get_measure(edi.measure_key).compute(school=cast.school_a, today=TODAY)

    assert result.status == status
    assert result.value == f"{100 * trained // 5}% ({trained} of 5)"


def test_the_measure_says_nothing_for_a_group_below_the_minimum(cast):
    edi = _programme()

    result = get_measure(edi.measure_key).compute(school=cast.school_b, today=TODAY)

    assert result.status is None and result.value == "too few people to show"
    assert get_measure("training_999999") is None


# --- Pages -------------------------------------------------------------------------------------


def test_hr_adds_a_programme_for_one_school_and_must_choose_it(cast, client_for):
    url = reverse("support:training_programme_add")
    data = {
        "name": "Safeguarding refresher",
        "audience": "school",
        "starts_on": "2026-09-01",
        "due_within_weeks": 4,
        "valid_for_months": 12,
        "target_pct": 95,
    }
    client = client_for(cast.hr)

    refused = client.post(url, data)
    assert b"Choose the school whose staff must take it" in refused.content
    client.post(url, {**data, "school": cast.school_b.pk})
    assert TrainingProgramme.objects.get(name="Safeguarding refresher").school == cast.school_b


def test_governors_see_their_schools_coverage_without_names(cast, client_for):
    edi = _programme()
    _done(cast.staff_a, edi, date(2026, 9, 20))

    page = client_for(cast.governor_a).get(reverse("support:training")).content.decode()

    assert cast.school_a.name in page and cast.school_b.name not in page
    assert cast.staff_a.get_full_name() not in page and "The trust" not in page


@pytest.mark.parametrize("url_name", ["support:training", "support:training_due"])
def test_training_pages_take_the_same_queries_at_two_data_sizes(
    cast, client_for, django_assert_num_queries, url_name, time_machine
):
    time_machine.move_to(date(2026, 11, 23))
    client = client_for(cast.hr)
    client.get(reverse(url_name))  # the session and role grants settle on the first request
    edi, mhe = _programme(), _programme("Mental Health in Education", audience="teaching")

    def grow(count):
        for _ in range(count):
            member = StaffMemberFactory(school=cast.school_b).user
            _done(member, edi, date(2026, 10, 1))
            _done(member, mhe, date(2026, 10, 2))

    grow(2)
    with django_assert_num_queries(QUERIES[url_name]):
        client.get(reverse(url_name))
    grow(10)
    _programme("Induction", audience="new_starters")
    with django_assert_num_queries(QUERIES[url_name]):
        assert client.get(reverse(url_name)).status_code == 200


# The same whatever the numbers of staff, completions and programmes.
QUERIES = {"support:training": 9, "support:training_due": 7}


def test_a_pledge_tied_to_a_programme_shows_its_coverage_in_the_pledge_statuses(cast, time_machine):
    from charters.selectors import pledge_statuses
    from tests.charters.helpers import published_charter

    time_machine.move_to(date(2026, 11, 23))
    edi = _programme(target_pct=50)
    for user in (cast.staff_a, cast.support_a, cast.head_a):
        _done(user, edi, date(2026, 9, 20))
    published_charter(
        cast.hr,
        pledges=[
            (
                "People",
                [{"commitment": "All staff trained in EDI.", "measure_key": edi.measure_key}],
            )
        ],
    )

    (row,) = pledge_statuses(school=cast.school_a)

    assert row["status"] == "on_track"
    assert row["evidence"] == (
        "Staff with current training: Equality, Diversity and Inclusion: 60% (3 of 5) "
        "(current completions; on track at 50%)"
    )


def test_the_weekly_reminder_counts_each_programmes_completions_lapsing_within_90_days(cast):
    from django.core import mail

    edi = _programme()
    _done(cast.staff_a, edi, date(2024, 12, 20))  # lapses 20 December 2026
    _done(cast.staff_b, edi, date(2025, 2, 20))  # lapses 20 February 2027: within 90 days
    _done(cast.head_a, edi, date(2025, 6, 1))  # lapses in June 2027: not yet

    assert services.training_reminders_send(today=TODAY) == 2

    [message] = mail.outbox
    assert "Equality, Diversity and Inclusion: 2 completions" in message.body
    assert "/support/training/due/" in message.body
