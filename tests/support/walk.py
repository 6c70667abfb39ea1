"""Objects the URL walk needs for support pages."""

from datetime import date

from people.models import Role, RoleAssignment
from support.models import FlexibleWorkingRequest, HelpLine


def help_line(cast):
    return HelpLine.objects.create(name="EAP", offers="Counselling", phone="0800 000 0000")


def flexible_request(cast):
    return FlexibleWorkingRequest.objects.create(
        school=cast.school_a, role_group="teaching", kind="job_share", received_on=date(2026, 10, 1)
    )


def first_aider_role(cast):
    return RoleAssignment.objects.get(user=cast.first_aider_a, role=Role.FIRST_AIDER)
