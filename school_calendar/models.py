"""The school calendar's data: term dates, the trust's and each school's own."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast, Left

from people.models import School

ACADEMIC_YEAR_PATTERN = re.compile(r"^\d{4}-\d{2}$")
ACADEMIC_YEAR_VALIDATOR = RegexValidator(r"^\d{4}-\d{2}$", "Write the academic year as 2025-26.")

# The rules of one term's dates, as messages. Term.clean() (so full_clean, the term page, the admin
# and the CSV import) reports them by field; the database's constraints below hold the same rules.
LAST_BEFORE_FIRST = "The last day is before the first day."
OUTSIDE_YEAR = "The term is not inside the academic year {year}."
HALF_TERM_PAIR = "Give both half-term days, or neither."
HALF_TERM_BACKWARDS = "The half-term ends before it starts."
HALF_TERM_OUTSIDE = "The half-term must lie inside the term, between its first and last day."
_START_YEAR = Cast(Left("academic_year", 4), IntegerField())


def term_date_problems(
    *, academic_year, first_day, last_day, half_term_first_day=None, half_term_last_day=None
) -> dict[str, str]:
    """What is wrong with one term's dates, by field; empty when they are fine.

    A term may be a single day (last day = first day); it lies in the two calendar years of its
    academic year; a half-term comes as a pair of days, strictly inside the term.
    """
    problems: dict[str, str] = {}
    if first_day and last_day:
        if last_day < first_day:
            problems["last_day"] = LAST_BEFORE_FIRST
        elif academic_year and ACADEMIC_YEAR_PATTERN.match(academic_year):
            start = int(academic_year[:4])
            if not {first_day.year, last_day.year} <= {start, start + 1}:
                problems["first_day"] = OUTSIDE_YEAR.format(year=academic_year)
    half_first, half_last = half_term_first_day, half_term_last_day
    if (half_first is None) != (half_last is None):
        problems["half_term_last_day" if half_last is None else "half_term_first_day"] = (
            HALF_TERM_PAIR
        )
    elif half_first and half_last:
        if half_last < half_first:
            problems["half_term_last_day"] = HALF_TERM_BACKWARDS
        elif first_day and last_day and not (first_day < half_first and half_last < last_day):
            problems["half_term_first_day"] = HALF_TERM_OUTSIDE
    return problems


class TermName(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


class Term(models.Model):
    """One term's dates: the trust's (school empty) or one school's own, which overrides it.

    The term runs from first_day to last_day inclusive and includes INSET days: staff work them,
    so they are school working days (pupils are absent; see DirectedEvent for the hours).
    """

    academic_year = models.CharField(max_length=7, validators=[ACADEMIC_YEAR_VALIDATOR])
    term = models.CharField(max_length=6, choices=TermName.choices)
    first_day = models.DateField()
    last_day = models.DateField()
    half_term_first_day = models.DateField(null=True, blank=True)
    half_term_last_day = models.DateField(null=True, blank=True)
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="terms",
        help_text="Empty for the whole trust; a school's own row overrides the trust's.",
    )

    class Meta:
        db_table = "workload_term"
        ordering = ["first_day", "school__urn"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "term", "school"], name="term_unique_per_school"
            ),
            models.UniqueConstraint(
                fields=["academic_year", "term"],
                condition=Q(school__isnull=True),
                name="term_unique_for_trust",
            ),
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="term_ends_after_start",
                violation_error_message=LAST_BEFORE_FIRST,
            ),
            models.CheckConstraint(
                condition=Q(first_day__year__gte=_START_YEAR, last_day__year__lte=_START_YEAR + 1),
                name="term_inside_academic_year",
                violation_error_message="The term is not inside its academic year.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(half_term_first_day__isnull=True, half_term_last_day__isnull=True)
                    | Q(
                        half_term_first_day__gt=models.F("first_day"),
                        half_term_last_day__gte=models.F("half_term_first_day"),
                        half_term_last_day__lt=models.F("last_day"),
                    )
                ),
                name="term_half_term_inside",
                violation_error_message=HALF_TERM_OUTSIDE,
            ),
        ]

    def __str__(self):
        where = f" ({self.school})" if self.school_id else ""
        return f"{self.get_term_display()} {self.academic_year}{where}"

    @property
    def key(self) -> str:
        return f"{self.academic_year}-{self.term}"

    def clean(self):
        problems = term_date_problems(
            academic_year=self.academic_year,
            first_day=self.first_day,
            last_day=self.last_day,
            half_term_first_day=self.half_term_first_day,
            half_term_last_day=self.half_term_last_day,
        )
        if self.academic_year and ACADEMIC_YEAR_PATTERN.match(self.academic_year):
            start, end = int(self.academic_year[:4]), int(self.academic_year[5:])
            if (start + 1) % 100 != end:
                problems["academic_year"] = (
                    f"{self.academic_year!r} is not an academic year like 2025-26."
                )
        if not problems:
            problems = self.calendar_problems()
        if problems:
            raise ValidationError(problems)

    def calendar_problems(self) -> dict[str, str]:
        """Once per calendar (the trust's, or one school's own), and no overlap within it."""
        if not (self.academic_year and self.term and self.first_day and self.last_day):
            return {}
        same_calendar = Term.objects.filter(school_id=self.school_id).exclude(pk=self.pk)
        if same_calendar.filter(academic_year=self.academic_year, term=self.term).exists():
            where = self.school.name if self.school_id else "the trust"
            return {"term": f"{where} already has dates for this term; change that row instead."}
        clash = same_calendar.filter(first_day__lte=self.last_day, last_day__gte=self.first_day)
        clash = clash.first()
        if clash is not None:
            return {
                "first_day": f"These dates overlap {clash} ({clash.first_day:%-d %b %Y} to "
                f"{clash.last_day:%-d %b %Y})."
            }
        return {}
