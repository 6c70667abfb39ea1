import pytest

from people import demo as people_demo
from people.models import Role, RoleAssignment, StaffMember
from support import demo
from support.models import (
    CaseworkCount,
    ExitAnswer,
    ExitInvitation,
    FlexibleWorkingPolicy,
    FlexibleWorkingRequest,
    HelpLine,
    LeaderCheckIn,
    LeaveRequest,
    NewLeader,
    TrainingCompletion,
    TrainingProgramme,
)
from support.training import training_coverage

pytestmark = pytest.mark.django_db

MODELS = [
    HelpLine,
    FlexibleWorkingPolicy,
    ExitInvitation,
    ExitAnswer,
    CaseworkCount,
    FlexibleWorkingRequest,
    RoleAssignment,
    StaffMember,
    TrainingProgramme,
    TrainingCompletion,
    LeaderCheckIn,
    NewLeader,
    LeaveRequest,
]


def _snapshot():
    return {
        "counts": {m.__name__: m.objects.count() for m in MODELS},
        "leavers": sorted(
            StaffMember.objects.filter(end_date__isnull=False).values_list("staff_id", "end_date")
        ),
        "roles": sorted(
            RoleAssignment.objects.values_list("user_id", "role", "school_id", "training_lapses_on")
        ),
    }


def test_the_demo_has_support_data_and_a_second_run_changes_nothing():
    world = people_demo.seed()
    demo.seed(world)
    first = _snapshot()

    assert first["counts"]["HelpLine"] >= 3 and first["counts"]["ExitAnswer"] >= 10
    assert first["counts"]["CaseworkCount"] == 10 and first["counts"]["FlexibleWorkingRequest"] > 20
    assert (
        RoleAssignment.objects.filter(role=Role.FIRST_AIDER).exclude(school__urn="141205").count()
        >= 8
    )
    assert not RoleAssignment.objects.filter(role=Role.FIRST_AIDER, school__urn="141205").exists()
    assert len(first["leavers"]) >= 20
    assert first["counts"]["LeaveRequest"] > 20 and first["counts"]["LeaderCheckIn"] >= 2
    assert NewLeader.objects.exclude(buddy="").exists()
    coverage = training_coverage(schools=[], today=world.today, trust_wide=True)
    trust = {
        item["programme"].name: item["rows"][0]["all"]["pct"] for item in coverage["programmes"]
    }
    # Realistic: most but not all staff are current, EDI ahead of Mental Health in Education.
    assert 70 < trust["Equality, Diversity and Inclusion"] < 95
    assert 45 < trust["Mental Health in Education"] < trust["Equality, Diversity and Inclusion"]
    first_aid = TrainingProgramme.objects.get(is_first_aid=True)
    assert first_aid.completions.count() >= 8

    demo.seed(people_demo.seed())
    assert _snapshot() == first
