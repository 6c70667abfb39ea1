"""The school calendar's data: term dates, the trust's and each school's own."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from people.models import School

ACADEMIC_YEAR_VALIDATOR = RegexValidator(r"^\d{4}-\d{2}$", "Write the academic year as 2025-26.")


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
                condition=Q(last_day__gte=models.F("first_day")), name="term_ends_after_start"
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
            ),
        ]

    def __str__(self):
        where = f" ({self.school})" if self.school_id else ""
        return f"{self.get_term_display()} {self.academic_year}{where}"

    @property
    def key(self) -> str:
        return f"{self.academic_year}-{self.term}"
