"""A synthetic Exchange Online message trace for the demo trust, uploaded like a real one.

About one message a working day per person, most inside the day; the central team and leaders
send some in the evening, one school much more than the others, and a few go at weekends and in
holidays. Each message has one to three recipient rows (as a trace has), and some mail comes in
from outside. Covers the previous term and the current one up to today. Idempotent: only when no
trace was ever uploaded.
"""

import io
import random
from datetime import UTC, date, datetime, time, timedelta

from common.csv_export import csv_safe_dict_writer
from email_hours import services
from email_hours.models import EmailTraceUpload
from people.models import Role, RoleAssignment, StaffMember
from school_calendar.quiet_hours import UK, QuietHours
from school_calendar.terms import SchoolCalendar, previous_term_key, term_key_for_day

COLUMNS = ["Received", "SenderAddress", "RecipientAddress", "Subject", "Status", "MessageId"]


def _first_day(today: date) -> date | None:
    calendar = SchoolCalendar()
    key = (
        term_key_for_day(today)
        or max(
            ((d.last_day, k) for k, d in calendar.terms.items() if d.last_day <= today),
            default=(None, None),
        )[1]
    )
    if key is None:
        return None
    earlier = calendar.terms.get(previous_term_key(key))
    return (earlier or calendar.terms[key]).first_day


def _trace_row(received, sender, recipient, subject, message_id) -> dict:
    return dict(
        zip(COLUMNS, [received, sender, recipient, subject, "Delivered", message_id], strict=True)
    )


def trace_text(rng: random.Random, people: list[tuple[str, str, str]], first: date, last: date):
    """people: (address, school urn or "", group); the trace as CSV text."""
    busy_urn = sorted({urn for _, urn, _ in people if urn})[:1]
    trust_days = QuietHours()
    out = io.StringIO()
    writer = csv_safe_dict_writer(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    number = 0
    day = first
    while day <= last:
        weekend = not trust_days.is_sending_day(day)  # weekends, bank and school holidays
        for address, urn, group in people:
            count = rng.choices([0, 1, 2], [96, 4, 0] if weekend else [55, 35, 10])[0]
            evening = 0.12 if group in ("central", "leaders") else 0.05
            if urn in busy_urn:
                evening *= 2.5
            for _ in range(count):
                if rng.random() < evening:
                    at = time(rng.choice([18, 19, 20, 21, 6]), rng.randint(0, 59))
                else:
                    at = time(rng.randint(7, 17), rng.randint(0, 59))
                number += 1
                received = datetime.combine(day, at, tzinfo=UK).astimezone(UTC)
                for _recipient in range(rng.randint(1, 3)):
                    writer.writerow(
                        _trace_row(
                            received.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            address,
                            f"recipient{rng.randint(1, 900)}@example.com",
                            "(demo message)",
                            f"<demo-{number}@trust.example>",
                        )
                    )
        if not weekend:
            for _ in range(rng.randint(5, 15)):
                number += 1
                writer.writerow(
                    _trace_row(
                        datetime.combine(day, time(rng.randint(8, 16), 0), tzinfo=UK).isoformat(),
                        f"news{rng.randint(1, 40)}@supplier.example",
                        people[0][0],
                        "(demo newsletter)",
                        f"<demo-in-{number}@supplier.example>",
                    )
                )
        day += timedelta(days=1)
    return out.getvalue()


def seed(world) -> None:
    if EmailTraceUpload.objects.exists():
        return
    first = _first_day(world.today)
    if first is None:
        return
    leaders = set(RoleAssignment.objects.filter(role=Role.HEAD).values_list("user_id", flat=True))
    people = []
    for user_id, email, urn, role_group in (
        StaffMember.objects.filter(end_date__isnull=True)
        .values_list("user_id", "user__email", "school__urn", "role_group")
        .order_by("pk")
    ):
        group = "central" if urn is None else ("leaders" if user_id in leaders else role_group)
        people.append((email, urn or "", group))
    if not people:
        return
    rng = random.Random(1265)
    text = trace_text(rng, people, first, world.today - timedelta(days=1))
    services.trace_upload(data=text, today=world.today)
