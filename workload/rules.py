"""Which workload rules apply: the school's own set, else the trust's, else the defaults."""

from django.db.models import Q

from workload.models import WorkloadRules


def school_id_of(school) -> int | None:
    if school is None:
        return None
    return school if isinstance(school, int) else school.pk


def rules_for(school=None) -> WorkloadRules:
    """The rules in force for a school (or the trust), in one query; unsaved defaults if none."""
    school_id = school_id_of(school)
    condition = Q(school__isnull=True)
    if school_id is not None:
        condition |= Q(school_id=school_id)
    rows = {r.school_id: r for r in WorkloadRules.objects.filter(condition)}
    return rows.get(school_id) or rows.get(None) or WorkloadRules()
