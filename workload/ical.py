"""A person's meetings as an iCalendar (RFC 5545) feed that Outlook and Google Calendar accept."""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event


def meetings_calendar(meetings, *, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Wellbeing Portal//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "My meetings")
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = timezone.now().astimezone(UTC)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host.split(':')[0]}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add("dtend", meeting.ends_at.astimezone(UTC))
        event.add(
            "summary", f"Cancelled: {meeting.title}" if meeting.cancelled_at else meeting.title
        )
        event.add("description", f"Purpose: {meeting.purpose}\n\nAgenda:\n{meeting.agenda}")
        if meeting.location:
            event.add("location", meeting.location)
        event.add("last-modified", meeting.updated_at.astimezone(UTC))
        event.add("sequence", meeting.sequence)
        event.add("status", "CANCELLED" if meeting.cancelled_at else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
