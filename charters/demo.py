"""Demo charters: the trust's wellbeing charter (two versions), a workload charter and one
school's own charter, with evidence and some acknowledgements. Idempotent."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from charters import services
from charters.models import (
    Acknowledgement,
    Charter,
    CharterRead,
    CharterVersion,
    Owner,
    Pledge,
    PledgeEvidence,
    Section,
)
from people.models import Role, StaffMember, User

UK = ZoneInfo("Europe/London")

# (section title, introduction, [(commitment, detail, owner, measure key)])
WELLBEING = [
    (
        "Putting mental wellbeing first",
        "Looking after our minds matters as much as anything we teach.",
        [
            (
                "We will treat staff mental health as seriously as physical health.",
                "Line managers check in with each member of their team at least once a "
                "half-term, and *nobody* needs a reason to ask for a conversation.",
                Owner.LEADERS,
                "",
            ),
            (
                "We will have a trained mental health first aider in every school.",
                "Their names and how to reach them are on the portal's support page.",
                Role.HR,
                "schools_with_first_aider",
            ),
        ],
    ),
    (
        "Giving staff a voice",
        "",
        [
            (
                "We will ask every member of staff how they are, twice a year.",
                "An anonymous survey in the autumn and the summer terms, with results "
                "shared within four weeks.",
                Role.HR,
                "surveys_held_this_year",
            ),
            (
                "We will say what we did about what you told us.",
                "Each school publishes a *you said, we did* board after every survey.",
                Role.HEAD,
                "",
            ),
        ],
    ),
    (
        "Driving down unnecessary workload",
        "",
        [
            (
                "No meeting will run past its published finish time.",
                "Meetings have an agenda, a purpose and a finish time, and they end on time.",
                Role.HEAD,
                "meetings_overran_this_term",
            ),
            (
                "We will collect data at most three times a year.",
                "Data drops are planned on a published calendar at the start of the year.",
                Role.HEAD,
                "data_drops_this_year",
            ),
        ],
    ),
    (
        "Respecting time off",
        "Rest is part of doing this job well.",
        [
            (
                "We will not send email between 18:00 and 07:00, at weekends or in holidays.",
                "Emergencies are the only exception. The portal holds its own notifications until "
                "the morning.",
                Owner.EVERYONE,
                "out_of_hours_notifications",
            ),
        ],
    ),
    (
        "Flexible working",
        "",
        [
            (
                "We will consider every flexible working request with an open mind.",
                "Requests get a meeting and a written answer within the statutory time, "
                "and a refusal gives its reasons.",
                Role.HR,
                "",
            ),
        ],
    ),
    (
        "Support when life is hard",
        "",
        [
            (
                "We will make sure everyone knows how to reach the employee assistance programme.",
                "Free, confidential and available day and night; details are on the "
                "[support page](https://www.example.org/support).",
                Role.HR,
                "",
            ),
        ],
    ),
    (
        "Fair and kind leadership",
        "",
        [
            (
                "Leaders will model healthy working habits.",
                "Leaders leave on time, take their breaks and do not expect replies out of hours.",
                Role.HEAD,
                "",
            ),
        ],
    ),
    (
        "Growing as professionals",
        "",
        [
            (
                "We will protect time for professional development.",
                "Training is planned within directed time rather than added on top.",
                Role.HEAD,
                "",
            ),
        ],
    ),
    (
        "Leaving well",
        "",
        [
            (
                "Every leaver will be offered an exit interview.",
                "What leavers tell us is reported to the People committee each term.",
                Role.HR,
                "exit_interviews_offered",
            ),
        ],
    ),
    (
        "Holding ourselves accountable",
        "",
        [
            (
                "Trustees will review progress on this charter every term.",
                "The People committee receives a report on every pledge, its status and "
                "the evidence.",
                Role.TRUSTEE,
                "",
            ),
        ],
    ),
]

WORKLOAD = [
    (
        "Marking and feedback",
        "",
        [
            (
                "We will not ask for written marking beyond what helps pupils learn.",
                "Verbal and whole-class feedback count; *deep marking* is not expected.",
                Role.HEAD,
                "",
            ),
        ],
    ),
    (
        "Meetings",
        "",
        [
            (
                "Meetings will finish by 17:00 and last no longer than an hour.",
                "Every meeting has an agenda sent two working days ahead.",
                Role.HEAD,
                "meetings_overran_this_term",
            ),
        ],
    ),
    (
        "Data",
        "",
        [
            (
                "We will only collect data that we use.",
                "Each data drop says what it is for and who will act on it.",
                Role.HEAD,
                "data_drops_this_year",
            ),
        ],
    ),
    (
        "New initiatives",
        "",
        [
            (
                "Nothing new starts without saying what stops to make room for it.",
                "Every new policy is logged with its workload impact.",
                Role.HR,
                "",
            ),
        ],
    ),
]

SCHOOL = [
    (
        "Our promises at Riverside",
        "These sit alongside the trust's charters.",
        [
            (
                "Staff briefing will be no more than twice a week.",
                "Notices that can be an email will be an email.",
                Role.HEAD,
                "",
            ),
            ("Wednesday afternoons are kept free of meetings after 16:00.", "", Role.HEAD, ""),
            (
                "Our wellbeing champion will run a staff wellbeing group every half-term.",
                "Everyone is welcome; ideas go to the senior team.",
                Role.CHAMPION,
                "",
            ),
        ],
    ),
]


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UK).replace(hour=hour)


def _build(charter: Charter, content, hr, *, review_on: date) -> CharterVersion:
    draft = charter.versions.get(status=CharterVersion.Status.DRAFT)
    sections = Section.objects.bulk_create(
        Section(version=draft, position=i, title=title, introduction=intro)
        for i, (title, intro, _pledges) in enumerate(content, start=1)
    )
    Pledge.objects.bulk_create(
        Pledge(
            section=section,
            position=j,
            commitment=commitment,
            detail=detail,
            owner_role=owner,
            measure_key=measure,
            review_on=review_on,
        )
        for section, (_t, _i, pledges) in zip(sections, content, strict=True)
        for j, (commitment, detail, owner, measure) in enumerate(pledges, start=1)
    )
    return draft


def _charter(slug, kind, title, school, content, hr, published: date, review_on: date):
    charter = services.charter_create(kind=kind, title=title, school=school, slug=slug)
    draft = _build(charter, content, hr, review_on=review_on)
    services.charter_publish(
        version=draft, by=hr, change_summary="", notify=False, at=_at(published)
    )
    charter.refresh_from_db()
    return charter


def _second_version(charter: Charter, hr, published: date) -> None:
    draft = services.draft_start(charter=charter)
    sections = {s.title: s for s in draft.sections.all()}
    surveys = Pledge.objects.get(section=sections["Giving staff a voice"], position=1)
    services.pledge_update(
        pledge=surveys,
        commitment="We will ask every member of staff how they are, twice a year, and run a short "
        "pulse survey each spring.",
        detail="An anonymous survey in the autumn and the summer terms, with results shared within "
        "three weeks, and a five-question pulse survey in the spring.",
    )
    email = Pledge.objects.get(section=sections["Respecting time off"], position=1)
    services.pledge_update(pledge=email, owner_role=Role.HEAD)
    services.pledge_add(
        section=sections["Respecting time off"],
        commitment="We will offer the footer line “I choose to work now; I do not expect a reply "
        "outside working hours” to everyone.",
        detail="It is added to the email templates for every school.",
        owner_role=Role.HR,
    )
    services.pledge_delete(
        pledge=Pledge.objects.get(section=sections["Growing as professionals"], position=1)
    )
    services.section_update(section=sections["Growing as professionals"], title="Growing together")
    services.pledge_add(
        section=sections["Growing as professionals"],
        commitment="Every member of staff will have a protected development day each year.",
        detail="Teaching and support staff alike.",
        owner_role=Role.HEAD,
    )
    services.charter_publish(
        version=draft,
        by=hr,
        change_summary="Adds a spring pulse survey and shortens the time to share results; heads "
        "now own the email pledge; new pledges on the email footer and a development day for "
        "everyone.",
        notify=False,
        at=_at(published),
    )


@transaction.atomic
def seed(world) -> None:
    if Charter.objects.filter(slug="trust-wellbeing-charter").exists():
        return
    hr = User.objects.filter(email="hr@example.org").first()
    today = world.today
    year_start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    review = date(year_start.year + 1, 7, 15)
    trust = _charter(
        "trust-wellbeing-charter",
        Charter.Kind.WELLBEING,
        f"{world.trust.name} wellbeing charter",
        None,
        WELLBEING,
        hr,
        year_start - timedelta(days=360),
        review,
    )
    _second_version(trust, hr, year_start + timedelta(days=20))
    trust.refresh_from_db()
    _charter(
        "trust-workload-charter",
        Charter.Kind.WORKLOAD,
        f"{world.trust.name} workload charter",
        None,
        WORKLOAD,
        hr,
        year_start - timedelta(days=300),
        review,
    )
    riverside = world.schools.get("141201")
    if riverside is not None:
        _charter(
            "riverside-charter",
            Charter.Kind.WELLBEING,
            "Riverside Primary staff charter",
            riverside,
            SCHOOL,
            hr,
            year_start + timedelta(days=10),
            review,
        )
    _evidence(trust, hr, today)
    _acknowledgements(trust, world)
    # The demo staff logins read version 1, so their home page offers "see what changed".
    CharterRead.objects.bulk_create(
        CharterRead(charter=trust, user=user, number=1)
        for user in User.objects.filter(
            email__in=["staff@example.org", "staff.hillcrest@example.org"]
        )
    )


def _evidence(charter: Charter, hr, today: date) -> None:
    pledges = list(Pledge.objects.filter(section__version=charter.current_version, measure_key=""))
    notes = [
        (
            "We will treat staff mental ",
            "on_track",
            "Check-ins logged in every school this half-term.",
        ),
        ("We will say what we did abou", "on_track", "Boards published in all five schools."),
        ("We will consider every flexi", "at_risk", "Two requests went past the statutory time."),
        (
            "Leaders will model healthy w",
            "off_track",
            "Survey: 41% say leaders email late at night.",
        ),
        ("Trustees will review progres", "on_track", "Reviewed at the People committee."),
    ]
    PledgeEvidence.objects.bulk_create(
        PledgeEvidence(
            charter=charter,
            pledge_key=pledge.key,
            status=status,
            note=note,
            evidence_on=today - timedelta(days=14 + i * 3),
            recorded_by=hr,
        )
        for i, (prefix, status, note) in enumerate(notes)
        for pledge in pledges
        if pledge.commitment.startswith(prefix)
    )


def _acknowledgements(charter: Charter, world) -> None:
    staff = list(
        StaffMember.objects.exclude(user__email__endswith="@example.org")
        .order_by("pk")
        .values_list("user_id", "school_id")
    )
    rng = world.rng
    version = charter.current_version
    Acknowledgement.objects.bulk_create(
        Acknowledgement(version=version, user_id=user_id, school_id=school_id)
        for user_id, school_id in staff
        if rng.random() < 0.55
    )
