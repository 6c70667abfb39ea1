"""Hand-made absence data whose figures are worked out by hand in the tests."""

from datetime import date
from decimal import Decimal

from absence.models import AbsenceRecord
from people.models import RoleGroup, Trust
from school_calendar.models import Term
from tests.factories import SchoolFactory, StaffMemberFactory, TrustFactory, UserFactory

SUMMER = "2025-26-summer"
SPRING = "2025-26-spring"


def terms() -> None:
    """Spring 2026 (55 school days), summer 2026 (64: half-term 25-29 May, bank holiday 4 May)."""
    Term.objects.create(
        academic_year="2025-26",
        term="spring",
        first_day=date(2026, 1, 5),
        last_day=date(2026, 3, 27),
        half_term_first_day=date(2026, 2, 16),
        half_term_last_day=date(2026, 2, 20),
    )
    Term.objects.create(
        academic_year="2025-26",
        term="summer",
        first_day=date(2026, 4, 13),
        last_day=date(2026, 7, 17),
        half_term_first_day=date(2026, 5, 25),
        half_term_last_day=date(2026, 5, 29),
    )


def spell(
    staff, record_id, start, end, category="SIC", reason="", start_half=False, end_half=False
):
    return AbsenceRecord.objects.create(
        record_id=record_id,
        staff=staff,
        start_date=start,
        end_date=end,
        category=category,
        reason=reason,
        start_half_day=start_half,
        end_half_day=end_half,
    )


def person(school, role_group=RoleGroup.TEACHING, **extra):
    return StaffMemberFactory(user=UserFactory(), school=school, role_group=role_group, **extra)


def hand_made_school(min_group_size: int = 3):
    """One school of five in post (four teachers, one support) and one starter not yet in post."""
    trust = TrustFactory(name="Hand Made Trust")
    Trust.objects.filter(pk=trust.pk).update(min_group_size=min_group_size)
    school = SchoolFactory(urn="200001", name="Ash School", trust=trust)
    terms()
    full = person(school)
    part = person(school, fte=Decimal("0.6"), working_days="Mon Tue Wed")
    long_term = person(school)
    leaver = person(school, end_date=date(2026, 6, 12))
    support = person(school, RoleGroup.SUPPORT, fte=Decimal("0.5"), working_days="Thu Fri")
    person(school, start_date=date(2026, 9, 1))  # starts next year: not in post
    # Across the May bank holiday and the half-term: 24 working days, long-term, mental health.
    spell(full, "S1", date(2026, 4, 27), date(2026, 6, 5), reason="mental_health")
    # Across the Easter holidays (spring into summer), half days at both ends, Mon-Wed worker:
    # spring 0.5 + 1 + 1 = 2.5, summer 3 + 2.5 = 5.5; 8 over its length, short-term.
    spell(
        part,
        "S2",
        date(2026, 3, 23),
        date(2026, 4, 22),
        reason="musculoskeletal",
        start_half=True,
        end_half=True,
    )
    # Long-term over its whole length (35 spring + 5 summer) though only 5 days fall in summer.
    spell(long_term, "S3", date(2026, 2, 2), date(2026, 4, 17), reason="long_term_condition")
    # A leaver's last three days.
    spell(leaver, "S4", date(2026, 6, 10), date(2026, 6, 12), reason="infection")
    # Not sickness: never counted.
    spell(support, "S5", date(2026, 5, 7), date(2026, 5, 8), category="TRN")
    return school
