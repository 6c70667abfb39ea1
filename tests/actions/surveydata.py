"""Closed survey rounds with real stored results, built through the surveys app's own services."""

from datetime import timedelta

from django.utils import timezone

from surveys import services as survey_services
from surveys.models import Comment, Question, Response, Round

QUESTIONS = [
    "I have unachievable deadlines.",  # answered low at school A
    "I can talk to my line manager about something that has upset me.",
    "I am clear what my duties and responsibilities are.",
]


def closed_round(cast, *, slug="autumn-pulse", school_a_answers=None, respondents=6, days_ago=20):
    """A closed round; given answers, school A's respondents give them and results are built.

    school_a_answers: values (1-5) for the three questions; school B answers 4 to everything.
    """
    now = timezone.now()
    survey_round = Round.objects.create(
        slug=slug,
        title=f"Staff survey {slug}",
        opens_at=now - timedelta(days=days_ago + 14),
        closes_at=now - timedelta(days=days_ago),
        min_group_size=5,
        comment_min_group_size=5,
        published=True,
    )
    for text in QUESTIONS:
        survey_services.question_add(
            survey_round=survey_round, text=text, kind=Question.Kind.AGREE5
        )
    if school_a_answers is not None:
        keys = list(survey_round.questions.values_list("key", flat=True))
        rows = []
        for school, answers in ((cast.school_a, school_a_answers), (cast.school_b, [4, 4, 4])):
            for _ in range(respondents):
                rows.append(
                    Response(
                        round=survey_round,
                        school=school,
                        role_group="teaching",
                        submitted_on=timezone.localdate(),
                        answers=dict(zip(keys, answers, strict=True)),
                    )
                )
        Response.objects.bulk_create(rows)
        survey_services.round_results_build(survey_round=survey_round)
    return survey_round


def approved_comment(survey_round, school, text="The photocopier queue eats my PPA time."):
    return Comment.objects.create(
        round=survey_round,
        question_key="comments",
        school=school,
        role_group="teaching",
        text=text,
        shown_text=text,
        status=Comment.Status.APPROVED,
    )
