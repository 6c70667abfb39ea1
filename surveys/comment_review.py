"""Reads for reviewing a round's comments: how many wait, the comments to moderate (filtered),
and the names a comment may mention."""

from django.db.models import Count

from common.moderation import flagged_names
from people.names import trust_staff_names
from surveys.models import (
    Comment,
    Question,
    Round,
    RoundResults,
)


def pending_comment_count(survey_round: Round) -> int:
    return Comment.objects.filter(round=survey_round, status=Comment.Status.PENDING).count()


MODERATION_FILTERS = {
    "pending": Comment.Status.PENDING,
    "approved": Comment.Status.APPROVED,
    "rejected": Comment.Status.REJECTED,
}


def comments_to_moderate(*, survey_round: Round, show: str) -> dict:
    """HR's review list for one status: each comment with its question, its school only when
    the released results show that school with at least the round's comment threshold of
    respondents, and the names flagged in it. Five queries whatever the number of comments."""
    counts = dict(
        Comment.objects.filter(round=survey_round)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    # From the released results (never the responses): schools shown there with enough people.
    released = RoundResults.objects.filter(round=survey_round).values_list("data", flat=True)
    data = next(iter(released), None) or {"groups": []}
    threshold = survey_round.comment_min_group_size
    named_urns = {
        g["school_urn"]
        for g in data["groups"]
        if g["kind"] == "school" and not g["suppressed"] and (g["respondents"] or 0) >= threshold
    }
    names = trust_staff_names()
    questions = {q.key: q.text for q in survey_round.questions.filter(kind=Question.Kind.TEXT)}
    comments = (
        Comment.objects.filter(round=survey_round, status=MODERATION_FILTERS[show])
        .select_related("school")
        .order_by("question_key", "text")
    )
    rows = [
        {
            "comment": c,
            "question": questions.get(c.question_key, c.question_key),
            "school": c.school if c.school and c.school.urn in named_urns else None,
            "flagged": flagged_names(c.text, names),
        }
        for c in comments
    ]
    return {
        "rows": rows,
        "counts": {key: counts.get(status, 0) for key, status in MODERATION_FILTERS.items()},
        "threshold": threshold,
    }


def names_flagged_in(text: str) -> list[str]:
    names = trust_staff_names()
    return flagged_names(text, names)
