"""Writes for support: exit questionnaires, casework counts, training records and reminders,
leader check-ins."""

import calendar
import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from common.csvfiles import read_table
from common.csvrows import database_errors_refused, raise_if_problems
from common.moderation import moderation_outcome
from people.models import Role, RoleAssignment, School, StaffMember, Trust, User
from support.models import (
    CaseworkCount,
    ExitAnswer,
    ExitInvitation,
    ExitReason,
    HelpLine,
    KeptBy,
    LeaderCheckIn,
    TrainingCompletion,
    TrainingProgramme,
    TrainingSource,
)

EXIT_LINK_DAYS_AFTER_LEAVING = 30


class ExitLinkRefused(Exception):
    """The exit questionnaire link is unknown, already used or expired."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def exit_link_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('support:exit_interview', kwargs={'token': token})}"


def exit_interviews_offer(*, staff_ids: list[int], today: date | None = None) -> int:
    """Email each leaver among staff_ids an exit questionnaire link; returns how many were offered.

    A leaver is offered once: when their leave date changes later, an unused link is kept and
    its expiry moved (leave date plus 30 days). Nobody is offered a link that would already
    have expired.
    """
    from notifications.mail import notification_send

    today = today or timezone.localdate()
    leavers = StaffMember.objects.select_related("user", "school").filter(
        pk__in=staff_ids, end_date__isnull=False
    )
    earlier = {i.staff_id: i for i in ExitInvitation.objects.filter(staff__in=leavers)}
    trust_name = Trust.current().name
    offered = 0
    for staff in leavers:
        expires = staff.end_date + timedelta(days=EXIT_LINK_DAYS_AFTER_LEAVING)
        invitation = earlier.get(staff.pk)
        if invitation is not None:
            if not invitation.used and invitation.leave_date != staff.end_date:
                invitation.leave_date, invitation.expires_on = staff.end_date, expires
                invitation.save(update_fields=["leave_date", "expires_on"])
            continue
        if expires < today:
            continue
        token = secrets.token_urlsafe(32)
        with transaction.atomic():
            ExitInvitation.objects.create(
                staff=staff,
                token_hash=_token_hash(token),
                leave_date=staff.end_date,
                expires_on=expires,
                offered_on=today,
            )
            notification_send(
                to=[staff.user.email],
                template="support/email/exit_invitation",
                context={
                    "name": staff.user.first_name,
                    "url": exit_link_url(token),
                    "expires_on": expires,
                    "trust": trust_name,
                },
                school=staff.school,
            )
        offered += 1
    return offered


def exit_invitation_valid(*, token: str, today: date | None = None) -> ExitInvitation | None:
    """The unused, unexpired invitation behind a link, or None."""
    today = today or timezone.localdate()
    return (
        ExitInvitation.objects.select_related("staff")
        .filter(token_hash=_token_hash(token), used=False, expires_on__gte=today)
        .first()
    )


def exit_answer_submit(
    *, token: str, reasons: list[str], kept_by: list[str], comment: str, today: date | None = None
) -> None:
    """Use a single-use link once: store the answers apart from the person. Raises ExitLinkRefused.

    The invitation is marked used by a conditional UPDATE, so two submissions racing each other
    cannot both succeed. The answer keeps only school, role group and the day; the month's
    answers are then rewritten so their row versions do not line up with the invitation used.
    """
    today = today or timezone.localdate()
    unknown = set(reasons) - set(ExitReason.values) or set(kept_by) - set(KeptBy.values)
    if unknown:
        raise ValueError(f"unknown choices: {sorted(unknown)}")
    with transaction.atomic():
        invitation = (
            ExitInvitation.objects.select_related("staff")
            .filter(token_hash=_token_hash(token), used=False, expires_on__gte=today)
            .first()
        )
        if invitation is None:
            raise ExitLinkRefused
        claimed = ExitInvitation.objects.filter(pk=invitation.pk, used=False).update(used=True)
        if claimed != 1:
            raise ExitLinkRefused
        ExitAnswer.objects.create(
            school_id=invitation.staff.school_id,
            role_group=invitation.staff.role_group,
            answered_on=today,
            reasons=sorted(set(reasons)),
            kept_by=sorted(set(kept_by)),
            comment=comment.strip(),
        )
        ExitAnswer.objects.filter(
            answered_on__year=today.year, answered_on__month=today.month
        ).update(comment=F("comment"))


def exit_comment_review(*, answer: ExitAnswer, approve: bool, shown_text: str = "") -> ExitAnswer:
    """Approve a leaver's comment (as written, or with names redacted) or keep it hidden."""
    answer.comment_status, answer.shown_comment = moderation_outcome(
        text=answer.comment, approve=approve, shown_text=shown_text
    )
    answer.save(update_fields=["comment_status", "shown_comment"])
    return answer


