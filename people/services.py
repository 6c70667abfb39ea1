"""Writes for people: the staff import, invitation links and leavers' accounts."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.csvfiles import read_table
from common.csvrows import CsvProblem, CsvRow, database_errors_refused, raise_if_problems
from people.models import (
    FULL_WEEK,
    WEEKDAY_NAMES,
    RoleGroup,
    School,
    StaffMember,
    Trust,
    User,
)
from people.tokens import invitation_token_generator

STAFF_REQUIRED = ["staff_id", "email", "first_name", "last_name", "role_group", "fte", "start_date"]
STAFF_COLUMNS = [
    *STAFF_REQUIRED,
    "school_urn",
    "school_name",
    "department",
    "working_days",
    "end_date",
]
# Files with at least this many rows are imported by a Celery worker from the web page, with
# progress on a page of their own (people/import_jobs.py): a staff row is a few queries, so a large
# file takes longer than a web request may.
DEFAULT_STAFF_BACKGROUND_ROWS = 2_000
PROGRESS_EVERY = 500
STAFF_NEWER_DATA = (
    "Nothing was imported: staff records were changed after this file was uploaded, so it may "
    "be out of date. Upload it again if it is still right."
)

Progress = Callable[[str, int, int], None]


def staff_background_threshold() -> int:
    return getattr(settings, "STAFF_BACKGROUND_ROWS", DEFAULT_STAFF_BACKGROUND_ROWS)


def staff_changed_since(moment) -> bool:
    """Whether any staff record (or its account's details, through an import) changed after
    `moment`: a queued staff file is then refused rather than applied over the change."""
    return StaffMember.objects.filter(updated_at__gt=moment).exists()


_LENGTH_LIMITS = {
    "staff_id": 50,
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "department": 100,
    "school_name": 200,
}


@dataclass
class StaffImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[int] = field(default_factory=list)
    schools_created: list[str] = field(default_factory=list)
    dry_run: bool = False
    read_note: str = ""
    # Names with staff ids of who is added, changed and made a leaver (filled before a check's
    # rollback, so a check can list them).
    listed: dict[str, list[str]] = field(default_factory=dict)

    def changes(self) -> dict:
        return {"staff": self.listed}

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = (
            f"{len(self.created)} staff {verb} added, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged; "
            f"{len(self.deactivated)} leaver account(s) {verb} deactivated"
        )
        if self.schools_created:
            text += f"; schools {verb} created: {', '.join(self.schools_created)}"
        return f"{text}. {self.read_note}".strip()


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
    start_date: date | None
    end_date: date | None


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
    staff_id = row.required("staff_id")
    for column, limit in _LENGTH_LIMITS.items():
        if len(row.get(column)) > limit:
            row.error(column, f"is longer than {limit} characters")
    return _StaffRow(
        line=row.line,
        staff_id=staff_id,
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
        if item.staff_id and item.staff_id in seen_ids:
            first = seen_ids[item.staff_id]
            problems.append(
                CsvProblem(item.line, "staff_id", f"{item.staff_id!r} is also on line {first}")
            )
        seen_ids.setdefault(item.staff_id, item.line)
        if item.email and item.email in seen_emails:
            first = seen_emails[item.email]
            problems.append(
                CsvProblem(item.line, "email", f"{item.email!r} is also on line {first}")
            )
        seen_emails.setdefault(item.email, item.line)

    known_urns = set(School.objects.values_list("urn", flat=True))
    for item in parsed:
        if item.school_urn and item.school_urn not in known_urns:
            if has_school_name and item.school_name:
                continue
            problems.append(
                CsvProblem(
                    item.line,
                    "school_urn",
                    f"no school has URN {item.school_urn} (add a school_name column to create it)",
                )
            )

    # An email may stay with its own staff record, or join a record to an account that has none
    # yet (a governor who is also on the staff); it is never taken from someone else.
    known_ids = set(
        StaffMember.objects.filter(staff_id__in=[p.staff_id for p in parsed]).values_list(
            "staff_id", flat=True
        )
    )
    owners = dict(
        User.objects.filter(email__in=[p.email for p in parsed if p.email]).values_list(
            "email", "staff_member__staff_id"
        )
    )
    for item in parsed:
        if item.email not in owners:
            continue
        owner = owners[item.email]
        if owner == item.staff_id or (owner is None and item.staff_id not in known_ids):
            continue
        who = f"staff {owner}" if owner else "another account"
        problems.append(CsvProblem(item.line, "email", f"{item.email!r} already belongs to {who}"))
    return problems


def staff_import(
    *,
    data,
    dry_run: bool = False,
    send_invitations: bool = True,
    progress: Progress | None = None,
) -> StaffImportResult:
    """Validate and apply a staff file (CSV or XLSX: bytes, text or a binary file object).

    Raises CsvImportError (and writes nothing) on any problem. `progress(stage, done, total)`
    hears how far checking, then saving, has got (the background job shows it).
    """
    report = progress or (lambda stage, done, total: None)
    table = read_table(data, required=STAFF_REQUIRED, columns=STAFF_COLUMNS)
    rows = table.rows
    report("checking", 0, len(rows))
    parsed = []
    for index, row in enumerate(rows, 1):
        parsed.append(_parse_staff_row(row))
        if index % PROGRESS_EVERY == 0:
            report("checking", index, len(rows))
    raise_if_problems(rows, _cross_check(parsed, "school_name" in table.header))

    result = StaffImportResult(dry_run=dry_run, read_note=table.read_note())
    del table, rows
    ids = [p.staff_id for p in parsed]
    ends_before = dict(
        StaffMember.objects.filter(staff_id__in=ids).values_list("staff_id", "end_date")
    )
    with database_errors_refused(), transaction.atomic():
        _apply_staff_rows(parsed, result, report)
        result.listed = _staff_listed(result)
        if not dry_run and result.created:
            # New staff are written in bulk, which sends no signals: tell who keeps figures.
            _hooks_run(_written_hooks, list(result.created))
        if dry_run:
            transaction.set_rollback(True)
        elif send_invitations and result.created:
            created = list(result.created)
            transaction.on_commit(lambda: _hooks_run(_joiner_hooks, created))
        if not dry_run:
            # Staff whose leave date this import newly set are offered an exit questionnaire.
            leavers = [
                pk
                for pk, staff_id, end in StaffMember.objects.filter(
                    staff_id__in=ids, end_date__isnull=False
                ).values_list("pk", "staff_id", "end_date")
                if ends_before.get(staff_id) != end
            ]
            if leavers:
                transaction.on_commit(lambda: _hooks_run(_leaver_hooks, leavers))
    return result


# What other apps do after a staff import, registered in their AppConfig.ready(): each hook is
# called with staff_ids= once the import has committed. Joiners are the new people to invite (when
# the import sends invitations), leavers the people whose leave date the import newly set.
# Written hooks are called inside the import's transaction with the staff it created in bulk.
_joiner_hooks: list[Callable] = []
_leaver_hooks: list[Callable] = []
_written_hooks: list[Callable] = []


def register_staff_import_hooks(
    *,
    joiners: Callable | None = None,
    leavers: Callable | None = None,
    written: Callable | None = None,
):
    if joiners is not None:
        _joiner_hooks.append(joiners)
    if leavers is not None:
        _leaver_hooks.append(leavers)
    if written is not None:
        _written_hooks.append(written)


def _hooks_run(hooks: list[Callable], staff_ids: list[int]) -> None:
    for hook in hooks:
        hook(staff_ids=staff_ids)


def _apply_staff_rows(parsed: list[_StaffRow], result: StaffImportResult, report: Progress) -> None:
    trust = Trust.current()
    today = timezone.localdate()
    schools = {s.urn: s for s in School.objects.all()}
    for item in parsed:
        if item.school_urn and item.school_urn not in schools:
            schools[item.school_urn] = School.objects.create(
                trust=trust, urn=item.school_urn, name=item.school_name
            )
            result.schools_created.append(item.school_urn)
    existing = {
        s.staff_id: s
        for s in StaffMember.objects.select_related("user").filter(
            staff_id__in=[p.staff_id for p in parsed]
        )
    }
    accounts = {
        u.email: u
        for u in User.objects.filter(
            email__in=[p.email for p in parsed if p.staff_id not in existing],
            staff_member__isnull=True,
        )
    }
    new_staff: list[StaffMember] = []
    for index, item in enumerate(parsed, 1):
        if index % PROGRESS_EVERY == 0:
            report("saving", index, len(parsed))
        leaver = item.end_date is not None and item.end_date < today
        school = schools[item.school_urn] if item.school_urn else None
        staff_fields = {
            "school_id": school.pk if school else None,
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
            user = accounts.get(item.email)
            if user is None:
                user = User(**user_fields)
                user.set_unusable_password()
                user.save()
            elif _assign_changes(user, user_fields):
                user.save()
            new_staff.append(StaffMember(user=user, staff_id=item.staff_id, **staff_fields))
            continue
        changed_user = _assign_changes(staff.user, user_fields)
        changed_staff = _assign_changes(staff, staff_fields)
        if changed_user:
            staff.user.save(update_fields=changed_user)
            if "is_active" in changed_user and leaver:
                result.deactivated.append(staff.pk)
        if changed_user or changed_staff:
            # updated_at moves with the account's details too (staff_changed_since).
            staff.save(update_fields=[*changed_staff, "updated_at"])
            result.updated.append(staff.pk)
        else:
            result.unchanged += 1
    if new_staff:
        StaffMember.objects.bulk_create(new_staff)
        result.created.extend(s.pk for s in new_staff)


def _staff_listed(result: StaffImportResult) -> dict[str, list[str]]:
    """'Name (staff id)' of the people added, changed and made leavers, in one query."""
    groups = {
        "added": result.created,
        "changed": [pk for pk in result.updated if pk not in set(result.deactivated)],
        "leavers": result.deactivated,
    }
    names = {
        pk: f"{first} {last} ({staff_id})"
        for pk, staff_id, first, last in StaffMember.objects.filter(
            pk__in=[pk for pks in groups.values() for pk in pks]
        ).values_list("pk", "staff_id", "user__first_name", "user__last_name")
    }
    return {group: sorted(names[pk] for pk in pks if pk in names) for group, pks in groups.items()}


def _assign_changes(instance, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def password_setup_url(user: User) -> str:
    """An invitation's link to choose a password (lasts INVITATION_TIMEOUT_DAYS, see tokens.py)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": invitation_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def leavers_deactivate(*, today: date | None = None) -> int:
    """Deactivate the accounts of staff whose last day has passed (never delete them)."""
    today = today or timezone.localdate()
    return User.objects.filter(is_active=True, staff_member__end_date__lt=today).update(
        is_active=False
    )
