"""Reads for exit questionnaires: the leaving period of a term, the trust-wide results (hidden
below the minimum group size) and the comments HR reviews."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from common.moderation import CommentStatus
from people import anonymity
from people.models import School, StaffMember, Trust
from school_calendar.terms import SchoolCalendar, SchoolTerm
from support.models import (
    ExitAnswer,
    ExitReason,
    KeptBy,
)

# --- Exit questionnaires ----------------------------------------------------------------------


def leaving_period(term_key: str, school: School | None = None) -> tuple[date, date] | None:
    """The one definition of "left in the term", for leavers and exit answers alike: from the day
    after the previous term ends to the term's last day, so a leaver whose last day (or answer)
    falls in the holidays before the term (e.g. 31 August) still counts (docs/figures.md)."""
    return leaving_in_calendar(SchoolCalendar(school), term_key)


def leaving_in_calendar(calendar, term_key: str) -> tuple[date, date] | None:
    dates = calendar.term_dates(term_key)
    if dates is None:
        return None
    previous = calendar.term_dates(SchoolTerm.parse(term_key).previous.key)
    start = previous.last_day + timedelta(days=1) if previous else dates.first_day
    return start, dates.last_day


def _exit_period(term_key: str) -> tuple[date, date] | None:
    return leaving_period(term_key)


def exit_reasons(*, term_key: str, today: date | None = None) -> dict:
    """Trust-wide exit questionnaire results for a term, hidden below the minimum group size.

    Only the trust's figures exist: per-school results would let small schools' answers be
    worked out by subtraction. The figures move only in steps of the minimum group size
    (people.anonymity.stepped_count), so watching them cannot reveal one leaver's answers: they
    count the first answers of whole past days (today's are still coming in), in a fixed order
    (day, then id), up to the last whole multiple of the minimum. A later answer always sorts
    after every earlier one, so each step adds exactly the next answers, never swaps one.
    """
    trust = Trust.current()
    today = today or timezone.localdate()
    period = _exit_period(term_key)
    empty = {"answers": None, "suppressed": True, "reasons": [], "kept_by": [], "comments": []}
    if period is None:
        return empty
    answers = list(
        ExitAnswer.objects.filter(answered_on__range=period, answered_on__lt=today)
        .order_by("answered_on", "id")
        .values_list("reasons", "kept_by", "shown_comment", "comment_status")
    )
    answers = answers[: anonymity.stepped_count(len(answers), trust.min_group_size)]
    if len(answers) < trust.min_group_size:
        return {**empty, "answers": None}

    def tally(index, choices):
        counts = Counter(key for row in answers for key in row[index])
        return [
            {
                "key": key,
                "label": label,
                "count": counts[key],
                "pct": Decimal(100 * counts[key]) / len(answers),
            }
            for key, label in choices
            if counts[key]
        ]

    reasons = sorted(tally(0, ExitReason.choices), key=lambda r: -r["count"])
    kept = sorted(tally(1, KeptBy.choices), key=lambda r: -r["count"])
    comments = []
    if len(answers) >= trust.comment_min_group_size:
        # Only comments HR has reviewed and approved (with any redactions) are shown.
        comments = sorted(
            row[2] for row in answers if row[3] == CommentStatus.APPROVED and row[2].strip()
        )
    return {
        "answers": len(answers),
        "suppressed": False,
        "reasons": reasons,
        "kept_by": kept,
        "comments": comments,
    }


@dataclass
class ExitCommentsForReview:
    answers: int
    threshold: int
    comments: list  # ExitAnswer rows with a comment, in random (UUID) order

    @property
    def reviewable(self) -> bool:
        return self.answers >= self.threshold


def exit_comments_for_review(*, term_key: str) -> ExitCommentsForReview:
    """The term's exit comments for HR to review: only when the term has enough answers for
    comments to be shown at all, so a lone leaver's words are never read on their own."""
    threshold = Trust.current().comment_min_group_size
    period = _exit_period(term_key)
    if period is None:
        return ExitCommentsForReview(0, threshold, [])
    in_term = ExitAnswer.objects.filter(answered_on__range=period)
    count = in_term.count()
    if count < threshold:
        return ExitCommentsForReview(count, threshold, [])
    rows = list(
        in_term.exclude(comment="").only("id", "comment", "comment_status", "shown_comment")
    )
    return ExitCommentsForReview(count, threshold, rows)


def leavers_offered(*, first: date, last: date, school: School | None = None) -> tuple[int, int]:
    """(leavers with a leave date in the period offered an exit questionnaire, all such leavers)."""
    leavers = StaffMember.objects.filter(end_date__range=(first, last))
    if school is not None:
        leavers = leavers.filter(school=school)
    total = leavers.count()
    offered = leavers.filter(exit_invitations__isnull=False).distinct().count()
    return offered, total
