"""Demo "you said, we did": actions in every state for every school, answering the findings of
the latest closed demo survey, trust-wide actions, and last term's published newsletter."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from actions import selectors, services
from actions.models import Action, ActionChange, DifferenceVoter, Newsletter, Status, Theme
from people.models import Role, RoleAssignment, StaffMember, User
from school_calendar.terms import current_term
from surveys.sealing import voter_token

HSE_THEMES = {
    "demands": Theme.HSE_DEMANDS,
    "control": Theme.HSE_CONTROL,
    "manager_support": Theme.HSE_MANAGER_SUPPORT,
    "peer_support": Theme.HSE_PEER_SUPPORT,
    "relationships": Theme.HSE_RELATIONSHIPS,
    "role": Theme.HSE_ROLE,
    "change": Theme.HSE_CHANGE,
}
# What a school might do about each theme: (we will, we did).
RESPONSES = {
    Theme.HSE_DEMANDS: (
        "Cut the autumn data drop and move report writing out of the mock exam fortnight.",
        "Dropped one data collection and spread report deadlines over three weeks.",
    ),
    Theme.HSE_CONTROL: (
        "Let departments choose their own marking approach within the trust policy.",
        "Each department now agrees its marking approach at the start of term.",
    ),
    Theme.HSE_MANAGER_SUPPORT: (
        "Give every member of staff a termly one-to-one with their line manager.",
        "Termly one-to-ones are in every calendar; 92% took place.",
    ),
    Theme.HSE_PEER_SUPPORT: (
        "Start a fortnightly staff coffee morning with cover for support staff.",
        "The coffee morning runs every other Friday, with cover arranged.",
    ),
    Theme.HSE_RELATIONSHIPS: (
        "Refresh the staff code of conduct with staff and union representatives.",
        "The refreshed code was agreed with staff and the unions.",
    ),
    Theme.HSE_ROLE: (
        "Publish clear job descriptions for teaching assistants.",
        "New job descriptions were shared and discussed with every TA.",
    ),
    Theme.HSE_CHANGE: (
        "Consult staff before the new timetable is fixed.",
        "Two consultation sessions shaped the final timetable.",
    ),
    Theme.WELLBEING: (
        "Train two more mental health first aiders.",
        "Two more staff are now trained mental health first aiders.",
    ),
    Theme.WORKLOAD: ("Stop weekly planning scrutiny.", "Planning scrutiny has stopped."),
    Theme.COMMUNICATION: (
        "Send one staff bulletin a week instead of daily emails.",
        "A weekly bulletin replaced the daily emails.",
    ),
    Theme.FACILITIES: (
        "Fix the staffroom and add quiet working space.",
        "The staffroom was refurbished.",
    ),
}
FALLBACK = [
    (Theme.WORKLOAD, "Staff told us that weekly planning scrutiny adds work without helping."),
    (Theme.COMMUNICATION, "Staff told us that daily all-staff emails are hard to keep up with."),
    (Theme.FACILITIES, "Staff told us the staffroom is too small to work or rest in."),
    (Theme.WELLBEING, "Staff told us they did not know who to talk to when struggling."),
    (Theme.HSE_CHANGE, "Staff told us changes are announced without asking them first."),
    (
        Theme.HSE_PEER_SUPPORT,
        "Support staff told us they rarely meet colleagues outside their team.",
    ),
]
TRUST_ACTIONS = [
    (
        Theme.WORKLOAD,
        "Staff across the trust said email out of hours adds pressure.",
        (
            "Adopt trust-wide email quiet hours (18:00 to 07:00, weekends and holidays).",
            "Quiet hours are live; portal email now waits until 07:00.",
        ),
        Status.DONE,
    ),
    (
        Theme.WELLBEING,
        "Staff said they did not know what wellbeing support the trust offers.",
        (
            "Publish one page listing every source of support, in every staffroom and online.",
            "",
        ),
        Status.IN_PROGRESS,
    ),
    (
        Theme.DEVELOPMENT,
        "Support staff said training days rarely include them.",
        ("Plan a support-staff strand for every trust training day next year.", ""),
        Status.PLANNED,
    ),
]
NEWSLETTER_INTRO = (
    "Thank you to everyone who took part in the summer survey. This newsletter sets out what each "
    "school and the trust did with what you told us, and what is still under way.\n\n"
    "If an action made a difference to you (or did not), say so on the board: it takes one click "
    "and is completely anonymous."
)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _owner(school, heads: dict, fallback: dict):
    return heads.get(school.pk) or fallback.get(school.pk)


def _theme_for(question, hse_items: dict) -> str:
    if question.instrument_key == "ons4":
        return Theme.WELLBEING
    return hse_items.get(question.key, Theme.WORKLOAD)


def _hse_items(survey_round) -> dict:
    items = {}
    for score in (survey_round.instruments or {}).get("hse-msit", {}).get("scores", []):
        for key in score.get("items", []):
            items[key] = HSE_THEMES.get(score["key"], Theme.WORKLOAD)
    return items


def _plans(world, term_now, term_before):
    """The life story of each demo action: (status, due, completed, history [(day, status)])."""
    today = world.today
    start = (term_before.first_day if term_before else today - timedelta(days=120)) + timedelta(
        days=14
    )
    done_before = (
        (term_before.last_day - timedelta(days=10)) if term_before else today - timedelta(days=60)
    )
    now_start = term_now.first_day if term_now else today - timedelta(days=60)
    done_now = min(now_start + timedelta(days=30), today - timedelta(days=1))
    return [
        (
            Status.DONE,
            done_before,
            done_before,
            [
                (start, Status.PLANNED),
                (start + timedelta(days=7), Status.IN_PROGRESS),
                (done_before, Status.DONE),
            ],
        ),
        (
            Status.DONE,
            done_now,
            done_now,
            [(start, Status.PLANNED), (now_start, Status.IN_PROGRESS), (done_now, Status.DONE)],
        ),
        (
            Status.IN_PROGRESS,
            today + timedelta(days=25),
            None,
            [(start, Status.PLANNED), (start + timedelta(days=10), Status.IN_PROGRESS)],
        ),
        (Status.IN_PROGRESS, today - timedelta(days=12), None, [(start, Status.IN_PROGRESS)]),
        (Status.PLANNED, today + timedelta(days=80), None, [(start, Status.PLANNED)]),
        (
            Status.NOT_DOING,
            today + timedelta(days=40),
            None,
            [(start, Status.PLANNED), (now_start, Status.NOT_DOING)],
        ),
    ]


def _make(
    rows,
    changes,
    voters,
    *,
    school,
    theme,
    you_said,
    plan,
    owner,
    survey_round=None,
    question=None,
    staff_ids=(),
    rng,
    texts=None,
):
    status, due, completed, history = plan
    we_will, we_did = texts or RESPONSES.get(theme, RESPONSES[Theme.WORKLOAD])
    action = Action(
        school=school,
        round=survey_round,
        question=question,
        theme=theme,
        you_said=you_said,
        we_will=we_will,
        owner=owner,
        due_on=due,
        status=status,
        completed_on=completed,
        created_by=owner,
        we_did=we_did if status == Status.DONE else "",
        status_reason="Next year's budget does not allow it; we will look again in the spring."
        if status == Status.NOT_DOING
        else "",
        created_at=_at(history[0][0]),
        updated_at=_at(history[-1][0]),
        overdue_notified_on=None,
    )
    if status in (Status.DONE, Status.IN_PROGRESS) and staff_ids:
        answered = rng.sample(list(staff_ids), min(len(staff_ids), rng.randint(4, 14)))
        action.made_difference = sum(1 for _ in answered if rng.random() < 0.7)
        action.made_no_difference = len(answered) - action.made_difference
        voters.append((action, answered))
    rows.append(action)
    previous = None
    for index, (day, step) in enumerate(history):
        change = {} if index == 0 else {"Status": [Status(previous).label, Status(step).label]}
        changes.append(
            (
                action,
                ActionChange(
                    changed_at=_at(day, 9 + index),
                    changed_by=owner,
                    status=step,
                    changes=change,
                    created=index == 0,
                ),
            )
        )
        previous = step


@transaction.atomic
def seed(world) -> None:
    from school_calendar import terms as calendar

    if not Action.objects.exists():
        _seed_actions(world, calendar)
    _seed_newsletter(world, calendar)


def _terms(world, calendar):
    key = current_term(world.today).key
    before = calendar.previous_term_key(key)
    return key, before, calendar.term_dates(key), calendar.term_dates(before)


def _seed_actions(world, calendar) -> None:
    _, _, term_now, term_before = _terms(world, calendar)
    plans = _plans(world, term_now, term_before)
    rng = world.rng
    heads = dict(RoleAssignment.objects.filter(role=Role.HEAD).values_list("school_id", "user"))
    users = User.objects.in_bulk(set(heads.values()))
    heads = {school_id: users[user_id] for school_id, user_id in heads.items()}
    fallback, staff_by_school = {}, {}
    for staff in StaffMember.objects.select_related("user").order_by("staff_id"):
        if staff.school_id is None:
            continue
        if staff.user.email.endswith("@example.org"):  # the demo logins: left free to try the click
            fallback.setdefault(staff.school_id, staff.user)
            continue
        fallback.setdefault(staff.school_id, staff.user)
        staff_by_school.setdefault(staff.school_id, []).append(staff.user_id)
    rows, changes, voters = [], [], []
    for school in world.schools.values():
        owner = _owner(school, heads, fallback)
        if owner is None:
            continue
        findings = selectors.findings_without_action(school=school, every=True)
        survey_round = findings["round"]
        hse = _hse_items(survey_round) if survey_round else {}
        for index, plan in enumerate(plans):
            if index < len(findings["findings"]):
                finding = findings["findings"][index]
                question = finding["question"]
                theme = _theme_for(question, hse)
                you_said = (
                    f"“{question.text}” was one of our least favourable answers in the "
                    f"{survey_round.title.lower()} "
                    f"(mean {finding['mean']:.1f}, scale {finding['scale']})."
                )
                _make(
                    rows,
                    changes,
                    voters,
                    school=school,
                    theme=theme,
                    you_said=you_said,
                    plan=plan,
                    owner=owner,
                    survey_round=survey_round,
                    question=question,
                    staff_ids=staff_by_school.get(school.pk, ()),
                    rng=rng,
                )
            else:
                theme, you_said = FALLBACK[index]
                _make(
                    rows,
                    changes,
                    voters,
                    school=school,
                    theme=theme,
                    you_said=you_said,
                    plan=plan,
                    owner=owner,
                    survey_round=survey_round,
                    staff_ids=staff_by_school.get(school.pk, ()),
                    rng=rng,
                )
    hr = User.objects.filter(role_assignments__role=Role.HR).order_by("pk").first()
    all_staff = [i for ids in staff_by_school.values() for i in ids]
    if hr is not None:
        for theme, you_said, texts, status in TRUST_ACTIONS:
            plan = next(p for p in plans if p[0] == status)
            _make(
                rows,
                changes,
                voters,
                school=None,
                theme=theme,
                you_said=you_said,
                plan=plan,
                owner=hr,
                staff_ids=all_staff,
                rng=rng,
                texts=texts,
            )
    Action.objects.bulk_create(rows)
    for action, change in changes:
        change.action = action
    ActionChange.objects.bulk_create([change for _, change in changes])
    DifferenceVoter.objects.bulk_create(
        [
            DifferenceVoter(action=action, token=voter_token(action_id=action.pk, user_id=user_id))
            for action, answered in voters
            for user_id in answered
        ]
    )


def _seed_newsletter(world, calendar) -> None:
    _, before, _, term_before = _terms(world, calendar)
    if term_before is None or Newsletter.objects.filter(term_key=before).exists():
        return
    hr = User.objects.filter(role_assignments__role=Role.HR).order_by("pk").first()
    newsletter = services.newsletter_generate(term_key=before, by=hr)
    # Published as it was at the end of that term; the demo sends no email.
    Newsletter.objects.filter(pk=newsletter.pk).update(
        introduction=NEWSLETTER_INTRO,
        state=Newsletter.State.PUBLISHED,
        published_at=_at(term_before.last_day, 12),
    )