def casework_record(
    *,
    school: School | None,
    term_key: str,
    grievances: int,
    complaints: int,
    disciplinaries: int,
    disputes: int,
    note: str = "",
) -> CaseworkCount:
    """Record (or correct) the casework counts of a school, or the central team, for a term."""
    from school_calendar.terms import parse_term_key

    parse_term_key(term_key)  # ValueError on a malformed term
    row, _ = CaseworkCount.objects.update_or_create(
        school=school,
        term_key=term_key,
        defaults={
            "grievances": grievances,
            "complaints": complaints,
            "disciplinaries": disciplinaries,
            "disputes": disputes,
            "note": note.strip(),
        },
    )
    return row


def training_reminders_send(*, today: date | None = None) -> int:
    """Email HR the first aiders' and champions' trainings lapsed or lapsing within 90 days, and
    how many completions of each other training programme lapse within 90 days.

    Returns how many trainings the reminder listed or counted (0: no email).
    """
    from notifications.mail import notification_send
    from support.training import LAPSING_WITHIN_DAYS, lapsing_trainings, training_due

    today = today or timezone.localdate()
    rows = list(lapsing_trainings(today=today))
    programmes = Counter(
        status.programme.name
        for status in training_due(school_ids=None, today=today)["lapsing"]
        if not status.programme.is_first_aid
    )
    recipients = list(
        User.objects.filter(role_assignments__role=Role.HR, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    count = len(rows) + sum(programmes.values())
    if not count or not recipients:
        return 0
    notification_send(
        to=sorted(recipients),
        template="support/email/training_reminder",
        context={
            "lapsed": [r for r in rows if r.training_lapses_on < today],
            "lapsing": [r for r in rows if r.training_lapses_on >= today],
            "programmes": sorted(programmes.items()),
            "count": count,
            "days": LAPSING_WITHIN_DAYS,
            "url": f"{settings.SITE_URL}{reverse('support:coverage')}",
            "due_url": f"{settings.SITE_URL}{reverse('support:training_due')}",
            "trust": Trust.current().name,
        },
    )
    return count


# --- Training programmes ----------------------------------------------------------------------

COMPLETION_COLUMNS = ["staff_id", "programme", "completed_on"]


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def lapse_date(programme: TrainingProgramme, completed_on: date) -> date | None:
    """The day a completion lapses: valid_for_months after it (None: it never lapses)."""
    if not programme.valid_for_months:
        return None
    return _add_months(completed_on, programme.valid_for_months)


def _first_aid_dates_sync(completion: TrainingCompletion) -> None:
    """A first-aid completion newer than the first aider's recorded training replaces it, so the
    first-aider figures (read from the role) follow the training records."""
    RoleAssignment.objects.filter(user_id=completion.staff.user_id, role=Role.FIRST_AIDER).filter(
        Q(trained_on__isnull=True) | Q(trained_on__lt=completion.completed_on)
    ).update(trained_on=completion.completed_on, training_lapses_on=completion.lapses_on)


def completion_record(
    *,
    staff: StaffMember,
    programme: TrainingProgramme,
    completed_on: date,
    source: str = TrainingSource.FORM,
) -> tuple[TrainingCompletion, bool]:
    """Record that a person completed a programme on a day; returns (completion, whether new).

    Recording the same completion again changes nothing."""
    completion, created = TrainingCompletion.objects.get_or_create(
        staff=staff,
        programme=programme,
        completed_on=completed_on,
        defaults={"lapses_on": lapse_date(programme, completed_on), "source": source},
    )
    if programme.is_first_aid:
        _first_aid_dates_sync(completion)
    return completion, created


def first_aid_training_record(*, assignment: RoleAssignment) -> None:
    """After HR edits a first aider's training dates: the same as a first-aid completion."""
    programme = TrainingProgramme.objects.filter(is_first_aid=True).first()
    staff = StaffMember.objects.filter(user_id=assignment.user_id).first()
    if programme is None or staff is None or assignment.trained_on is None:
        return
    lapses = assignment.training_lapses_on
    TrainingCompletion.objects.update_or_create(
        staff=staff,
        programme=programme,
        completed_on=assignment.trained_on,
        defaults={
            "lapses_on": lapses if lapses and lapses > assignment.trained_on else None,
            "source": TrainingSource.FORM,
        },
    )


@dataclass
class CompletionImportResult:
    created: int
    unchanged: int


def completions_import(*, data: bytes | str, today: date | None = None) -> CompletionImportResult:
    """Import completions (staff_id, programme, completed_on) exported by a learning platform.

    The programme column holds a programme's name (case does not matter). Every row is checked
    before anything is written: any problem raises CsvImportError naming the line and column,
    and nothing is imported. A completion already recorded is left as it is.
    """
    today = today or timezone.localdate()
    rows = read_table(data, required=COMPLETION_COLUMNS, columns=COMPLETION_COLUMNS).rows
    programmes = {p.name.casefold(): p for p in TrainingProgramme.objects.all()}
    staff_ids = {row.get("staff_id") for row in rows}
    staff = {s.staff_id: s for s in StaffMember.objects.filter(staff_id__in=staff_ids)}
    wanted = []
    seen = set()
    for row in rows:
        member = staff.get(row.required("staff_id"))
        if row.get("staff_id") and member is None:
            row.error("staff_id", f"no member of staff has the staff id {row.get('staff_id')!r}")
        name = row.required("programme")
        programme = programmes.get(name.casefold())
        if name and programme is None:
            row.error("programme", f"{name!r} is not a training programme")
        completed_on = row.date("completed_on")
        if completed_on and completed_on > today:
            row.error("completed_on", f"{completed_on:%Y-%m-%d} is in the future")
        if member and programme and completed_on and not row.problems:
            key = (member.pk, programme.pk, completed_on)
            if key not in seen:
                seen.add(key)
                wanted.append((member, programme, completed_on))
    raise_if_problems(rows)
    created = 0
    with database_errors_refused(), transaction.atomic():
        for member, programme, completed_on in wanted:
            _completion, new = completion_record(
                staff=member,
                programme=programme,
                completed_on=completed_on,
                source=TrainingSource.IMPORT,
            )
            created += new
    return CompletionImportResult(created=created, unchanged=len(wanted) - created)


# --- Leader wellbeing -------------------------------------------------------------------------


def leader_checkin_record(
    *, head: User, school: School, partner: str, met_on: date
) -> LeaderCheckIn:
    """Record that a head met their partner on a day: who and when, never what was said."""
    if not RoleAssignment.objects.filter(user=head, role=Role.HEAD, school=school).exists():
        raise ValueError(f"{head} is not a head at {school}")
    return LeaderCheckIn.objects.create(
        head=head, school=school, partner=partner.strip(), met_on=met_on
    )


# --- records kept through their forms (help lines, registers, programmes, roles) -------------


@transaction.atomic
def record_save(*, form):
    """Save a support record from its valid ModelForm (the form holds the record's own checks)."""
    return form.save()


def help_line_delete(*, line: HelpLine) -> None:
    line.delete()


def support_role_remove(*, assignment: RoleAssignment) -> None:
    """End a first aider's or wellbeing champion's role (the person and their account stay)."""
    assignment.delete()
