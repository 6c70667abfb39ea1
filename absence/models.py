"""Absence records (health data: only HR sees named records)."""

from django.db import models

from people.models import StaffMember


class AbsenceCategory(models.TextChoices):
    """School Workforce Census absence categories."""

    SIC = "SIC", "Sickness"
    PRG = "PRG", "Pregnancy-related"
    MAT = "MAT", "Maternity/paternity"
    PUB = "PUB", "Public duties"
    SEC = "SEC", "Secondment"
    UNA = "UNA", "Unauthorised"
    UNP = "UNP", "Unpaid authorised"
    OTH = "OTH", "Other paid authorised"
    TRN = "TRN", "Training"


class SicknessReason(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health or stress"
    MUSCULOSKELETAL = "musculoskeletal", "Musculoskeletal"
    INFECTION = "infection", "Infection"
    INJURY = "injury", "Injury"
    LONG_TERM_CONDITION = "long_term_condition", "Long-term condition"
    OTHER = "other", "Other"


class AbsenceRecord(models.Model):
    """One spell of absence of one person, as exported by the school or HR system."""

    # Unique by a constraint rather than unique=True, which on PostgreSQL also builds a second
    # (pattern-matching) index on it that no query needs; every import writes both.
    record_id = models.CharField("record id", max_length=64)
    # The (staff, start_date) index serves every lookup by person: no index of its own.
    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="absences", db_index=False
    )
    start_date = models.DateField()
    end_date = models.DateField()
    category = models.CharField(max_length=3, choices=AbsenceCategory.choices)
    reason = models.CharField(max_length=30, choices=SicknessReason.choices, blank=True)
    start_half_day = models.BooleanField(default=False)
    end_half_day = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "people_absencerecord"
        ordering = ["start_date", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["record_id"], name="absence_record_id_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="absence_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "start_date"]),
            models.Index(fields=["category", "start_date", "end_date"]),
        ]

    def __str__(self):
        return f"{self.record_id}: {self.category} {self.start_date}–{self.end_date}"
