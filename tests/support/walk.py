"""Objects the URL walk needs for support pages."""

from datetime import date

from people.models import Role, RoleAssignment
from support.models import (
    FlexibleWorkingRequest,
    HelpLine,
    LeaveRequest,
    NewLeader,
    TrainingProgramme,
)


def help_line(cast):
    return HelpLine.objects.create(name="EAP", offers="Counselling", phone="0800 000 0000")


def flexible_request(cast):
    return FlexibleWorkingRequest.objects.create(
        school=cast.school_a, role_group="teaching", kind="job_share", received_on=date(2026, 10, 1)
    )


def first_aider_role(cast):
    return RoleAssignment.objects.get(user=cast.first_aider_a, role=Role.FIRST_AIDER)


def programme(cast):
    return TrainingProgramme.objects.create(
        name="Safeguarding refresher",
        audience="all_staff",
        starts_on=date(2026, 9, 1),
        valid_for_months=24,
    )


def new_leader(cast):
    return NewLeader.objects.create(
        leader=cast.head_a, school=cast.school_a, started_on=date(2026, 9, 1)
    )


def leave_request(cast):
    return LeaveRequest.objects.create(
        school=cast.school_a,
        role_group="teaching",
        reason="family_event",
        first_day=date(2026, 10, 9),
        last_day=date(2026, 10, 9),
        received_on=date(2026, 9, 20),
    )
