"""The trust's staff names, for flagging names in free text before it is shown."""

from common.moderation import known_names
from people.models import StaffMember


def trust_staff_names() -> list[str]:
    """Every staff member's full name and surname (one query), for `flagged_names`."""
    return known_names(StaffMember.objects.values_list("user__first_name", "user__last_name"))
