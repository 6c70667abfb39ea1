"""The workload panel of the home page."""

from django.urls import reverse
from django.utils import timezone

from people.access import Perm, has_perm, staff_record
from school_calendar.quiet_hours import UK, QuietHours


def workload_panel(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_WORKLOAD):
        return None
    staff = staff_record(user)
    now = timezone.now().astimezone(UK)
    hours = QuietHours(staff.school if staff else None)
    if hours.is_allowed(now):
        text = "Email: you may send now."
    else:
        until = hours.next_allowed(now)
        text = f"Email quiet hours: non-urgent email waits until {until:%A %-d %B, %H:%M}."
    links = [("May I send an email now?", reverse("workload:quiet_hours"))]
    if has_perm(user, Perm.VIEW_OWN_WORKLOAD):
        links += [
            ("My meetings", reverse("workload:meetings")),
            ("Directed time", reverse("workload:directed_time")),
        ]
    if has_perm(user, Perm.SCHEDULE_MEETINGS):
        links.append(("Schedule a meeting", reverse("workload:meeting_new")))
    links.append(("Data collection calendar", reverse("workload:data_drops")))
    links.append(("Workload impact assessments", reverse("workload:impact_assessments")))
    if has_perm(user, Perm.MANAGE_WORKLOAD_RULES):
        links += [
            ("Workload rules", reverse("workload:rules")),
            ("Term dates", reverse("workload:terms")),
        ]
    return {"title": "Workload", "template": "people/_panel_hr.html", "text": text, "links": links}
