"""Demo data for support: help lines, first aiders with lapsing training, leavers who answered an
exit questionnaire, starters, casework counts, flexible working and leave of absence requests,
training programmes (EDI, Mental Health in Education) with completions, and leader check-ins and
buddies.

Idempotent: each part is only added when it is not there yet, so a second run changes nothing.
"""

import hashlib
import random
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from common.moderation import CommentStatus
from people.models import Role, RoleAssignment, RoleGroup, StaffMember, User
from support.models import (
    CaseworkCount,
    Decision,
    ExitAnswer,
    ExitInvitation,
    ExitReason,
    FlexibleRequestKind,
    FlexibleWorkingPolicy,
    FlexibleWorkingRequest,
    HelpLine,
    KeptBy,
    LeaderCheckIn,
    LeaveReason,
    LeaveRequest,
    NewLeader,
    TrainingCompletion,
    TrainingProgramme,
    TrainingSource,
)

HELP_LINES = [
    (
        "Employee Assistance Programme",
        "Free, confidential counselling by phone or video, plus legal, money and health advice, "
        "for every member of staff and their household.",
        "0800 000 0000",
        "https://eap.example.org/",
        "Every day, 24 hours",
    ),
    (
        "Education Support helpline",
        "A UK charity's free helpline for everyone working in education, with counsellors.",
        "08000 562 561",
        "https://www.educationsupport.org.uk/",
        "Every day, 24 hours",
    ),
    (
        "Samaritans",
        "Someone to talk to about anything that is troubling you, whatever it is.",
        "116 123",
        "https://www.samaritans.org/",
        "Every day, 24 hours",
    ),
    (
        "Occupational health",
        "Referral to the trust's occupational health service: ask your headteacher or HR.",
        "",
        "https://occupational-health.example.org/",
        "Monday to Friday, 09:00 to 17:00",
    ),
]

POLICY = """Every member of staff may ask to work flexibly, from their first day with us.

- **What you can ask for:** part-time or reduced hours, compressed hours, a job share, different
  days, flexible start and finish times, or planning time at home.
- **How to ask:** write to your headteacher (central staff: your line manager), saying what you
  would like to change, from when, and how it could work for your team.
- **What happens next:** we meet you within four weeks and give you a decision within two months.
  If we cannot agree, we explain the business reason and you may appeal to HR.

You can make up to two requests in any twelve months."""

# Schools without a first aider in the demo, so the coverage page has something to flag.
NO_FIRST_AIDER = {"141205"}


def seed(world) -> None:
    with transaction.atomic():
        _help_lines()
        _first_aiders(world)
        _leavers_and_exit_answers(world)
        _starters(world)
        _casework(world)
        _flexible_requests(world)
        _training(world)
        _leaders(world)
        _leave_requests(world)


def _help_lines() -> None:
    for position, (name, offers, phone, website, hours) in enumerate(HELP_LINES):
        HelpLine.objects.get_or_create(
            name=name,
            defaults={
                "offers": offers,
                "phone": phone,
                "website": website,
                "hours": hours,
                "position": position,
            },
        )
    if not FlexibleWorkingPolicy.objects.exists():
        FlexibleWorkingPolicy.objects.create(text=POLICY)


def _first_aiders(world) -> None:
    rng = random.Random(808)
    today = world.today
    held = set(
        RoleAssignment.objects.filter(role__in=[Role.FIRST_AIDER, Role.CHAMPION]).values_list(
            "user_id", "role", "school_id"
        )
    )
    new = []
    for urn, school in sorted(world.schools.items()):
        staff = list(
            StaffMember.objects.filter(school=school, staff_id__startswith="NLT")
            .order_by("staff_id")
            .values_list("user_id", flat=True)[:40]
        )
        if not staff:
            continue
        chosen = rng.sample(staff, k=min(len(staff), 4))
        wanted = (
            []
            if urn in NO_FIRST_AIDER
            else [(chosen[0], Role.FIRST_AIDER), (chosen[1], Role.FIRST_AIDER)]
        )
        wanted.append((chosen[2], Role.CHAMPION))
        for index, (user_id, role) in enumerate(wanted):
            # The second first aider of two schools lapses within 90 days, to show reminders.
            lapsing = role == Role.FIRST_AIDER and index == 1 and urn in {"141201", "141203"}
            days_ago = rng.randint(60, 700)  # drawn every run, so later draws stay the same
            trained = today - timedelta(days=(3 * 365 - 40) if lapsing else days_ago)
            contact = rng.choice(
                ["Staff room, extension 214", "Room B12, ask at reception", "Learning support base"]
            )
            if (user_id, role, school.pk) in held:
                continue
            new.append(
                RoleAssignment(
                    user_id=user_id,
                    role=role,
                    school=school,
                    trained_on=trained,
                    training_lapses_on=trained + timedelta(days=3 * 365),
                    contact_details=contact,
                )
            )
    RoleAssignment.objects.bulk_create(new)
    # The demo first aider login gets training dates the first time only.
    RoleAssignment.objects.filter(
        user__email="firstaider@example.org", trained_on__isnull=True
    ).update(
        trained_on=today - timedelta(days=400),
        training_lapses_on=today - timedelta(days=400) + timedelta(days=3 * 365),
        contact_details="Year 3 classroom, or ask at the office",
    )


