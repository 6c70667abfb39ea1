"""Account invitations: the email with a link to choose a password, sent outside quiet hours."""

from django.conf import settings
from django.utils import timezone

from notifications.mail import notification_send
from notifications.outbox import task_defer
from people.models import StaffMember, Trust
from people.services import password_setup_url
from school_calendar.quiet_hours import next_allowed_send_time


def invitations_send(*, staff_ids: list[int], now=None) -> int:
    """Queue an invitation for each new, active person, to go when email quiet hours end.

    The password link is made when the email goes out, not now: after a holiday's wait it would
    otherwise arrive already expired.
    """
    moment = now or timezone.now()
    queued = 0
    for staff in StaffMember.objects.select_related("school").filter(
        pk__in=staff_ids, user__is_active=True
    ):
        task_defer(
            task="notifications.tasks.invitation_send_task",
            kwargs={"staff_id": staff.pk},
            due_at=next_allowed_send_time(moment, staff.school),
            now=moment,
        )
        queued += 1
    return queued


def invitation_send(*, staff_id: int) -> bool:
    """Email one person the link to choose their password (through the portal's mail service)."""
    staff = (
        StaffMember.objects.select_related("user", "school")
        .filter(pk=staff_id, user__is_active=True)
        .first()
    )
    if staff is None:
        return False
    notification_send(
        to=[staff.user.email],
        template="people/email/invitation",
        context={
            "name": staff.user.first_name,
            "url": password_setup_url(staff.user),
            "days": settings.INVITATION_TIMEOUT_DAYS,
            "trust": Trust.current().name,
        },
        school=staff.school,
    )
    return True
