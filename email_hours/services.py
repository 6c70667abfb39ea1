"""Applying a message trace: count it in memory, then keep only the weekly counts."""

from datetime import date, timedelta

from django.db import transaction

from common.csvrows import database_errors_refused
from email_hours.models import EmailTraceUpload, EmailWeek, SenderGroup
from email_hours.trace import Counted, Sender, count_trace
from people.models import Role, RoleAssignment, StaffMember


def staff_directory(today: date) -> tuple[dict[str, Sender], set[str]]:
    """({lower-case address: Sender}, trust domains) of everyone with a staff record. Heads
    (and anyone holding the head role) are leaders; people without a school are the central
    team; others go by role group."""
    leaders = set(RoleAssignment.objects.filter(role=Role.HEAD).values_list("user_id", flat=True))
    directory = {}
    for user_id, email, school_id, role_group in StaffMember.objects.values_list(
        "user_id", "user__email", "school_id", "role_group"
    ):
        address = email.strip().lower()
        if school_id is None:
            group = SenderGroup.CENTRAL
        elif user_id in leaders:
            group = SenderGroup.LEADERS
        else:
            group = role_group
        directory[address] = Sender(school_id=school_id, group=group)
    domains = {address.rpartition("@")[2] for address in directory}
    return directory, domains


def weeks_covered(first: date, last: date) -> list[date]:
    monday = first - timedelta(days=first.weekday())
    out = []
    while monday <= last:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def trace_upload(*, data, user=None, today: date) -> tuple[EmailTraceUpload, Counted]:
    """Count a trace and store its weekly counts, replacing those of every week it covers.
    Raises CsvImportError (nothing written) when the file has problems."""
    directory, domains = staff_directory(today)
    counted = count_trace(data, directory=directory, internal_domains=domains)
    with database_errors_refused(), transaction.atomic():
        upload = EmailTraceUpload.objects.create(
            uploaded_by=user,
            file_format=counted.file_format,
            first_day=counted.first_day,
            last_day=counted.last_day,
            messages=counted.messages,
            external=counted.external,
            unmatched=counted.unmatched,
        )
        EmailWeek.objects.filter(
            week_start__in=weeks_covered(counted.first_day, counted.last_day)
        ).delete()
        EmailWeek.objects.bulk_create(
            EmailWeek(
                week_start=monday,
                school_id=school_id,
                group=group,
                senders=len(counts.senders),
                in_hours=counts.in_hours,
                quiet_hours=counts.quiet_hours,
                upload=upload,
            )
            for (monday, school_id, group), counts in sorted(
                counted.weeks.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])
            )
        )
        EmailTraceUpload.objects.filter(weeks__isnull=True).exclude(pk=upload.pk).delete()
    return upload, counted
