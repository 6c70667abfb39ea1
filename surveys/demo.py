"""Demo surveys: two closed rounds a year for the past two years, and one open round.

Answers follow each school's own pattern (Hillcrest under more pressure, Meadowbank well
supported, a slow improvement over time), so results, trends and the heat map have a story.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from people.models import StaffMember
from surveys import services
from surveys.instruments import builtin_instruments_load
from surveys.models import Comment, Instrument, Invitation, ReportingCluster, Response, Round

# urn: (ONS life satisfaction mean, HSE "goodness" mean on 1-5, response rate)
SCHOOL_PATTERN = {
    "141201": (7.2, 3.7, 0.72),
    "141202": (6.9, 3.5, 0.64),
    "141203": (6.1, 3.0, 0.55),
    "141204": (7.4, 3.9, 0.78),
    "141205": (6.6, 3.3, 0.70),
    None: (7.0, 3.6, 0.6),
}
COMMENTS = [
    "Marking load in the run-up to reports is the hardest part of the term.",
    "The new behaviour policy has really helped; thank you.",
    "Please keep meetings to the published finish time.",
    "Support staff would like to be included in training days.",
    "I feel listened to by my line manager.",
]


def _at(day, hour) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _rounds(today):
    year = today.year if today.month >= 9 else today.year - 1
    past = []
    for offset in (2, 1):
        start = year - offset
        past.append(
            (
                f"autumn-{start}",
                f"Autumn staff survey {start}",
                _at(datetime(start, 11, 10).date(), 8),
                0.0,
            )
        )
        past.append(
            (
                f"summer-{start + 1}",
                f"Summer staff survey {start + 1}",
                _at(datetime(start + 1, 6, 8).date(), 8),
                0.1,
            )
        )
    return past


def _answers(rng, questions, ons_mean, hse_mean, drift):
    answers = {}
    person = rng.gauss(0, 0.6)
    for q in questions:
        if q.kind == "text":
            continue
        values = q.values
        if rng.random() < 0.03 and not q.required:
            continue
        if q.instrument_key == "ons4":
            centre = ons_mean + drift * 3 + person * 1.5
            if q.key == "ons4_anxiety":
                centre = 10 - centre - 0.8
            value = round(rng.gauss(centre, 1.6))
        elif q.kind in ("item", "agree5"):
            good = rng.gauss(hse_mean + drift + person * 0.6, 0.8)
            value = round(6 - good) if q.reverse else round(good)
        elif q.kind == "single":
            value = rng.choice(values)
        elif q.kind == "multiple":
            answers[q.key] = sorted(rng.sample(values, rng.randint(1, min(2, len(values)))))
            continue
        else:
            value = round(rng.gauss(ons_mean + drift, 1.5))
        answers[q.key] = min(max(value, values[0]), values[-1])
    return answers


def _fill(survey_round, staff, rng, drift, share=1.0):
    questions = list(survey_round.questions.all())
    invitations, responses, comments = [], [], []
    for member in staff:
        ons_mean, hse_mean, rate = SCHOOL_PATTERN.get(
            member.school.urn if member.school else None, SCHOOL_PATTERN[None]
        )
        answered = rng.random() < rate * share
        invitations.append(
            Invitation(
                round=survey_round,
                user_id=member.user_id,
                school_id=member.school_id,
                role_group=member.role_group,
                responded=answered,
            )
        )
        if not answered:
            continue
        support_shift = -0.15 if member.role_group == "support" else 0.0
        responses.append(
            Response(
                round=survey_round,
                school_id=member.school_id,
                role_group=member.role_group,
                department=member.department,
                fte_band="full" if member.fte >= 1 else "part",
                service_band="2-5",
                submitted_on=survey_round.closes_at.date() - timedelta(days=rng.randint(1, 10)),
                answers=_answers(
                    rng, questions, ons_mean + support_shift, hse_mean + support_shift, drift
                ),
            )
        )
        if rng.random() < 0.12:
            comments.append(
                Comment(
                    round=survey_round,
                    question_key="q_comments",
                    school_id=member.school_id,
                    role_group=member.role_group,
                    text=rng.choice(COMMENTS),
                    status=Comment.Status.APPROVED if share == 1.0 else Comment.Status.PENDING,
                )
            )
    rng.shuffle(responses)
    Invitation.objects.bulk_create(invitations)
    Response.objects.bulk_create(responses, batch_size=1000)
    Comment.objects.bulk_create(comments)
    for comment in comments:
        comment.shown_text = comment.text
    Comment.objects.bulk_update(comments, ["shown_text"])


def _build_round(slug, title, opens_at, source):
    closes_at = opens_at + timedelta(days=18)
    if source is None:
        survey_round = Round.objects.create(
            slug=slug,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at,
            min_group_size=5,
            comment_min_group_size=10,
            reminder_every_days=7,
            published=True,
            invitations_sent=True,
        )
        for key in ("ons4", "hse-msit"):
            services.round_instrument_add(
                survey_round=survey_round, instrument=Instrument.objects.get(key=key)
            )
        services.question_add(
            survey_round=survey_round,
            text="I would recommend this school as a place to work.",
            kind="agree5",
            section="About working here",
        )
        question = services.question_add(
            survey_round=survey_round,
            text="Is there anything else you would like to tell us?",
            kind="text",
            section="About working here",
        )
        question.key = "q_comments"
        question.save(update_fields=["key"])
        return survey_round
    survey_round = Round.objects.create(
        slug=slug,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        min_group_size=5,
        comment_min_group_size=10,
        reminder_every_days=7,
        published=True,
        invitations_sent=True,
        copied_from=source,
        instruments=source.instruments,
    )
    services.questions_copy(source=source, target=survey_round)
    return survey_round


@transaction.atomic
def seed(world) -> None:
    if not Instrument.objects.filter(key__in=["ons4", "hse-msit"]).count() == 2:
        builtin_instruments_load()
    cluster, created = ReportingCluster.objects.get_or_create(name="Small settings")
    if created:
        cluster.schools.set(
            [world.schools[urn] for urn in ("141204", "141205") if urn in world.schools]
        )
    rng = random.Random(3003)
    staff = list(StaffMember.objects.select_related("school").order_by("staff_id"))
    source = Round.objects.filter(slug=_rounds(world.today)[0][0]).first()
    for index, (slug, title, opens_at, _) in enumerate(_rounds(world.today)):
        if Round.objects.filter(slug=slug).exists():
            source = Round.objects.get(slug=slug)
            continue
        survey_round = _build_round(slug, title, opens_at, source)
        source = source or survey_round
        _fill(
            survey_round,
            [s for s in staff if s.start_date <= opens_at.date()],
            rng,
            drift=0.08 * index,
        )
        services.round_results_build(survey_round=survey_round)
    year = world.today.year if world.today.month >= 9 else world.today.year - 1
    slug = f"autumn-{year}"
    if not Round.objects.filter(slug=slug).exists():
        opens_at = _at(world.today - timedelta(days=7), 8)
        survey_round = _build_round(slug, f"Autumn staff survey {year}", opens_at, source)
        survey_round.closes_at = _at(world.today + timedelta(days=11), 17)
        survey_round.save(update_fields=["closes_at"])
        demo_users = set(
            StaffMember.objects.filter(user__email__endswith="@example.org").values_list(
                "pk", flat=True
            )
        )
        _fill(
            survey_round, [s for s in staff if s.pk not in demo_users], rng, drift=0.35, share=0.5
        )
        _fill(
            survey_round,
            [s for s in staff if s.pk in demo_users],
            random.Random(1),
            drift=0.35,
            share=0.0,
        )
