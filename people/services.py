"""Writes for people: the staff import and account invitations."""

from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.validators import validate_email
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from people.csvfiles import CsvProblem, CsvRow, raise_if_problems, read_csv
from people.models import FULL_WEEK, WEEKDAY_NAMES, RoleGroup, School, StaffMember, Trust, User

STAFF_REQUIRED = ["staff_id", "email", "first_name", "last_name", "role_group", "fte", "start_date"]


@dataclass
class StaffImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[int] = field(default_factory=list)
    schools_created: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = (
            f"{len(self.created)} staff {verb} added, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged; {len(self.deactivated)} leaver account(s) {verb} deactivated"
        )
        if self.schools_created:
            text += f"; schools {verb} created: {', '.join(self.schools_created)}"
        return text + "."


@dataclass
class _StaffRow:
    line: int
    staff_id: str
    email: str
    first_name: str
    last_name: str
    school_urn: str
    school_name: str
    role_group: str
    department: str
    fte: Decimal | None
    working_days: str
    start_date: object
    end_date: object


def _normalise_working_days(row: CsvRow) -> str:
    raw = row.get("working_days")
    if not raw:
        return FULL_WEEK
    lookup = {name.lower(): name for name in WEEKDAY_NAMES}
    days = []
    for token in raw.replace(",", " ").split():
        name = lookup.get(token[:3].lower())
        if name is None:
            row.error("working_days", f"{token!r} is not a day (use Mon Tue Wed Thu Fri Sat Sun)")
            return FULL_WEEK
        if name not in days:
            days.append(name)
    return " ".join(sorted(days, key=WEEKDAY_NAMES.index))


def _parse_staff_row(row: CsvRow) -> _StaffRow:
    email = row.required("email").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.error("email", f"{email!r} is not an email address")
    fte = row.decimal("fte")
    if fte is not None and not (Decimal(0) < fte <= Decimal(1)):
        row.error("fte", f"{fte} must be more than 0 and at most 1")
    urn = row.get("school_urn")
    if urn and not (len(urn) == 6 and urn.isdigit()):
        row.error("school_urn", f"{urn!r} is not a six-digit URN")
    start = row.date("start_date")
    end = row.date("end_date", required=False)
    if start and end and end < start:
        row.error("end_date", "is before start_date")
    return _StaffRow(
        line=row.line,
        staff_id=row.required("staff_id"),
        email=email,
        first_name=row.required("first_name"),
        last_name=row.required("last_name"),
        school_urn=urn,
        school_name=row.get("school_name"),
        role_group=row.choice("role_group", RoleGroup.values),
        department=row.get("department"),
        fte=fte,
        working_days=_normalise_working_days(row),
        start_date=start,
        end_date=end,
    )


def _cross_check(parsed: list[_StaffRow], has_school_name: bool) -> list[CsvProblem]:
    problems: list[CsvProblem] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for item in parsed:
        if item.staff_id in seen_ids:
            problems.append(CsvProblem(item.line, "staff_id", f"{item.staff_id!r} also on line {seen_ids[item.staff_id]}"))
        seen_ids.setdefault(item.staff_id, item.line)
        if item.email in seen_emails:
            problems.append(CsvProblem(item.line, "email", f"{item.email!r} also on line {seen_emails[item.email]}"))
        seen_emails.setdefault(item.email, item.line)

    known_urns = set(School.objects.values_list("urn", flat=True))
    for item in parsed:
        if item.school_urn and item.school_urn not in known_urns:
            if not (has_school_name and item.school_name):
                problems.append(CsvProblem(item.line, "school_urn", f"no school has URN {item.school_urn}"))

    # An email may only move with its own staff record, never be taken from someone else's.
    owners = dict(
        User.objects.filter(email__in=[p.email for p in parsed if p.email])
        .values_list("email", "staff_member__staff_id")
    )
    for item in parsed:
        owner = owners.get(item.email, item.staff_id)
        if item.email in owners and owner != item.staff_id:
            who = f"staff {owner}" if owner else "another account"
            problems.append(CsvProblem(item.line, "email", f"{item.email!r} already belongs to {who}"))
    return problems


def staff_import(*, data: bytes | str, dry_run: bool = False, send_invitations: bool = True) -> StaffImportResult:
    """Validate and apply a staff CSV. Raises CsvImportError (and writes nothing) on any problem."""
    header, rows = read_csv(data, required=STAFF_REQUIRED)
    parsed = [_parse_staff_row(row) for row in rows]
    raise_if_problems(rows, _cross_check([p for p in parsed], "school_name" in header))

    result = StaffImportResult(dry_run=dry_run)
    with transaction.atomic():
        _apply_staff_rows(parsed, result)
        if dry_run:
            transaction.set_rollback(True)
        elif send_invitations and result.created:
            created = list(result.created)
            transaction.on_commit(lambda: invitations_send(staff_ids=created))
    return result


def _apply_staff_rows(parsed: list[_StaffRow], result: StaffImportResult) -> None:
    trust = Trust.current()
    today = timezone.localdate()
    schools = {s.urn: s for s in School.objects.all()}
    for item in parsed:
        if item.school_urn and item.school_urn not in schools:
            schools[item.school_urn] = School.objects.create(trust=trust, urn=item.school_urn, name=item.school_name)
            result.schools_created.append(item.school_urn)
    existing = {
        s.staff_id: s for s in StaffMember.objects.select_related("user").filter(staff_id__in=[p.staff_id for p in parsed])
    }
    for item in parsed:
        leaver = item.end_date is not None and item.end_date < today
        staff_fields = {
            "school": schools.get(item.school_urn) if item.school_urn else None,
            "role_group": item.role_group,
            "department": item.department,
            "fte": item.fte,
            "working_days": item.working_days,
            "start_date": item.start_date,
            "end_date": item.end_date,
        }
        user_fields = {
            "email": item.email,
            "first_name": item.first_name,
            "last_name": item.last_name,
            "is_active": not leaver,
        }
        staff = existing.get(item.staff_id)
        if staff is None:
            user = User.objects.create_user(**user_fields)
            staff = StaffMember.objects.create(user=user, staff_id=item.staff_id, **staff_fields)
            result.created.append(staff.pk)
            continue
        changed_user = _assign_changes(staff.user, user_fields)
        changed_staff = _assign_changes(staff, staff_fields)
        if changed_user:
            staff.user.save(update_fields=changed_user)
            if "is_active" in changed_user and leaver:
                result.deactivated.append(staff.pk)
        if changed_staff:
            staff.save(update_fields=changed_staff)
        if changed_user or changed_staff:
            result.updated.append(staff.pk)
        else:
            result.unchanged += 1


def _assign_changes(instance, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def password_setup_url(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


def invitations_send(*, staff_ids: list[int]) -> int:
    """Email new staff a link to set their password (queued after email quiet hours)."""
    from workload.mail import notification_send

    sent = 0
    for staff in StaffMember.objects.select_related("user", "school").filter(pk__in=staff_ids, user__is_active=True):
        notification_send(
            to=[staff.user.email],
            template="people/email/invitation",
            context={"name": staff.user.first_name, "url": password_setup_url(staff.user), "trust": Trust.current().name},
            school=staff.school,
        )
        sent += 1
    return sent