def _academic_year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _leavers_and_exit_answers(world) -> None:
    if ExitInvitation.objects.exists():
        return
    rng = random.Random(909)
    today = world.today
    start = _academic_year_start(today)
    candidates = list(
        StaffMember.objects.filter(
            end_date__isnull=True, staff_id__startswith="NLT", school__isnull=False
        )
        .exclude(user__role_assignments__isnull=False)
        .select_related("user")
        .order_by("staff_id")
    )
    leavers = rng.sample(candidates, k=min(len(candidates), 22))
    summer_ends = [date(start.year, 7, 22), date(start.year, 8, 31)]
    invitations, answers, users = [], [], []
    for index, staff in enumerate(leavers):
        if index < 16:
            end = rng.choice(summer_ends)
        else:
            end = start + timedelta(days=rng.randint(20, max(21, (today - start).days - 1)))
        end = max(end, staff.start_date)
        staff.end_date = end
        if end < today:
            staff.user.is_active = False
            users.append(staff.user)
        answered = index % 5 != 4  # most leavers answer
        invitations.append(
            ExitInvitation(
                staff=staff,
                token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
                leave_date=end,
                expires_on=end + timedelta(days=30),
                offered_on=min(today, end - timedelta(days=20)),
                used=answered,
            )
        )
        if answered:
            answers.append(
                ExitAnswer(
                    school=staff.school,
                    role_group=staff.role_group,
                    answered_on=min(today, end + timedelta(days=rng.randint(-10, 20))),
                    reasons=sorted(set(rng.choices(ExitReason.values, k=rng.randint(1, 3)))),
                    kept_by=sorted(set(rng.choices(KeptBy.values, k=rng.randint(0, 2)))),
                    comment=rng.choice(
                        [
                            "",
                            "",
                            "The marking load was the hardest part.",
                            "I valued my colleagues greatly.",
                        ]
                    ),
                )
            )
            # Half the demo comments are already reviewed by HR, half wait for review.
            if answers[-1].comment.startswith("I valued"):
                answers[-1].comment_status = CommentStatus.APPROVED
                answers[-1].shown_comment = answers[-1].comment
    StaffMember.objects.bulk_update(leavers, ["end_date"])
    User.objects.bulk_update(users, ["is_active"])
    ExitInvitation.objects.bulk_create(invitations)
    rng.shuffle(answers)
    ExitAnswer.objects.bulk_create(answers)


def _starters(world) -> None:
    start = _academic_year_start(world.today)
    rng = random.Random(1010)
    wanted = []
    for urn, school in sorted(world.schools.items()):
        for number in range(1, 4 if urn != "141205" else 2):
            wanted.append((f"NEW{urn[-2:]}{number:02d}", school))
    existing = set(
        StaffMember.objects.filter(staff_id__in=[w[0] for w in wanted]).values_list(
            "staff_id", flat=True
        )
    )
    wanted = [w for w in wanted if w[0] not in existing]
    if not wanted:
        return
    users = []
    for staff_id, _school in wanted:
        user = User(
            email=f"starter.{staff_id.lower()}@staff.example.org",
            first_name="New",
            last_name=staff_id,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    by_email = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
    StaffMember.objects.bulk_create(
        StaffMember(
            user=by_email[f"starter.{staff_id.lower()}@staff.example.org"],
            staff_id=staff_id,
            school=school,
            role_group=rng.choice(RoleGroup.values),
            fte=Decimal("1"),
            start_date=start + timedelta(days=rng.choice([0, 0, 1, 49])),
        )
        for staff_id, school in wanted
    )


def _term_keys(today: date) -> list[str]:
    from school_calendar.terms import academic_year_for, previous_term_key, term_key

    year = academic_year_for(today)
    autumn = term_key(year, "autumn")
    return [previous_term_key(autumn), autumn]


def _casework(world) -> None:
    rng = random.Random(1111)
    rows = []
    existing = set(CaseworkCount.objects.values_list("school_id", "term_key"))
    for key in _term_keys(world.today):
        for _urn, school in sorted(world.schools.items()):
            if (school.pk, key) in existing:
                continue
            rows.append(
                CaseworkCount(
                    school=school,
                    term_key=key,
                    grievances=rng.choice([0, 0, 1, 2]),
                    complaints=rng.choice([0, 1, 1, 3]),
                    disciplinaries=rng.choice([0, 0, 0, 1]),
                    disputes=rng.choice([0, 0, 0, 0, 1]),
                    note=rng.choice(["", "", "One case carried over from last term."]),
                )
            )
    CaseworkCount.objects.bulk_create(rows)


def _decision(rng, today: date, received: date, *, weights: list, days: tuple) -> tuple:
    """A register request's decision (open, granted, declined by weights) and, unless open, its
    day: days[0] to days[1] days after it was received, and not after today."""
    decision = rng.choices(Decision.values, weights)[0]
    decided = None
    if decision != Decision.OPEN:
        decided = min(today, received + timedelta(days=rng.randint(*days)))
    return decision, decided


def _flexible_requests(world) -> None:
    if FlexibleWorkingRequest.objects.exists():
        return
    rng = random.Random(1212)
    today = world.today
    schools = [s for _urn, s in sorted(world.schools.items())] + [None]
    rows = []
    for _ in range(34):
        received = today - timedelta(days=rng.randint(3, 330))
        decision, decided = _decision(rng, today, received, weights=[2, 6, 2], days=(10, 60))
        rows.append(
            FlexibleWorkingRequest(
                school=rng.choice(schools),
                role_group=rng.choice(RoleGroup.values),
                kind=rng.choice(FlexibleRequestKind.values),
                received_on=received,
                decision=decision,
                decided_on=decided,
                decline_reason=(
                    rng.choice(
                        [
                            "Timetable cover could not be arranged for the days asked.",
                            "The role needs someone on site at the start of the day.",
                        ]
                    )
                    if decision == Decision.DECLINED
                    else ""
                ),
            )
        )
    FlexibleWorkingRequest.objects.bulk_create(rows)


# (name, audience, months a completion lasts, on-track threshold, share of staff with one)
PROGRAMMES = [
    ("Equality, Diversity and Inclusion", "all_staff", 24, 90, 0.86),
    ("Mental Health in Education", "teaching", 36, 80, 0.68),
]


def _training(world) -> None:
    from support.services import first_aid_training_record, lapse_date

    today = world.today
    staff = list(
        StaffMember.objects.employed_on(today)
        .order_by("staff_id")
        .values_list("pk", "role_group", "start_date")
    )
    for name, audience, months, target, share in PROGRAMMES:
        programme, created = TrainingProgramme.objects.get_or_create(
            name=name,
            defaults={
                "audience": audience,
                "starts_on": _academic_year_start(today) - timedelta(days=365),
                "due_within_weeks": 8,
                "valid_for_months": months,
                "target_pct": target,
            },
        )
        if not created:
            continue
        rng = random.Random(f"training {name}")
        rows = []
        for pk, role_group, start in staff:
            if audience != "all_staff" and role_group != audience:
                continue
            if rng.random() > share:
                continue
            earliest = max(start, today - timedelta(days=30 * months + 120))
            span = (today - earliest).days
            done = earliest + timedelta(days=rng.randint(0, max(span - 1, 0)))
            rows.append(
                TrainingCompletion(
                    staff_id=pk,
                    programme=programme,
                    completed_on=done,
                    lapses_on=lapse_date(programme, done),
                    source=TrainingSource.IMPORT,
                )
            )
        TrainingCompletion.objects.bulk_create(rows)
    # The first aiders' recorded training, as completions of the first-aid programme.
    for assignment in RoleAssignment.objects.filter(
        role=Role.FIRST_AIDER, trained_on__isnull=False
    ):
        first_aid_training_record(assignment=assignment)


def _leaders(world) -> None:
    """Both demo heads: one met their partner this term, the other only last term; the second is
    new this year and has a buddy."""
    today = world.today
    heads = list(
        RoleAssignment.objects.filter(role=Role.HEAD, school__isnull=False)
        .select_related("user")
        .order_by("school__urn", "user__email")
    )
    if not heads or LeaderCheckIn.objects.exists():
        return
    for index, head in enumerate(heads):
        dates = [today - timedelta(days=110)]
        if index % 2 == 0:
            dates.append(today - timedelta(days=20))
        for met_on in dates:
            LeaderCheckIn.objects.create(
                head=head.user,
                school=head.school,
                partner="Dr Priya Shah (executive coach)" if index % 2 else "Mark Ellison",
                met_on=met_on,
            )
    newest = heads[-1]
    NewLeader.objects.get_or_create(
        leader=newest.user,
        school=newest.school,
        defaults={
            "started_on": _academic_year_start(today),
            "buddy": heads[0].user.get_full_name() if len(heads) > 1 else "Trust CEO",
            "buddy_named_on": _academic_year_start(today) + timedelta(days=7),
        },
    )


def _leave_requests(world) -> None:
    if LeaveRequest.objects.exists():
        return
    rng = random.Random(1313)
    today = world.today
    schools = [s for _urn, s in sorted(world.schools.items())] + [None]
    rows = []
    for _ in range(28):
        received = today - timedelta(days=rng.randint(3, 300))
        first = received + timedelta(days=rng.randint(7, 60))
        decision, decided = _decision(rng, today, received, weights=[2, 7, 2], days=(2, 20))
        rows.append(
            LeaveRequest(
                school=rng.choice(schools),
                role_group=rng.choice(RoleGroup.values),
                reason=rng.choice(LeaveReason.values),
                first_day=first,
                last_day=first + timedelta(days=rng.choice([0, 0, 1, 2, 4])),
                received_on=received,
                decision=decision,
                decided_on=decided,
                decline_reason=(
                    "Term-time leave could not be covered on those days."
                    if decision == Decision.DECLINED
                    else ""
                ),
            )
        )
    LeaveRequest.objects.bulk_create(rows)
